import { readFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { MANIFEST_ENTRY, PROJECT_FILE_VERSION, jsonReplacer, jsonReviver, type ProjectFileManifest } from '../../../src/io/project-file/format';
import { readProjectFile } from '../../../src/io/project-file/read';
import { ProjectFileError } from '../../../src/io/project-file/errors';
import { crc32 } from '../../../src/io/crc32';
import { bytesSource } from '../../../src/io/zip-read';
import { json, parseEntry, repack, smallProject, unpack, writeSmallProject, EXPORTED_AT } from './project-file-helpers';

const FILE = 'projekt.sozialraum';

async function refusal(bytes: Uint8Array, fileName = FILE): Promise<ProjectFileError> {
  try {
    await readProjectFile(bytesSource(bytes), fileName);
  } catch (error) {
    expect(error).toBeInstanceOf(ProjectFileError);
    return error as ProjectFileError;
  }
  throw new Error('the file was accepted');
}

/** Set the unpacked size the zip's directory (and local header) states for `name`. */
function statedSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const copy = zip.slice();
  const view = new DataView(copy.buffer);
  const encoded = new TextEncoder().encode(name);
  for (let at = 0; at + 46 < copy.length; at++) {
    const signature = view.getUint32(at, true);
    const nameAt = signature === 0x02014b50 ? at + 46 : signature === 0x04034b50 ? at + 30 : -1;
    if (nameAt < 0 || view.getUint16(signature === 0x02014b50 ? at + 28 : at + 26, true) !== encoded.length) continue;
    if (!encoded.every((byte, index) => copy[nameAt + index] === byte)) continue;
    view.setUint32(signature === 0x02014b50 ? at + 24 : at + 22, size, true);
  }
  return copy;
}

