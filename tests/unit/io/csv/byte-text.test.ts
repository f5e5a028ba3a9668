/**
 * `ByteText` reads cells from UTF-8 and Windows-1252 bytes without decoding the file: each
 * answer is checked against the platform's TextDecoder (through `decodeBytes`, which also
 * mends Node's Windows-1252 0x80–0x9F).
 */
import { describe, expect, it } from 'vitest';
import { BYTE_CR, BYTE_DELIMITER, BYTE_HIGH, BYTE_LF, BYTE_PLAIN, BYTE_QUOTE, ByteText, plainWord } from '../../../../src/io/csv/byte-text';
import { decodeBytes } from '../../../../src/io/csv/encoding';
import { seededRandom } from '../../../bench/seeded';

const SEMICOLON = 59;
const QUOTE = 34;
const utf8 = (text: string) => new TextEncoder().encode(text);

function fnv(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 16777619);
  return hash;
}

/**
 * Seeded byte runs without delimiter, quote or line break bytes: ASCII, UTF-8 of characters of
 * every length, and broken sequences (stray continuation bytes, cut sequences, overlong and
 * surrogate encodings, bytes that never occur in UTF-8, U+FFFD itself).
 */
function randomPieces(random: () => number): Uint8Array {
  const pieces: number[][] = [];
  const count = 1 + Math.floor(random() * 6);
  for (let piece = 0; piece < count; piece++) {
    const draw = random();
    if (draw < 0.35) pieces.push([...utf8('Kita Süd')].slice(0, 1 + Math.floor(random() * 8)));
    else if (draw < 0.7) {
      const characters = ['ä', 'ß', 'é', '\u00a0', '€', '„', '–', '\u202f', '中', '😀', '\u0085', '\uffff', '\u{10ffff}'];
      pieces.push([...utf8(characters[Math.floor(random() * characters.length)]!)]);
    } else {
      const broken = [[0x80], [0xbf], [0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xc0, 0xaf], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xff], [0xf8], [0xef, 0xbf, 0xbd]];
      pieces.push(broken[Math.floor(random() * broken.length)]!);
    }
  }
  return Uint8Array.from(pieces.flat());
}

describe('ByteText classes', () => {
  it('marks delimiter, line breaks and quote, and the bytes each encoding decodes', () => {
    const utf = new ByteText('utf-8', SEMICOLON, QUOTE).classes;
    expect([utf[SEMICOLON], utf[10], utf[13], utf[QUOTE], utf[65], utf[0x7f], utf[0x80], utf[0xa0], utf[0xff]]).toEqual([
      BYTE_DELIMITER,
      BYTE_LF,
      BYTE_CR,
      BYTE_QUOTE,
      BYTE_PLAIN,
      BYTE_PLAIN,
      BYTE_HIGH,
      BYTE_HIGH,
      BYTE_HIGH,
    ]);
    // Windows-1252 bytes from 0xA0 are the Latin-1 characters themselves.
    const windows = new ByteText('windows-1252', 9, -1).classes;
    expect([windows[9], windows[QUOTE], windows[0x80], windows[0x9f], windows[0xa0], windows[0xfc]]).toEqual([
      BYTE_DELIMITER,
      BYTE_PLAIN,
      BYTE_HIGH,
      BYTE_HIGH,
      BYTE_PLAIN,
      BYTE_PLAIN,
    ]);
  });
});

describe('plainWord', () => {
  it('passes four bytes exactly when each is ASCII from 0x20 on and neither delimiter nor quote', () => {
    const random = seededRandom(13);
    const settings: [delimiter: number, quote: number][] = [
      [SEMICOLON, QUOTE],
      [9, -1],
      [0x7c, 0x27],
    ];
    for (const [delimiter, quote] of settings) {
      const reader = new ByteText('utf-8', delimiter, quote);
      // Mostly printable bytes, now and then another one, in every position.
      const special = [0, 9, 10, 13, 0x1f, 0x7f, 0x80, 0xa0, 0xc3, 0xff, delimiter, QUOTE, 0x27];
      for (let run = 0; run < 20_000; run++) {
        const bytes = Array.from({ length: 4 }, () => (random() < 0.15 ? special[Math.floor(random() * special.length)]! : 0x20 + Math.floor(random() * 0x5f)));
        const word = bytes[0]! | (bytes[1]! << 8) | (bytes[2]! << 16) | (bytes[3]! * 0x1000000);
        const expected = bytes.every((byte) => byte >= 0x20 && byte < 0x80 && byte !== delimiter && byte !== quote);
        expect(plainWord(word, reader.delimiterWord, reader.quoteWord)).toBe(expected);
        // A word that passes holds only bytes that stand for themselves, in either encoding.
        if (expected) expect(bytes.every((byte) => reader.classes[byte] === BYTE_PLAIN)).toBe(true);
      }
    }
  }, 30_000);
});

