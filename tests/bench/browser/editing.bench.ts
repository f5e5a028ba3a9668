/**
 * Frame time while dragging a shared vertex with 500 drawn spaces / 100,000 vertices on the
 * map. Ours: the space editor (terra-draw holds the edited space, the neighbours that follow it
 * are redrawn from a small overlay source). Peer: what one would do without it — move the
 * vertex in the full spaces collection and hand all of it to MapLibre on every pointer move.
 * The figure is the mean interval between animation frames during a 60-step drag.
 */
import type { Position } from 'geojson';
import type { SocialSpace } from '../../../src/domain/types';
import { basemapById } from '../../../src/map/basemaps';
import { spacesCollection } from '../../../src/map/features';
import { MapView } from '../../../src/map/map-view';
import { SOURCE_IDS } from '../../../src/map/style';
import { bboxOfGeometries } from '../../../src/geo/bbox';
import { propagateEdit } from '../../../src/geo/topology/shared-edit';
import { editRequestFor } from '../../../src/state/edit-request';
import type { BenchCase } from '../harness';
import { denseCoverage } from '../dense-coverage';
import { longestTask } from './first-start.bench';

const SPACE_COUNT = 500;
const VERTEX_COUNT = 100_000;
const STEPS = 60;
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442'];

interface EditingFixture {
  view: MapView;
  spaces: SocialSpace[];
  edited: SocialSpace;
  /** A corner of the edited space that a neighbour shares. */
  corner: Position;
  vertexCount: number;
  /** Mean frame interval when the map only repaints (what rendering alone costs here). */
  repaintMilliseconds: number;
}

const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));

function waitForIdle(view: MapView): Promise<void> {
  return new Promise((resolve) => {
    const map = view.maplibre;
    if (map.loaded() && !map.isMoving()) map.once('idle', () => resolve());
    else map.once('idle', () => resolve());
    map.triggerRepaint();
  });
}

let shared: Promise<EditingFixture> | null = null;

/** One map for both figures (building it takes a while). */
function setup(): Promise<EditingFixture> {
  shared ??= createFixture();
  return shared;
}

async function createFixture(): Promise<EditingFixture> {
  const coverage = denseCoverage(SPACE_COUNT, VERTEX_COUNT);
  const spaces: SocialSpace[] = coverage.spaces.map((space, index) => ({
    id: space.id,
    projectId: 'bench',
    variantId: 'v',
    code: `SR ${index}`,
    name: `Raum ${index}`,
    color: PALETTE[index % PALETTE.length]!,
    notes: '',
    geometry: space.geometry,
    unitIds: [],
  }));
  const container = document.createElement('div');
  Object.assign(container.style, { position: 'absolute', left: '0', top: '0', width: '1280px', height: '720px' });
  document.body.appendChild(container);
  const view = new MapView({
    container,
    basemap: basemapById('offline'),
    messages: { zoomIn: '+', zoomOut: '-', onlineTilesFailed: '' },
    pointTile: async () => null,
    onSpaceClick: () => undefined,
    onUnitClick: () => undefined,
    onUnitsBoxSelect: () => undefined,
    onError: (message) => console.error(message),
  });
  await new Promise<void>((resolve) => view.maplibre.once('load', () => resolve()));
  view.setSourceData(SOURCE_IDS.spaces, spacesCollection(spaces));
  view.fitBounds(bboxOfGeometries(spaces.map((space) => space.geometry))!, false);
  await waitForIdle(view);
  // The space nearest the centre of the view, and one of its corners a neighbour shares.
  const centre = view.maplibre.getCenter();
  const edited = [...spaces].sort((a, b) => distanceTo(a, centre) - distanceTo(b, centre))[0]!;
  const neighbourVertices = new Set(
    spaces
      .filter((space) => space.id !== edited.id)
      .flatMap((space) => (space.geometry.coordinates as Position[][])[0]!.map((position) => `${position[0]},${position[1]}`)),
  );
  const corner = (edited.geometry.coordinates as Position[][])[0]!.find((position) => neighbourVertices.has(`${position[0]},${position[1]}`))!;
  await waitForIdle(view);
  const repaintMilliseconds = await frameTime(() => view.maplibre.triggerRepaint());
  return { view, spaces, edited, corner, vertexCount: coverage.vertexCount, repaintMilliseconds };
}

function distanceTo(space: SocialSpace, centre: { lng: number; lat: number }): number {
  const box = bboxOfGeometries([space.geometry])!;
  return Math.hypot((box[0] + box[2]) / 2 - centre.lng, (box[1] + box[3]) / 2 - centre.lat);
}

