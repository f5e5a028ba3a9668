/**
 * Full-text search over resources that forgives German spelling variants and small typos.
 *
 * ```ts
 * const index = createSearchIndex([{ id: 'k1', fields: { name: 'Jugendzentrum Süd', address: 'Mühlenstraße 3' } }]);
 * index.search('jugendzentrum sud'); // → [{ id: 'k1', score: 1, matched: ['name'] }]
 * index.search('Muehlenstr.', { limit: 20, filter: (id) => visible.has(id) });
 * index.add(document); index.remove('k1');
 * ```
 *
 * Words are kept in a plain inverted index (postings: document and field per word) with the
 * vocabulary also in MiniSearch's radix tree (`minisearch/SearchableMap`), which answers the
 * prefix and typo lookups (a bounded Levenshtein walk of the tree). MiniSearch's own document
 * index was tried first. Configured for this (the folding below as tokenizer, prefix, fuzzy,
 * field boosts, AND) it took 1.1 s of CPU to index 50,000 synthetic resources on the 2-core
 * development machine (this module: 0.4 s) and up to 27 ms per query (this module: under 10 ms,
 * compound matching included), as it keeps a map per word and field and builds a result
 * object per matching document; and its BM25 score blends what the ranking below needs apart:
 * which field and which kind of match each query word hit. This module decides what a word is,
 * which index words a query word may stand for, and how matches rank:
 *
 * - **Folding** (`searchWords`): case, accents, ß → ss, and every spelling of an umlaut to its
 *   vowel: "Süd", "Sued" and "Sud" are all `sud`, "Mühle"/"Muehle" `muhle`, "Straße"/"Strasse"
 *   `strasse`. Written-out ae/oe/ue collapse too, except ue after a, e or q, where it is never
 *   an umlaut ("Bauer", "Feuer", "Quelle"). Index and query are folded alike, so the only cost
 *   is that words differing just by such an e meet ("Michael" = "Michal"). A word ending in
 *   "str" is the abbreviation (the dot is punctuation): "Mühlenstr." = "Mühlenstraße".
 * - **Compounds**: a hyphenated group is indexed as its parts and as one word ("Familien-Zentrum"
 *   → familien, zentrum, familienzentrum) and searched as one word. A query word of 4 letters or
 *   more also matches inside a longer index word, from its fourth letter on ("zentrum" finds
 *   "Jugendzentrum"; from 8 letters with one typo), and a query word that is two index words
 *   written together matches them side by side in name or address ("Familienzentrum" finds
 *   "Familien Zentrum"). Both are found by scanning the vocabulary at query time, so they cost
 *   the index nothing.
 * - **Matching**: every query word must match (AND). A word matches a whole index word; its
 *   beginning (words of 3 letters and more, and the last word while typing from 2 letters; a
 *   trailing single letter is ignored until the next one comes); a word with typos (none up to
 *   3 letters, 1 edit up to 7, 2 beyond; never for words with digits, so postcodes and house
 *   numbers are exact); or a compound as above.
 * - **Ranking**: each query word scores its best match as field weight × kind weight — name
 *   1, category 0.7, provider 0.55, address 0.5, other text 0.4; whole word 1, prefix 0.7–0.9
 *   (the more of the word typed, the higher), two words written together 0.8, inside a word 0.6
 *   (at its end) or 0.5, typo 0.45 (1 edit) or 0.35 (2), inside with a typo 0.3. The result
 *   score is the mean over the query words (1: every word found whole in the name). Equal
 *   scores put the shorter name first (the closer match), then the order of adding.
 *
 * Text is only ever split into words: markup in a name is searchable text like any other.
 * Pure: no DOM, runs in Node, workers and tests alike.
 */
import SearchableMap from 'minisearch/SearchableMap';
import { collapseSpelledUmlauts, editDistance, foldLetters } from './text';

/** The searchable text of one document, by role. Absent and empty fields are the same. */
export interface SearchFields {
  name: string;
  category?: string;
  address?: string;
  provider?: string;
  /** Any other text worth finding: description, target groups, free attributes. */
  extra?: string;
}

export type SearchField = keyof SearchFields;

