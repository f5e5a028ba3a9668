/**
 * Reading KML, KMZ (a zip holding doc.kml) and GPX. XML is parsed with @xmldom/xmldom (no DOM
 * needed, so it runs in workers and Node) and converted by @tmcw/togeojson. KML and GPX are
 * always WGS84 lon/lat. Style properties that togeojson adds are left out: they are not
 * attributes.
 */
import { DOMParser } from '@xmldom/xmldom';
import { gpx, kml } from '@tmcw/togeojson';
import { ImportError } from './import-problems';
import { decodeText, type RawVectorData } from './geojson';
import { unzipFile } from './shapefile';

const STYLE_PROPERTIES = new Set([
  'styleUrl',
  'styleHash',
  'styleMapHash',
  'stroke',
  'stroke-opacity',
  'stroke-width',
  'fill',
  'fill-opacity',
  'icon',
  'icon-color',
  'icon-opacity',
  'icon-scale',
  'icon-heading',
  'icon-offset',
  'icon-offset-units',
  'label-color',
  'label-opacity',
  'label-scale',
  'visibility',
]);

function xmlEncoding(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const match = /<\?xml[^>]*encoding=["']([^"']+)["']/i.exec(head);
  return match ? match[1]!.toLowerCase() : null;
}

/** Decode XML bytes (the declared encoding, else UTF-8 with a Windows-1252 fallback) and parse them. */
function parseXml(bytes: Uint8Array, fileName: string, code: 'kml-invalid' | 'gpx-invalid', looksRight: (text: string) => boolean, kind: string) {
  if (bytes.byteLength === 0) throw new ImportError('file-empty', fileName, 'the file is empty');
  const declared = xmlEncoding(bytes);
  let text: string;
  if (declared && declared !== 'utf-8' && declared !== 'utf8') {
    try {
      text = new TextDecoder(declared).decode(bytes);
    } catch {
      text = decodeText(bytes).text;
    }
  } else {
    text = decodeText(bytes).text;
  }
  if (!looksRight(text)) throw new ImportError(code, fileName, `not ${kind} (no <${kind.toLowerCase()}> element)`);
  const errors: string[] = [];
  let document;
  try {
    document = new DOMParser({
      onError: (level, message) => {
        if (level === 'fatalError') errors.push(message);
      },
    }).parseFromString(text, 'text/xml');
  } catch (error) {
    errors.push((error as Error).message);
  }
  if (errors.length > 0 || !document?.documentElement) {
    const reason = (errors[0] ?? 'no root element').split('\n')[0]!;
    throw new ImportError(code, fileName, `the ${kind} is not well-formed XML (${reason})`, { reason });
  }
  return document;
}

function rawFeatures(collection: { features: { properties: Record<string, unknown> | null; geometry: unknown }[] }): RawVectorData {
  return {
    features: collection.features.map((feature) => ({
      properties: Object.fromEntries(Object.entries(feature.properties ?? {}).filter(([key]) => !STYLE_PROPERTIES.has(key))),
      geometry: feature.geometry,
      valid: true,
    })),
    notes: [],
  };
}

export function readKml(bytes: Uint8Array, fileName: string): RawVectorData {
  const document = parseXml(bytes, fileName, 'kml-invalid', (text) => /<kml[\s>]/i.test(text.slice(0, 2000)) || /<Placemark[\s>]/.test(text), 'KML');
  try {
    return rawFeatures(kml(document as never));
  } catch (error) {
    throw new ImportError('kml-invalid', fileName, `the KML cannot be read (${(error as Error).message})`);
  }
}

/** GPX: waypoints become points (name, description, type as attributes), tracks and routes lines. */
export function readGpx(bytes: Uint8Array, fileName: string): RawVectorData {
  const document = parseXml(bytes, fileName, 'gpx-invalid', (text) => /<gpx[\s>]/i.test(text.slice(0, 4000)), 'GPX');
  try {
    return rawFeatures(gpx(document as never));
  } catch (error) {
    throw new ImportError('gpx-invalid', fileName, `the GPX cannot be read (${(error as Error).message})`);
  }
}

/** KMZ: doc.kml, or else the first .kml in the zip. */
export async function readKmz(bytes: Uint8Array, fileName: string): Promise<RawVectorData> {
  const entries = await unzipFile(bytes, fileName);
  const names = Object.keys(entries).filter((name) => /\.kml$/i.test(name) && !name.includes('__MACOSX/'));
  const name = names.find((candidate) => /(^|\/)doc\.kml$/i.test(candidate)) ?? names.sort()[0];
  if (name === undefined) throw new ImportError('zip-no-kml', fileName, 'the KMZ file contains no .kml file');
  return readKml(entries[name]!, fileName);
}
