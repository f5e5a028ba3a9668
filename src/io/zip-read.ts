/**
 * Reading a zip archive by random access, entry by entry, without trusting it.
 *
 * The central directory at the end of the archive is read first: it lists every entry with its
 * position, sizes and CRC. An entry is then read from its position and inflated in small steps
 * (fflate's streaming `Inflate`), counting the bytes that come out: inflating stops as soon as
 * an entry gives more than its stated size (a zip bomb states a small size and unpacks to
 * gigabytes), and the caller refuses stated sizes beyond its limits before anything is
 * inflated. At the end the CRC must match. Only what we write is read: no encryption, no ZIP64,
 * compression "stored" or "deflate".
 *
 * Used for project files and for zipped Shapefiles and KMZ. Pure: the bytes come from a
 * `ByteSource` (a File in the browser, a buffer in Node). Failures are ZipErrors with a code;
 * each reader turns them into its own errors.
 */
import { Inflate } from 'fflate';
import { crc32 } from './crc32';

export type ZipErrorCode =
  | 'file-empty'
  | 'not-zip'
  | 'zip-truncated'
  | 'zip-unsupported'
  | 'zip-invalid'
  /** An entry states a size beyond the reader's limit. */
  | 'entry-too-large'
  /** An entry unpacks to more (or fewer) bytes than it states: damaged, or a zip bomb. */
  | 'entry-size'
  | 'entry-damaged';

export class ZipError extends Error {
  override name = 'ZipError';
  readonly code: ZipErrorCode;
  /** The entry concerned, if any. */
  readonly entry: string | undefined;
  /** Plain English, without file and entry name. */
  readonly reason: string;
  readonly params: Record<string, number>;

  constructor(code: ZipErrorCode, reason: string, entry?: string, params: Record<string, number> = {}) {
    super(entry === undefined ? reason : `${entry}: ${reason}`);
    this.code = code;
    this.reason = reason;
    this.entry = entry;
    this.params = params;
  }
}

/** Random access to the bytes of a file. */
export interface ByteSource {
  readonly size: number;
  /** `length` bytes from `offset` (fewer only at the end of the file). */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** A source over bytes in memory. */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: async (offset, length) => bytes.subarray(offset, offset + length) };
}

/** A source over a Blob (a chosen File): only the slices asked for are read. */
export function blobSource(blob: Blob): ByteSource {
  return { size: blob.size, read: async (offset, length) => new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer()) };
}

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflate. */
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** Offset of the entry's local header. */
  localOffset: number;
}

const END_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const END_RECORD_BYTES = 22;
const CENTRAL_RECORD_BYTES = 46;
const LOCAL_RECORD_BYTES = 30;
/** Compressed bytes inflated per step: at most about 16.5 MB can come out of one step. */
const INFLATE_STEP = 16 * 1024;
/** Compressed bytes read from the source at once. */
const READ_BLOCK = 1 << 20;

export function isZipSignature(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && (bytes[3] === 4 || bytes[3] === 6);
}

