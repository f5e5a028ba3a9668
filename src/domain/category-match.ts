/**
 * Which resource category a free-text value from an office export means: "Kindertagesstätte",
 * "Kita", "Grundschule", "Jugendfreizeiteinrichtung", "Erziehungsberatung", "TSV …". The
 * wizard suggests these; the user can change every one before the records are stored.
 */
import { DEFAULT_CATEGORIES } from './categories';
import { foldGerman } from './text';
import type { ResourceCategory } from './types';

/** Lower case, umlauts and ß spelt out, words separated by single spaces, padded with one. */
function fold(value: string): string {
  return ` ${foldGerman(value)} `;
}

/**
 * Word stems per category, tried in this order (the first match wins): specific kinds before
 * general ones, so "Familienzentrum" is a family centre, not a provider, and "Schulsozialarbeit"
 * counselling rather than a school. A leading space anchors a stem at a word start.
 */
const RULES: readonly [ResourceCategory, readonly string[]][] = [
  ['kita', [' kita', ' kindertages', ' kindergarten', ' kinderkrippe', ' krippe', ' hort ', ' kinderhort', ' tagespflege', ' kindertagespflege', ' daycare', ' day care', ' nursery', ' kindergarden', ' eki ', ' ekita', ' kinderladen']],
  ['family-centre', [' familienzentr', ' familienbuero', ' familienbildung', ' mehrgenerationenhaus', ' eltern kind zentrum', ' family centre', ' family center']],
  ['youth-centre', [' jugendzentr', ' jugendtreff', ' jugendhaus', ' jugendclub', ' jugendfreizeit', ' jfe ', ' jugendkeller', ' jugendcafe', ' kinder und jugend', ' abenteuerspielplatz', ' kinderfarm', ' youth']],
  ['counselling', [' beratung', ' erziehungsberatung', ' schulsozialarbeit', ' schulpsycholog', ' sozialpsychiatr', ' suchtberatung', ' schuldnerberatung', ' jugendmigrationsdienst', ' counsel', ' eb ']],
  ['school', [' schule', ' grundschule', ' gymnasium', ' realschule', ' hauptschule', ' gesamtschule', ' oberschule', ' foerderschule', ' berufsschule', ' berufskolleg', ' sekundarschule', ' gemeinschaftsschule', ' mittelschule', ' school', ' schulzentrum']],
  ['playground', [' spielplatz', ' spielplaetze', ' bolzplatz', ' playground', ' skatepark']],
  ['club', [' verein', ' e v ', ' ev ', ' tsv ', ' sv ', ' fc ', ' tus ', ' vfl ', ' vfb ', ' sportverein', ' turnverein', ' sport', ' club', ' musikschule', ' pfadfinder', ' feuerwehr']],
  ['health', [' arzt', ' aerzt', ' praxis', ' klinik', ' krankenhaus', ' gesundheit', ' apotheke', ' hebamme', ' therapie', ' kinderarzt', ' health', ' clinic', ' hospital']],
  ['provider', [' traeger', ' hilfen unter einem dach', ' jugendhilfe', ' diakonie', ' caritas', ' awo', ' paritaet', ' drk', ' lebenshilfe', ' provider', ' ggmbh', ' gmbh']],
  ['other', [' sonstig', ' other', ' andere']],
];

/** The category a value names, or null when nothing fits. Category ids ("kita", "youth-centre") match themselves. */
export function suggestCategory(value: string | null | undefined): ResourceCategory | null {
  if (!value) return null;
  const trimmed = value.trim().toLowerCase();
  const byId = DEFAULT_CATEGORIES.find((category) => category.id === trimmed);
  if (byId) return byId.id;
  const folded = fold(value);
  if (folded.trim() === '') return null;
  for (const [category, stems] of RULES) if (stems.some((stem) => folded.includes(stem))) return category;
  return null;
}
