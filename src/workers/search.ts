/** Main-thread handle of the search worker (one, long-lived: it holds the index). */
import * as Comlink from 'comlink';
import type { SearchService } from '../state/resource-finder.svelte';
import type { SearchWorker } from './search.worker';

let remote: Comlink.Remote<SearchWorker> | null = null;

function worker(): Comlink.Remote<SearchWorker> {
  remote ??= Comlink.wrap<SearchWorker>(new Worker(new URL('./search.worker.ts', import.meta.url), { type: 'module', name: 'search' }));
  return remote;
}

export const searchInWorker: SearchService = {
  load: (documents) => worker().load(documents),
  search: (query) => worker().search(query),
};
