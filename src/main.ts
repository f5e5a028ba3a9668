import { mount } from 'svelte';
import * as Comlink from 'comlink';
import App from './App.svelte';
import demoUrl from '../data/demo-project.json?url';
import { AtlasDatabase } from './store/db';
import { AppState } from './state/app.svelte';
import { projectFileService, projectIoWorker } from './workers/project-io';
import { fileWorkers, geoWorker } from './workers/geo';
import { readOsmFileInWorker } from './workers/osm';
import { tableImportService } from './workers/table-import';
import { pointTilesInWorker } from './workers/point-tiles';
import { searchInWorker } from './workers/search';
import { reachabilityInWorker } from './workers/reachability';
import { registerFonts } from './ui/fonts';
import { broadcastTabChannel } from './state/tab-channel';
import { registerServiceWorker } from './offline';

const db = new AtlasDatabase();

const app = new AppState({
  csvImport: tableImportService,
  pointTiles: pointTilesInWorker,
  search: searchInWorker,
  demand: { assignPoints: (lon, lat, areas) => geoWorker().assignPoints(lon, lat, areas) },
  reachability: reachabilityInWorker,
  db,
  preferences: window.localStorage,
  installDemo: (projectId) =>
    projectIoWorker().installFromUrl(new URL(demoUrl, window.location.href).href, projectId, { isDemo: true }),
  newId: () => crypto.randomUUID(),
  geometry: {
    dissolveGroups: (units, groups) => geoWorker().dissolveGroups(units, groups),
    validateCoverage: (input) => geoWorker().validateCoverage(input),
    fixProblem: (problem, spaces, outline) => geoWorker().fixProblem(problem, spaces, outline),
    fitDrawnArea: (drawn, others, outline) => geoWorker().fitDrawnArea(drawn, others, outline),
    splitArea: (area, line) => geoWorker().splitArea(area, line),
    assignUnitsToPieces: (pieces, units) => geoWorker().assignUnitsToPieces(pieces, units),
    mergeAreas: (areas) => geoWorker().mergeAreas(areas),
  },
  exportSpaces: (format, spaces, units) => geoWorker().exportSpaces(format, spaces, units),
  compareVariants: (input) => geoWorker().compareVariants(input),
  readVectorFile: (fileName, bytes, options, onProgress, signal) =>
    fileWorkers.run((worker) => worker.readVectorFile(fileName, Comlink.transfer(bytes, [bytes]), options, Comlink.proxy(onProgress)), signal),
  readAssignmentTable: (fileName, bytes, units, spaces, options, signal) =>
    fileWorkers.run((worker) => worker.readAssignmentTable(fileName, Comlink.transfer(bytes, [bytes]), units, spaces, options), signal),
  readOsmFile: (fileName, bytes, options, onProgress, signal) => readOsmFileInWorker(fileName, bytes, options, onProgress, signal),
  tabs: broadcastTabChannel(),
  projectFiles: projectFileService,
  storage: navigator.storage && 'estimate' in navigator.storage ? navigator.storage : null,
});

// A tab that was in the background may have missed messages (frozen): look again when it is shown.
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') void app.checkForOutsideChanges();
});

await registerFonts().catch((error: unknown) => console.warn('Fonts could not be registered', error));
mount(App, { target: document.getElementById('app')!, props: { app } });
void app.init();
registerServiceWorker((apply) => (app.update = { apply }));
// A newer version of the app opened in another tab upgrades the database; this tab's connection
// is closed then (Dexie's default), so it offers to reload into the new version.
db.on('versionchange', () => {
  app.update = { apply: () => window.location.reload() };
});
