/**
 * Reading KML and KMZ (a zip holding doc.kml). XML is parsed with @xmldom/xmldom (no DOM
 * needed, so it runs in workers and Node) and converted by @tmcw/togeojson. KML is always
 * WGS84 lon/lat. Style properties that togeojson adds are left out: they are not attributes.
 */
import { DOMParser } from '@xmldom/xmldom';
import { kml } from '@tmcw/togeojson';
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

export function readKml(bytes: Uint8Array, fileName: string): RawVectorData {
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
  if (!/<kml[\s>]/i.test(text.slice(0, 2000)) && !/<Placemark[\s>]/.test(text)) {
    throw new ImportError('kml-invalid', fileName, 'not KML (no <kml> element)');
  }
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
    throw new ImportError('kml-invalid', fileName, `the KML is not well-formed XML (${reason})`, { reason });
  }
  let collection;
  try {
    collection = kml(document);
  } catch (error) {
    throw new ImportError('kml-invalid', fileName, `the KML cannot be read (${(error as Error).message})`);
  }
  return {
    features: collection.features.map((feature) => ({
      properties: Object.fromEntries(Object.entries(feature.properties ?? {}).filter(([key]) => !STYLE_PROPERTIES.has(key))),
      geometry: feature.geometry,
      valid: true,
    })),
    notes: [],
  };
}

/** KMZ: doc.kml, or else the first .kml in the zip. */
export function readKmz(bytes: Uint8Array, fileName: string): RawVectorData {
  const entries = unzipFile(bytes, fileName);
  const names = Object.keys(entries).filter((name) => /\.kml$/i.test(name) && !name.includes('__MACOSX/'));
  const name = names.find((candidate) => /(^|\/)doc\.kml$/i.test(candidate)) ?? names.sort()[0];
  if (name === undefined) throw new ImportError('zip-no-kml', fileName, 'the KMZ file contains no .kml file');
  return readKml(entries[name]!, fileName);
}