export interface SearchDocument {
  id: string;
  fields: SearchFields;
}

export interface SearchOptions {
  /** At most this many results (best first). Default: all. */
  limit?: number;
  /** Keep only documents for which this returns true (applied before ranking and `limit`). */
  filter?: (id: string) => boolean;
}

export interface SearchHit {
  id: string;
  /** Mean over the query words of their best match weight, in (0, 1]; higher is better. */
  score: number;
  /** The fields in which some query word matched, in `SEARCH_FIELDS` order. */
  matched: SearchField[];
}

export interface SearchIndex {
  /** Documents matching every word of `query`, best first. An empty query finds nothing. */
  search(query: string, options?: SearchOptions): SearchHit[];
  /** Add a document, or replace the one with the same id. */
  add(document: SearchDocument): void;
  /** Forget a document; unknown ids are ignored. */
  remove(id: string): void;
  has(id: string): boolean;
  /** Number of documents in the index. */
  readonly size: number;
}

/** The fields in ranking order. */
export const SEARCH_FIELDS: readonly SearchField[] = ['name', 'category', 'provider', 'address', 'extra'];

const FIELD_WEIGHT: Readonly<Record<SearchField, number>> = {
  name: 1,
  category: 0.7,
  provider: 0.55,
  address: 0.5,
  extra: 0.4,
};

/** Weight of each way a query word can match an index word (times the field weight). */
const KIND_WEIGHT = {
  whole: 1,
  /** Plus up to 0.2 for the share of the index word typed: "kinder" → "kindergarten" 0.8. */
  prefix: 0.7,
  /** Two index words written apart: "Familienzentrum" → "Familien Zentrum". */
  split: 0.8,
  insideAtEnd: 0.6,
  inside: 0.5,
  oneTypo: 0.45,
  twoTypos: 0.35,
  insideWithTypo: 0.3,
} as const;

/** Fields in which two query-word halves must stand together ("Familien Zentrum"). */
const SPLIT_FIELDS: readonly SearchField[] = ['name', 'address'];
/** A query word matches inside an index word from this letter index on ("Jugendzentrum" → "endzentrum"). */
const INSIDE_FROM = 3;
/** Shortest query word that matches inside index words … */
const INSIDE_MIN_LENGTH = 4;
/** … and inside them with one typo. */
const INSIDE_TYPO_MIN_LENGTH = 8;
/** Shortest half of a query word split into two index words. */
const SPLIT_MIN_LENGTH = 3;
/** Queries longer than this are cut: nobody types them, and each word costs a lookup. */
const MAX_QUERY_WORDS = 16;

const HYPHENS = /[-\u2010-\u2013]+/;
/** Anything but letters, combining marks, digits and hyphens separates words. */
const SEPARATORS = /[^\p{L}\p{M}\p{N}\u002d\u2010-\u2013]+/u;
const HAS_DIGIT = /\d/;

/** Collapse written-out umlauts and expand the "str" abbreviation in one folded word. */
function normaliseWord(word: string): string {
  const collapsed = collapseSpelledUmlauts(word);
  return collapsed.endsWith('str') ? `${collapsed}asse` : collapsed;
}

/**
 * Split text into folded search words. Hyphenated groups give their parts and then the joined
 * word ("Familien-Zentrum" → familien, zentrum, familienzentrum); with `joinHyphenated` (how
 * queries are read) only the joined word.
 */
export function searchWords(text: string, joinHyphenated = false): string[] {
  const words: string[] = [];
  for (const chunk of foldLetters(text, 'base').split(SEPARATORS)) {
    if (chunk === '') continue;
    if (!HYPHENS.test(chunk)) {
      words.push(normaliseWord(chunk));
      continue;
    }
    const pieces = chunk
      .split(HYPHENS)
      .filter((piece) => piece !== '')
      .map(normaliseWord);
    if (pieces.length === 0) continue;
    if (!joinHyphenated) words.push(...pieces);
    if (pieces.length > 1 || joinHyphenated) words.push(pieces.join(''));
  }
  return words;
}

/** Typos forgiven in a whole-word match: none up to 3 letters, 1 up to 7, 2 beyond. */
function wordEdits(word: string): number {
  if (word.length <= 3 || HAS_DIGIT.test(word)) return 0;
  return word.length <= 7 ? 1 : 2;
}

