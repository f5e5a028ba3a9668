/**
 * Worker holding the full-text index of the resources (domain/search): building it for 50,000
 * resources takes about half a second, which on the main thread would freeze the first
 * keystroke. The page sends the documents when the resources change and asks for ids.
 */
import * as Comlink from 'comlink';
import { createSearchIndex, type SearchDocument, type SearchIndex } from '../domain/search';

let index: SearchIndex = createSearchIndex([]);

export const searchApi = {
  load(documents: SearchDocument[]): void {
    index = createSearchIndex(documents);
  },

  /** Ids of the documents matching every word of `query`, best first. */
  search(query: string): string[] {
    return index.search(query).map((hit) => hit.id);
  },
};

export type SearchWorker = typeof searchApi;

if (typeof WorkerGlobalScope !== 'undefined' && self instanceof WorkerGlobalScope) Comlink.expose(searchApi);