describe('reading project files', () => {
  it('reads back what was written: records, point chunks with NaN, dictionaries, graph', async () => {
    const project = smallProject();
    const contents = await readProjectFile(bytesSource(writeSmallProject(project)), FILE);
    expect(contents.version).toBe(PROJECT_FILE_VERSION);
    expect(contents.exportedAt).toBe(EXPORTED_AT);
    expect(contents.snapshot).toEqual(project.snapshot);
    expect(contents.pointSets).toEqual([{ set: project.set, chunks: project.chunks }]);
    expect(contents.roadGraphs).toEqual([project.graph]);
  });

  it('keeps numbers JSON cannot write (NaN, Infinity, −0) in records', () => {
    const record = { a: Number.NaN, b: Number.POSITIVE_INFINITY, c: -0, d: [Number.NEGATIVE_INFINITY, 1], e: { $number: 'x' } };
    const back = JSON.parse(JSON.stringify(record, jsonReplacer), jsonReviver) as typeof record;
    expect(back).toEqual(record);
    expect(Object.is(back.c, -0)).toBe(true);
  });

  it('opens a version-0 file (a project snapshot in JSON, as the demo is shipped) as the current version', async () => {
    const demo = readFileSync(new URL('../../../data/demo-project.json', import.meta.url));
    const contents = await readProjectFile(bytesSource(new Uint8Array(demo)), 'demo-project.json');
    expect(contents.version).toBe(PROJECT_FILE_VERSION);
    expect(contents.snapshot.spaces.length).toBeGreaterThan(5);
    expect(contents.pointSets).toEqual([]);
  });

  it('refuses a file of a newer version with the versions in the message, before reading anything else', async () => {
    const files = unpack(writeSmallProject());
    delete files['tables/spaces.json'];
    const error = await refusal(repack(files, { editManifest: (manifest) => (manifest.version = PROJECT_FILE_VERSION + 1) }));
    expect(error.code).toBe('version-newer');
    expect(error.params).toMatchObject({ version: PROJECT_FILE_VERSION + 1, supported: PROJECT_FILE_VERSION });
    expect(error.message).toMatch(/newer version/);
  });

  it.each([
    ['empty', new Uint8Array(0), 'file-empty'],
    ['binary noise', Uint8Array.from({ length: 5000 }, (_, index) => (index * 7919) % 251), 'not-zip'],
    ['a CSV file', new TextEncoder().encode('a;b\n1;2\n'), 'not-zip'],
    ['JSON that is no project', new TextEncoder().encode('{"type":"FeatureCollection","features":[]}'), 'not-zip'],
  ])('refuses %s', async (_name, bytes, code) => {
    const error = await refusal(bytes);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(new RegExp(`^${FILE}: `));
  });

  it('refuses a truncated archive', async () => {
    const bytes = writeSmallProject();
    expect((await refusal(bytes.subarray(0, Math.floor(bytes.length / 2)))).code).toBe('zip-truncated');
    expect((await refusal(bytes.subarray(0, bytes.length - 10))).code).toBe('zip-truncated');
  });

  it('refuses a zip without a manifest and says when it is a Shapefile', async () => {
    const error = await refusal(zipSync({ 'kreise.shp': new Uint8Array(100), 'kreise.dbf': new Uint8Array(10) }), 'kreise.zip');
    expect(error.code).toBe('manifest-missing');
    expect(error.message).toMatch(/^kreise\.zip: .*Shapefile/);
  });

  it('refuses manifests that are not ours or are malformed, naming the field', async () => {
    const files = unpack(writeSmallProject());
    expect((await refusal(zipSync({ ...files, [MANIFEST_ENTRY]: json({ format: 'other' }) }))).code).toBe('manifest-invalid');
    const broken = await refusal(zipSync({ ...files, [MANIFEST_ENTRY]: new TextEncoder().encode('{\n"format": "sozialraum-atlas-project",\n') }));
    expect(broken).toMatchObject({ code: 'manifest-invalid', params: { entry: MANIFEST_ENTRY, line: 3 } });
    const error = await refusal(repack(files, { editManifest: (manifest) => ((manifest.project as unknown as { id: number }).id = 5) }));
    expect(error).toMatchObject({ code: 'manifest-invalid' });
    expect(error.message).toMatch(/project\.id/);
  });

  it('refuses an archive missing a listed entry, or holding one more', async () => {
    const files = unpack(writeSmallProject());
    const missing = { ...files };
    delete missing['points/0/1.bin'];
    const error = await refusal(repack(missing, { consistent: false }));
    expect(error).toMatchObject({ code: 'entry-missing', params: { entry: 'points/0/1.bin' } });
    expect((await refusal(repack({ ...files, 'extra.js': json('alert(1)') }, { consistent: false }))).params).toMatchObject({ entry: 'extra.js' });
  });

  it('refuses damaged data (checksum)', async () => {
    const files = unpack(writeSmallProject());
    const bytes = files['tables/spaces.json']!.slice();
    bytes[10] = bytes[10]! ^ 0x20;
    const error = await refusal(repack({ ...files, 'tables/spaces.json': bytes }, { consistent: false }));
    expect(error).toMatchObject({ code: 'entry-damaged', params: { entry: 'tables/spaces.json' } });
  });

  it('stops unpacking a zip bomb at its stated size', async () => {
    const files = unpack(writeSmallProject());
    // 64 MiB of zeros packed into about 64 kB, stated as 10 bytes in directory and manifest.
    const bomb = new Uint8Array(64 * 1024 * 1024);
    const zip = repack({ ...files, 'tables/views.json': bomb }, { editManifest: (manifest) => (manifest.entries['tables/views.json'] = { bytes: 10, crc32: crc32(bomb) }), consistent: false });
    expect(zip.length).toBeLessThan(1024 * 1024);
    const error = await refusal(statedSize(zip, 'tables/views.json', 10));
    expect(error).toMatchObject({ code: 'entry-size', params: { entry: 'tables/views.json' } });
    expect(error.message).toMatch(/zip bomb/);
  }, 30_000);

  it('refuses stated sizes beyond its limits before unpacking', async () => {
    const files = unpack(writeSmallProject());
    const huge = 300 * 1024 * 1024;
    const table = repack(files, { editManifest: (manifest) => (manifest.entries['tables/views.json']!.bytes = huge), consistent: false });
    expect(await refusal(statedSize(table, 'tables/views.json', huge))).toMatchObject({ code: 'entry-too-large', params: { entry: 'tables/views.json', bytes: huge } });
    const manifest = await refusal(statedSize(repack(files, { consistent: false }), MANIFEST_ENTRY, 512 * 1024 * 1024));
    expect(manifest).toMatchObject({ code: 'entry-too-large', params: { entry: MANIFEST_ENTRY } });
  });

  it.each([
    ['a space colour that is CSS of another kind', 'spaces', (records: Record<string, unknown>[]) => (records[1]!['color'] = 'url(https://example.org/leak)'), /record 2: color/],
    ['a geometry with NaN', 'spaces', (records: Record<string, unknown>[]) => (records[0]!['geometry'] = { type: 'Polygon', coordinates: [[[10, 51], ['NaN', 51], [10, 51.01], [10, 51]]] }), /record 1: geometry\.coordinates\[0\]\[1\]/],
    ['an unclosed ring', 'spaces', (records: Record<string, unknown>[]) => (records[0]!['geometry'] = { type: 'Polygon', coordinates: [[[10, 51], [10.01, 51], [10.01, 51.01], [10, 51.01]]] }), /not closed/],
    ['a record of another project', 'variants', (records: Record<string, unknown>[]) => (records[0]!['projectId'] = 'fremd'), /another project/],
    ['an id twice', 'spaces', (records: Record<string, unknown>[]) => (records[1]!['id'] = records[0]!['id']), /appears twice/],
    ['a space of a missing variant', 'spaces', (records: Record<string, unknown>[]) => (records[0]!['variantId'] = 'v9'), /variant "v9"/],
    ['a deeply nested attribute', 'projects', (records: Record<string, unknown>[]) => (records[0]!['indicators'] = [{ id: 'i', name: 'x', deep: JSON.parse('['.repeat(100) + ']'.repeat(100)) }]), /record 1: indicators\[0\]/],
    ['an unknown category icon', 'projects', (records: Record<string, unknown>[]) => (records[0]!['categories'] = [{ id: 'kita', label: null, color: '#112233', icon: '__proto__', ageFromYears: 0, ageToYears: 6 }]), /icon/],
  ])('refuses %s in a table, naming entry and record', async (_name, table, edit, reason) => {
    const files = unpack(writeSmallProject());
    const records = parseEntry(files[`tables/${table}.json`]!) as Record<string, unknown>[];
    edit(records);
    const error = await refusal(repack({ ...files, [`tables/${table}.json`]: json(records) }));
    expect(['entry-invalid', 'inconsistent']).toContain(error.code);
    expect(error.message).toMatch(reason);
    expect(error.message).toContain(FILE);
  });

  it('refuses a table that is not UTF-8, with the byte', async () => {
    const files = unpack(writeSmallProject());
    const bytes = Uint8Array.from([...files['tables/variants.json']!.subarray(0, 20), 0xff, 0xfe, ...files['tables/variants.json']!.subarray(20)]);
    const error = await refusal(repack({ ...files, 'tables/variants.json': bytes }));
    expect(error).toMatchObject({ code: 'entry-invalid', params: { entry: 'tables/variants.json', byte: 20 } });
  });

  it('refuses a record count that differs from the manifest', async () => {
    const files = unpack(writeSmallProject());
    const error = await refusal(repack(files, { editManifest: (manifest) => (manifest.tables.spaces.records = 3) }));
    expect(error).toMatchObject({ code: 'inconsistent', params: { entry: 'tables/spaces.json' } });
  });

  it('refuses point data that does not fit: codes beyond the dictionary, wrong byte counts, missing sets', async () => {
    const files = unpack(writeSmallProject());
    const data = files['points/0/1.bin']!.slice();
    new DataView(data.buffer).setUint32(2 * 8 * 2, 99, true);
    expect((await refusal(repack({ ...files, 'points/0/1.bin': data }))).message).toMatch(/row 1 of "name" uses text 99 of a dictionary of 3/);
    expect((await refusal(repack({ ...files, 'points/0/1.bin': data.subarray(0, 10) }))).params).toMatchObject({ entry: 'points/0/1.bin' });
    const noPoints = await refusal(repack({ ...files }, { editManifest: (manifest) => (manifest.pointSets = []) }));
    expect(noPoints.code).toBe('inconsistent');
    expect(noPoints.message).toMatch(/layer "Fälle" names point data the file does not contain/);
  });

  it('refuses a road graph whose edges lead nowhere', async () => {
    const files = unpack(writeSmallProject());
    const data = files['graphs/0.bin']!.slice();
    // targets start after lon, lat, osmIds (3 × 2 × 8) and offsets (3 × 4).
    new DataView(data.buffer).setUint32(48 + 12, 7, true);
    expect((await refusal(repack({ ...files, 'graphs/0.bin': data }))).message).toMatch(/edge 0 leads to node 7/);
  });

  it('names the entry in every refusal of a manipulated manifest that points elsewhere', async () => {
    const files = unpack(writeSmallProject());
    const error = await refusal(
      repack(files, {
        editManifest: (manifest: ProjectFileManifest) => {
          manifest.pointSets[0]!.entries[0] = { meta: '../../etc/passwd', data: 'points/0/0.bin' };
        },
      }),
    );
    expect(error.code).toMatch(/manifest-invalid/);
  });

  it('the CRC is the standard one', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new TextEncoder().encode('56789'), crc32(new TextEncoder().encode('1234')))).toBe(0xcbf43926);
  });
});