/**
 * Whether `word` occurs in `term` from letter `INSIDE_FROM` on with at most one edit (only
 * asked for words of `INSIDE_TYPO_MIN_LENGTH` letters or more). One of the word's halves must
 * then appear unchanged, which rules out nearly every term before any distance is computed.
 */
function occursInsideWithTypo(word: string, term: string): boolean {
  if (term.length < INSIDE_FROM + word.length - 1) return false;
  const middle = word.length >> 1;
  if (term.indexOf(word.slice(0, middle), INSIDE_FROM) < 0 && term.indexOf(word.slice(middle), INSIDE_FROM) < 0) {
    return false;
  }
  for (let start = INSIDE_FROM; start <= term.length - word.length + 1; start++) {
    for (let length = word.length - 1; length <= word.length + 1; length++) {
      if (start + length > term.length) break;
      if (editDistance(word, term.slice(start, start + length), 1) <= 1) return true;
    }
  }
  return false;
}

/** Index words of one term with the fields they stand in: `document << 3 | field`, in document order. */
type Postings = number[];

interface Candidate {
  postings: Postings;
  /** How well this index word matches the query word (`KIND_WEIGHT`). */
  kind: number;
  /** Only these `document << 3 | field` codes count (two words written apart); all if absent. */
  only?: ReadonlySet<number>;
}

const FIELD_BITS = 3;
const FIELD_MASK = (1 << FIELD_BITS) - 1;
const FIELD_WEIGHTS = SEARCH_FIELDS.map((field) => FIELD_WEIGHT[field]);
const SPLIT_FIELD_INDEXES = SPLIT_FIELDS.map((field) => SEARCH_FIELDS.indexOf(field));