describe('ByteText on UTF-8', () => {
  it('decodes what TextDecoder decodes, and refuses exactly the fields that would hold U+FFFD', () => {
    const random = seededRandom(11);
    const reader = new ByteText('utf-8', SEMICOLON, QUOTE);
    let refused = 0;
    for (let run = 0; run < 4000; run++) {
      const field = randomPieces(random);
      const bytes = Uint8Array.from([...field, SEMICOLON, 10]);
      const expected = new TextDecoder().decode(field);
      if (expected.includes('\uFFFD')) {
        refused++;
        expect(reader.text(bytes, 0, field.length)).toBeNull();
        expect(reader.fieldEnd(bytes, 0)).toBe(-1);
        reader.hashRest(bytes, 0, 0x811c9dc5);
        expect(reader.next).toBe(-1);
        continue;
      }
      expect(reader.text(bytes, 0, field.length)).toBe(expected);
      expect(reader.fieldEnd(bytes, 0)).toBe(field.length);
      expect(reader.hashRest(bytes, 0, 0x811c9dc5)).toBe(fnv(expected));
      expect(reader.next).toBe(field.length);
      expect(reader.equals(expected, bytes, 0, field.length)).toBe(true);
      expect(reader.equals(`${expected}x`, bytes, 0, field.length)).toBe(false);
      expect(reader.equals(expected.slice(0, -1), bytes, 0, field.length)).toBe(false);
      expect(reader.encode(expected)).toEqual(field);
    }
    expect(refused).toBeGreaterThan(500);
    expect(refused).toBeLessThan(3500);
  }, 30_000);

  it('reads each character only as far as it goes, so a cut one before the line end is refused', () => {
    const reader = new ByteText('utf-8', SEMICOLON, QUOTE);
    for (const cut of [[0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98]]) {
      const bytes = Uint8Array.from([0x41, ...cut, 10]);
      expect(reader.codePoint(bytes, 1)).toBe(-1);
      expect(reader.fieldEnd(bytes, 0)).toBe(-1);
    }
    const bytes = utf8('a😀;');
    expect(reader.codePoint(bytes, 1)).toBe(0x1f600);
    expect(reader.next).toBe(5);
  });

  it('finds padding characters at both ends of a field', () => {
    const reader = new ByteText('utf-8', SEMICOLON, QUOTE);
    for (const pad of [' ', '\t', '\u00a0', '\u202f']) {
      const bytes = utf8(`${pad}Kita${pad};`);
      expect(reader.padAt(bytes, 0)).toBe(true);
      expect(reader.padBefore(bytes, bytes.length - 1)).toBe(true);
    }
    const bytes = utf8('Größe;');
    expect(reader.padAt(bytes, 0)).toBe(false);
    expect(reader.padBefore(bytes, bytes.length - 1)).toBe(false);
  });
});

describe('ByteText on Windows-1252', () => {
  it('decodes every byte as the WHATWG decoder does, 0x80–0x9F included', () => {
    const reader = new ByteText('windows-1252', SEMICOLON, QUOTE);
    const all = Uint8Array.from({ length: 256 }, (_, byte) => byte).filter((byte) => reader.classes[byte] === BYTE_PLAIN || reader.classes[byte] === BYTE_HIGH);
    const bytes = Uint8Array.from([...all, SEMICOLON]);
    const expected = decodeBytes(all, 'windows-1252');
    expect(reader.text(bytes, 0, all.length)).toBe(expected);
    expect(reader.hashRest(bytes, 0, 0x811c9dc5)).toBe(fnv(expected));
    expect(reader.fieldEnd(bytes, 0)).toBe(all.length);
    expect(reader.equals(expected, bytes, 0, all.length)).toBe(true);
    expect(reader.encode(expected)).toEqual(all);
    expect(reader.encode('😀')).toBeNull();
    expect(reader.padAt(Uint8Array.of(0xa0, 0x41), 0)).toBe(true);
    expect(reader.padBefore(Uint8Array.of(0x41, 0xa0), 2)).toBe(true);
  });
});
