/**
 * `resource-search`: full-text search over 50,000 resources as the resource panel asks it on
 * each keystroke (umlauts, ß and typos forgiven: "Kindergarden", "Jugendzentrum Sud"), with
 * the index built once, against the scan a developer would otherwise write: every resource's
 * name, category, provider and address folded and each query word compared with each of
 * their words by bounded edit distance (the same tolerance: 1 typo up to 7 letters, 2
 * beyond), per query.
 */
import { createSearchIndex, searchWords, type SearchDocument, type SearchIndex } from '../../../src/domain/search';
import { editDistance } from '../../../src/domain/text';
import type { BenchCase } from '../harness';
import { seededRandom } from '../seeded';

const COUNT = 50_000;

const KINDS = ['Kita', 'Kindergarten', 'Grundschule', 'Gymnasium', 'Jugendzentrum', 'Jugendtreff', 'Familienzentrum', 'Beratungsstelle', 'Sportverein', 'Spielplatz', 'Musikschule', 'Stadtbücherei'];
const NAMES = ['Sonnenschein', 'Löwenzahn', 'Regenbogen', 'Am Park', 'Lindenhof', 'Kleine Strolche', 'St. Marien', 'Waldwichtel', 'Pusteblume', 'Süd', 'Nord', 'Mühlenweg', 'Am Schloßberg', 'Wirbelwind'];
const STREETS = ['Hauptstraße', 'Mühlweg', 'Schulstraße', 'Am Anger', 'Lindenallee', 'Bahnhofstraße', 'Große Gasse', 'Weißdornweg'];
const PROVIDERS = ['AWO', 'Caritas', 'Diakonie', 'Stadt Auenstadt', 'DRK', 'Lebenshilfe', 'TSV 1862 e.V.'];

/** Queries as typed, typos included. */
const QUERIES = ['Kindergarden', 'Jugendzentrum Sud', 'Beratungstelle', 'Spielplatz Muehlweg', 'Lowenzahn', 'Caritas', 'Familienzentrun', 'Grundschule Lindenhof', 'Schlossberg', 'Sportverein Nord'];

function documents(count: number): SearchDocument[] {
  const random = seededRandom(11);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  return Array.from({ length: count }, (_, index) => ({
    id: `r${index}`,
    fields: {
      name: `${pick(KINDS)} ${pick(NAMES)}${random() < 0.3 ? ` ${1 + Math.floor(random() * 40)}` : ''}`,
      category: pick(['Kita / Kindertagespflege', 'Schule', 'Verein / Sport', 'Jugendzentrum / Jugendtreff', 'Beratungsstelle']),
      provider: pick(PROVIDERS),
      address: `${pick(STREETS)} ${1 + Math.floor(random() * 120)}, 369${10 + Math.floor(random() * 80)} Auenstadt`,
    },
  }));
}

interface SearchData {
  documents: SearchDocument[];
  index: SearchIndex;
}

function allowed(word: string): number {
  if (word.length <= 3 || /\d/.test(word)) return 0;
  return word.length <= 7 ? 1 : 2;
}

/** The peer: fold every document per query and compare word by word. */
function scan(docs: readonly SearchDocument[], query: string): string[] {
  const wanted = searchWords(query, true);
  const hits: string[] = [];
  for (const document of docs) {
    const { name, category = '', provider = '', address = '' } = document.fields;
    const words = searchWords(`${name} ${category} ${provider} ${address}`);
    const all = wanted.every((word) => {
      const edits = allowed(word);
      return words.some((candidate) => candidate.startsWith(word) || (edits > 0 && editDistance(word, candidate, edits) <= edits));
    });
    if (all) hits.push(document.id);
  }
  return hits;
}

function coverage(data: SearchData): string {
  let found = 0;
  let peerFound = 0;
  let peerAlsoOurs = 0;
  for (const query of QUERIES) {
    const ours = new Set(data.index.search(query).map((hit) => hit.id));
    const peer = scan(data.documents, query);
    found += ours.size;
    peerFound += peer.length;
    peerAlsoOurs += peer.filter((id) => ours.has(id)).length;
  }
  return `${QUERIES.length} queries: ours ${found.toLocaleString('en')} hits, scan ${peerFound.toLocaleString('en')} (${peerAlsoOurs.toLocaleString('en')} of them also ours)`;
}

let coverageNote = '';

export const resourceSearchBench: BenchCase = {
  name: 'resource-search',
  peer: 'fold + edit-distance scan of all resources per query',
  setup: (): SearchData => {
    const docs = documents(COUNT);
    const start = performance.now();
    const index = createSearchIndex(docs);
    const built = performance.now() - start;
    const data = { documents: docs, index };
    coverageNote = `index built once in ${Math.round(built)} ms (in the search worker in the app); ${coverage(data)}`;
    return data;
  },
  ours: (data: SearchData) => {
    for (const query of QUERIES) data.index.search(query);
  },
  peerRun: (data: SearchData) => {
    for (const query of QUERIES) scan(data.documents, query);
  },
  note: () => `${COUNT.toLocaleString('en')} resources, ${QUERIES.length} typed queries with typos per run (figure: all ${QUERIES.length}); ${coverageNote}`,
};