/** The entries of the archive, from its central directory. */
export async function readZipDirectory(source: ByteSource): Promise<ZipEntry[]> {
  if (source.size === 0) throw new ZipError('file-empty', 'the file is empty');
  const tailLength = Math.min(source.size, END_RECORD_BYTES + 0xffff);
  const tailStart = source.size - tailLength;
  const tail = await source.read(tailStart, tailLength);
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  let end = -1;
  for (let at = tail.length - END_RECORD_BYTES; at >= 0; at--) {
    if (view.getUint32(at, true) === END_SIGNATURE && at + END_RECORD_BYTES + view.getUint16(at + 20, true) === tail.length) {
      end = at;
      break;
    }
  }
  if (end < 0) {
    const head = await source.read(0, 4);
    if (isZipSignature(head)) throw new ZipError('zip-truncated', 'the zip archive is incomplete (its directory at the end is missing)');
    throw new ZipError('not-zip', 'not a zip archive');
  }
  const count = view.getUint16(end + 10, true);
  const directorySize = view.getUint32(end + 12, true);
  const directoryOffset = view.getUint32(end + 16, true);
  if (count === 0xffff || directoryOffset === 0xffffffff || directorySize === 0xffffffff) {
    throw new ZipError('zip-unsupported', 'ZIP64 archives are not supported');
  }
  if (view.getUint16(end + 4, true) !== 0 || view.getUint16(end + 8, true) !== count) {
    throw new ZipError('zip-unsupported', 'archives split over several files are not supported');
  }
  const endOffset = tailStart + end;
  if (directoryOffset + directorySize > endOffset) {
    throw new ZipError('zip-truncated', 'the zip archive is incomplete (its directory points beyond the end of the file)');
  }
  const directory = await source.read(directoryOffset, directorySize);
  const dir = new DataView(directory.buffer, directory.byteOffset, directory.byteLength);
  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  const utf8 = new TextDecoder('utf-8', { fatal: false });
  let at = 0;
  for (let index = 0; index < count; index++) {
    if (at + CENTRAL_RECORD_BYTES > directory.length || dir.getUint32(at, true) !== CENTRAL_SIGNATURE) {
      throw new ZipError('zip-invalid', `the zip directory is damaged at entry ${index + 1}`);
    }
    const flags = dir.getUint16(at + 8, true);
    const method = dir.getUint16(at + 10, true);
    const nameLength = dir.getUint16(at + 28, true);
    const extraLength = dir.getUint16(at + 30, true);
    const commentLength = dir.getUint16(at + 32, true);
    if (at + CENTRAL_RECORD_BYTES + nameLength > directory.length) {
      throw new ZipError('zip-invalid', `the zip directory is damaged at entry ${index + 1}`);
    }
    const name = utf8.decode(directory.subarray(at + CENTRAL_RECORD_BYTES, at + CENTRAL_RECORD_BYTES + nameLength));
    const entry: ZipEntry = {
      name,
      method,
      crc: dir.getUint32(at + 16, true),
      compressedSize: dir.getUint32(at + 20, true),
      size: dir.getUint32(at + 24, true),
      localOffset: dir.getUint32(at + 42, true),
    };
    if (flags & 1) throw new ZipError('zip-unsupported', 'encrypted entries are not supported', name);
    if (method !== 0 && method !== 8) {
      throw new ZipError('zip-unsupported', `compression method ${method} is not supported`, name);
    }
    if (entry.size === 0xffffffff || entry.compressedSize === 0xffffffff || entry.localOffset === 0xffffffff) {
      throw new ZipError('zip-unsupported', 'ZIP64 entries are not supported', name);
    }
    if (entry.localOffset + LOCAL_RECORD_BYTES + entry.compressedSize > directoryOffset) {
      throw new ZipError('zip-truncated', 'the entry lies beyond the end of the archive\u2019s data', name);
    }
    if (names.has(name)) throw new ZipError('zip-invalid', 'the archive holds this entry twice', name);
    names.add(name);
    entries.push(entry);
    at += CENTRAL_RECORD_BYTES + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * The bytes of `entry`, at most `maxBytes` (checked against the stated size before reading, and
 * while inflating against what actually comes out), CRC-checked.
 */
export async function readZipEntry(source: ByteSource, entry: ZipEntry, maxBytes: number): Promise<Uint8Array> {
  const name = entry.name;
  if (entry.size > maxBytes) {
    throw new ZipError('entry-too-large', `unpacks to ${entry.size} bytes, more than the ${maxBytes} read`, name, { bytes: entry.size, limit: maxBytes });
  }
  const header = await source.read(entry.localOffset, LOCAL_RECORD_BYTES);
  const local = new DataView(header.buffer, header.byteOffset, header.byteLength);
  if (header.length < LOCAL_RECORD_BYTES || local.getUint32(0, true) !== LOCAL_SIGNATURE) {
    throw new ZipError('zip-invalid', 'the entry\u2019s header is damaged', name);
  }
  const dataOffset = entry.localOffset + LOCAL_RECORD_BYTES + local.getUint16(26, true) + local.getUint16(28, true);
  if (dataOffset + entry.compressedSize > source.size) {
    throw new ZipError('zip-truncated', 'the entry ends beyond the end of the file', name);
  }
  const output = new Uint8Array(entry.size);
  let written = 0;
  const tooLarge = () =>
    new ZipError('entry-size', `unpacks to more than the stated ${entry.size} bytes (damaged, or a zip bomb); reading stopped`, name, { bytes: entry.size });
  const take = (chunk: Uint8Array) => {
    if (written + chunk.length > output.length) throw tooLarge();
    output.set(chunk, written);
    written += chunk.length;
  };
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.size) throw tooLarge();
    for (let offset = 0; offset < entry.compressedSize; offset += READ_BLOCK) {
      take(await source.read(dataOffset + offset, Math.min(READ_BLOCK, entry.compressedSize - offset)));
    }
  } else {
    let finished = false;
    const inflater = new Inflate((chunk, final) => {
      take(chunk);
      if (final) finished = true;
    });
    try {
      for (let offset = 0; offset < entry.compressedSize; offset += READ_BLOCK) {
        const block = await source.read(dataOffset + offset, Math.min(READ_BLOCK, entry.compressedSize - offset));
        for (let step = 0; step < block.length; step += INFLATE_STEP) {
          const last = offset + step + INFLATE_STEP >= entry.compressedSize;
          inflater.push(block.subarray(step, step + INFLATE_STEP), last);
        }
      }
      if (entry.compressedSize === 0) inflater.push(new Uint8Array(0), true);
    } catch (error) {
      if (error instanceof ZipError) throw error;
      throw new ZipError('entry-damaged', `the compressed data are damaged (${error instanceof Error ? error.message : String(error)})`, name);
    }
    if (!finished) throw new ZipError('entry-damaged', 'the compressed data end too early', name);
  }
  if (written !== entry.size) {
    throw new ZipError('entry-size', `unpacks to ${written} bytes, not the stated ${entry.size}`, name, { bytes: entry.size });
  }
  if (crc32(output) !== entry.crc) throw new ZipError('entry-damaged', 'the checksum does not match (the file is damaged)', name);
  return output;
}

/**
 * All entries of an archive in memory (Shapefile zips, KMZ), each at most `entryBytes` and all
 * together at most `totalBytes` unpacked, checked as readZipEntry does. Directories are skipped.
 */
export async function unpackZip(source: ByteSource, limits: { entryBytes: number; totalBytes: number }): Promise<Record<string, Uint8Array>> {
  const entries = (await readZipDirectory(source)).filter((entry) => !entry.name.endsWith('/'));
  const total = entries.reduce((sum, entry) => sum + entry.size, 0);
  if (total > limits.totalBytes) {
    throw new ZipError('entry-too-large', `the archive unpacks to ${total} bytes, more than the ${limits.totalBytes} read`, undefined, { bytes: total, limit: limits.totalBytes });
  }
  const files: Record<string, Uint8Array> = {};
  for (const entry of entries) files[entry.name] = await readZipEntry(source, entry, limits.entryBytes);
  return files;
}
