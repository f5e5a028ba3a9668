/** Reading projects straight from the page's IndexedDB (not through the app), for comparisons. */
import type { Page } from 'playwright-core';

/** Ids of the stored projects. */
export function storedProjectIds(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('sozialraum-atlas');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const keys = await new Promise<IDBValidKey[]>((resolve, reject) => {
      const request = db.transaction('projects').objectStore('projects').getAllKeys();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    db.close();
    return (keys as string[]).sort();
  });
}

/**
 * A project's stored data as comparable text: every record of its tables (projectId and the
 * project's own id left out, sorted by key), point sets, chunks and road graphs (typed arrays as
 * lists, NaN written out). The undo log and bookkeeping are left out.
 */
export function projectDump(page: Page, projectId: string): Promise<Record<string, string[]>> {
  return page.evaluate(async (projectId) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('sozialraum-atlas');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const stores = ['projects', 'variants', 'spaces', 'layers', 'units', 'resources', 'demand', 'features', 'views', 'pointSets', 'pointChunks', 'roadGraphs'];
    const text = (value: unknown) =>
      JSON.stringify(value, (_key, item: unknown) => {
        if (ArrayBuffer.isView(item)) return Array.from(item as unknown as ArrayLike<number>, (number) => (Number.isNaN(number) ? 'NaN' : number));
        if (typeof item === 'number' && !Number.isFinite(item)) return String(item);
        return item;
      });
    const dump: Record<string, string[]> = {};
    for (const store of stores) {
      const records = await new Promise<Record<string, unknown>[]>((resolve, reject) => {
        const request = db.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result as Record<string, unknown>[]);
        request.onerror = () => reject(request.error);
      });
      dump[store] = records
        .filter((record) => (store === 'projects' ? record['id'] === projectId : record['projectId'] === projectId))
        .map((record) => {
          const { projectId: _owner, ...rest } = record;
          return text(store === 'projects' ? { ...rest, id: '*' } : rest);
        })
        .sort();
    }
    db.close();
    return dump;
  }, projectId);
}

/** Import a project file through the project menu and wait until the dialog says how it went. */
export async function importProjectFromMenu(page: Page, path: string, outcome: 'done' | 'error' = 'done'): Promise<void> {
  await page.click('[data-testid="project-menu"]');
  await page.click('[data-testid="project-import"]');
  await page.setInputFiles('[data-testid="project-import-file"]', path);
  await page.waitForSelector(`[data-testid="project-file-${outcome}"]`, { timeout: 180_000 });
}