/** Build a search index over `documents` (a later document replaces an earlier one with the same id). */
export function createSearchIndex(documents: readonly SearchDocument[] = []): SearchIndex {
  /** Postings by index word; also the vocabulary scanned for compounds. */
  const postingsByTerm = new Map<string, Postings>();
  /** The same postings in a radix tree for prefix and typo lookups. */
  const tree = new SearchableMap<Postings>();
  /** Internal document numbers index these; a removed document's slot stays, marked dead. */
  const ids: string[] = [];
  const alive: boolean[] = [];
  /** Words in the name: among equal scores the shorter name (the closer match) comes first. */
  const nameWords: number[] = [];
  const numberOf = new Map<string, number>();

  function add(document: SearchDocument): void {
    remove(document.id);
    const number = ids.length;
    ids.push(document.id);
    alive.push(true);
    numberOf.set(document.id, number);
    let nameWordCount = 0;
    for (let field = 0; field < SEARCH_FIELDS.length; field++) {
      const text = document.fields[SEARCH_FIELDS[field]!];
      if (!text) continue;
      const words = searchWords(text);
      if (field === 0) nameWordCount = words.length;
      const code = (number << FIELD_BITS) | field;
      for (const word of words) {
        let postings = postingsByTerm.get(word);
        if (postings === undefined) {
          postings = [];
          postingsByTerm.set(word, postings);
          tree.set(word, postings);
        }
        // Postings grow in document and field order: a repeated word is the last entry.
        if (postings[postings.length - 1] !== code) postings.push(code);
      }
    }
    nameWords.push(nameWordCount);
  }

  function remove(id: string): void {
    const number = numberOf.get(id);
    if (number === undefined) return;
    alive[number] = false;
    numberOf.delete(id);
  }

  for (const document of documents) add(document);

  /** Every index word that query word `word` may stand for, with its kind weight. */
  function candidates(word: string, prefix: boolean): Candidate[] {
    const found: Candidate[] = [];
    const exact = postingsByTerm.get(word);
    if (exact) found.push({ postings: exact, kind: KIND_WEIGHT.whole });
    const seen = new Set<string>([word]);
    if (prefix) {
      for (const [term, postings] of tree.atPrefix(word)) {
        if (seen.has(term)) continue;
        seen.add(term);
        found.push({ postings, kind: KIND_WEIGHT.prefix + (0.2 * word.length) / term.length });
      }
    }
    const edits = wordEdits(word);
    if (edits > 0) {
      for (const [term, [postings, distance]] of tree.fuzzyGet(word, edits)) {
        if (seen.has(term)) continue;
        seen.add(term);
        found.push({ postings, kind: distance <= 1 ? KIND_WEIGHT.oneTypo : KIND_WEIGHT.twoTypos });
      }
    }
    if (word.length >= INSIDE_MIN_LENGTH && !HAS_DIGIT.test(word)) {
      const typo = word.length >= INSIDE_TYPO_MIN_LENGTH;
      const shortest = INSIDE_FROM + word.length - (typo ? 1 : 0);
      for (const [term, postings] of postingsByTerm) {
        if (term.length < shortest || seen.has(term)) continue;
        const at = term.indexOf(word, INSIDE_FROM);
        if (at >= 0) {
          found.push({ postings, kind: at + word.length === term.length ? KIND_WEIGHT.insideAtEnd : KIND_WEIGHT.inside });
        } else if (typo && occursInsideWithTypo(word, term)) {
          found.push({ postings, kind: KIND_WEIGHT.insideWithTypo });
        }
      }
    }
    for (let at = SPLIT_MIN_LENGTH; at <= word.length - SPLIT_MIN_LENGTH; at++) {
      const head = postingsByTerm.get(word.slice(0, at));
      const tail = postingsByTerm.get(word.slice(at));
      if (!head || !tail) continue;
      const headCodes = new Set<number>();
      for (const code of head) if (SPLIT_FIELD_INDEXES.includes(code & FIELD_MASK)) headCodes.add(code);
      found.push({ postings: tail, kind: KIND_WEIGHT.split, only: headCodes });
    }
    return found;
  }

  function search(query: string, options: SearchOptions = {}): SearchHit[] {
    const words = [...new Set(searchWords(query, true))].slice(0, MAX_QUERY_WORDS);
    // A single letter after other words is a word still being typed: wait for the next one.
    if (words.length > 1 && words[words.length - 1]!.length === 1) words.pop();
    if (words.length === 0 || (options.limit !== undefined && options.limit <= 0)) return [];

    const count = ids.length;
    /** Sum of the best weight of each query word so far, per document. */
    const total = new Float64Array(count);
    /** How many query words a document has matched so far (all earlier ones, or it is out). */
    const matchedWords = new Uint8Array(count);
    const fieldMask = new Uint8Array(count);
    const best = new Float64Array(count);
    let survivors: number[] = [];
    for (let w = 0; w < words.length; w++) {
      const word = words[w]!;
      const prefix = word.length >= 3 || (word.length === 2 && w === words.length - 1);
      const touched: number[] = [];
      for (const { postings, kind, only } of candidates(word, prefix)) {
        for (const code of postings) {
          const number = code >>> FIELD_BITS;
          if (matchedWords[number] !== w || !alive[number] || (only && !only.has(code))) continue;
          const field = code & FIELD_MASK;
          const weight = FIELD_WEIGHTS[field]! * kind;
          if (best[number] === 0) touched.push(number);
          if (weight > best[number]!) best[number] = weight;
          fieldMask[number] = fieldMask[number]! | (1 << field);
        }
      }
      for (const number of touched) {
        total[number] = total[number]! + best[number]!;
        best[number] = 0;
        matchedWords[number] = w + 1;
      }
      survivors = touched;
      if (survivors.length === 0) return [];
    }

    const hits = options.filter ? survivors.filter((number) => options.filter!(ids[number]!)) : survivors;
    hits.sort((a, b) => total[b]! - total[a]! || nameWords[a]! - nameWords[b]! || a - b);
    const kept = options.limit === undefined ? hits : hits.slice(0, options.limit);
    return kept.map((number) => ({
      id: ids[number]!,
      score: total[number]! / words.length,
      matched: SEARCH_FIELDS.filter((_, field) => (fieldMask[number]! & (1 << field)) !== 0),
    }));
  }

  return {
    search,
    add,
    remove,
    has: (id) => numberOf.has(id),
    get size() {
      return numberOf.size;
    },
  };
}