/** Pointer positions of the drag: a small loop around the corner, one per frame. */
function dragPath(start: { x: number; y: number }): { x: number; y: number }[] {
  return Array.from({ length: STEPS }, (_, step) => {
    const angle = (step / STEPS) * Math.PI * 2;
    return { x: start.x + 10 * Math.sin(angle), y: start.y - 10 * (1 - Math.cos(angle)) };
  });
}

function pointer(type: string, canvas: HTMLCanvasElement, point: { x: number; y: number }, buttons: number): void {
  const rect = canvas.getBoundingClientRect();
  canvas.dispatchEvent(
    new PointerEvent(type, {
      bubbles: true,
      cancelable: true,
      clientX: rect.left + point.x,
      clientY: rect.top + point.y,
      pointerId: 1,
      pointerType: 'mouse',
      isPrimary: true,
      button: 0,
      buttons,
    }),
  );
}

/** Mean interval between animation frames while `step` runs once per frame. */
async function frameTime(step: (index: number) => void): Promise<number> {
  let last = await nextFrame();
  let total = 0;
  for (let index = 0; index < STEPS; index++) {
    step(index);
    const now = await nextFrame();
    total += now - last;
    last = now;
  }
  return total / STEPS;
}

async function dragWithEditor(fixture: EditingFixture): Promise<number> {
  const { view, spaces, edited, corner } = fixture;
  let stored = 0;
  const request = editRequestFor({ kind: 'reshape', spaceId: edited.id }, { spaces, outline: null })!;
  view.startEditing(request, {
    onPolygon: () => undefined,
    onLine: () => undefined,
    onReshape: (geometries) => (stored = geometries.size),
  });
  await waitForIdle(view);
  const canvas = view.maplibre.getCanvas();
  const start = view.maplibre.project([corner[0]!, corner[1]!]);
  const path = dragPath(start);
  pointer('pointermove', canvas, start, 0);
  pointer('pointerdown', canvas, start, 1);
  const milliseconds = await frameTime((index) => pointer('pointermove', canvas, path[index]!, 1));
  pointer('pointerup', canvas, path[STEPS - 1]!, 0);
  view.finishEditing();
  view.cancelEditing();
  // The drag must have moved the corner in the edited space and at least one neighbour.
  if (stored < 2) throw new Error(`The drag changed ${stored} space(s), expected the space and its neighbours`);
  return milliseconds;
}

async function dragWithFullSetData(fixture: EditingFixture): Promise<number> {
  const { view, spaces, edited, corner } = fixture;
  const start = view.maplibre.project([corner[0]!, corner[1]!]);
  const path = dragPath(start);
  const neighbours = spaces.filter((space) => space.id !== edited.id);
  let current = spaces;
  let editedGeometry = edited.geometry;
  const milliseconds = await frameTime((index) => {
    const target = view.maplibre.unproject([path[index]!.x, path[index]!.y]);
    const before = editedGeometry;
    const ring = (before.coordinates as Position[][])[0]!.map((position) =>
      position[0] === corner[0] && position[1] === corner[1] ? [target.lng, target.lat] : position,
    );
    const after = { type: 'Polygon' as const, coordinates: [ring] };
    const moved = propagateEdit(before, after, neighbours);
    editedGeometry = after;
    current = current.map((space) =>
      space.id === edited.id ? { ...space, geometry: after } : moved.has(space.id) ? { ...space, geometry: moved.get(space.id)! } : space,
    );
    view.setSourceData(SOURCE_IDS.spaces, spacesCollection(current));
  });
  view.setSourceData(SOURCE_IDS.spaces, spacesCollection(spaces));
  await waitForIdle(view);
  return milliseconds;
}

export const dragVertexLongestTaskBench: BenchCase = {
  name: 'drag-vertex-longest-main-thread-task',
  peer: 'setData of the full spaces collection per pointer move',
  setup,
  ours: dragWithEditor,
  peerRun: dragWithFullSetData,
  measureRun: longestTask,
  ratioFloorMilliseconds: 50,
  note: (fixture: EditingFixture) =>
    `longest main-thread task in ms during the drag (0 = none over 50 ms; ratio against 50 ms); ${fixture.spaces.length} spaces, ${fixture.vertexCount.toLocaleString('en')} vertices`,
};

export const dragVertexBench: BenchCase = {
  name: 'drag-vertex-frame-time',
  peer: 'setData of the full spaces collection per pointer move',
  setup,
  ours: dragWithEditor,
  peerRun: dragWithFullSetData,
  measureRun: async (run) => (await run()) as number,
  note: (fixture: EditingFixture) =>
    `mean frame interval (ms) during a ${STEPS}-step drag of a shared corner; ${fixture.spaces.length} spaces, ${fixture.vertexCount.toLocaleString('en')} vertices, 1280×720, SwiftShader; a bare repaint takes ${fixture.repaintMilliseconds.toFixed(0)} ms per frame here`,
};
