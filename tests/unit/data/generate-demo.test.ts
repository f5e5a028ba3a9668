import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { area, booleanPointInPolygon, featureCollection, intersect, multiPolygon, point, polygon } from '@turf/turf';
import type { Feature, LineString, MultiPolygon, Polygon, Position } from 'geojson';
import {
  DEMO_CSV_FILE,
  DEMO_DATA_DIR,
  DEMO_JSON_FILE,
  DEMO_YEARS,
  writeDemo,
} from '../../../data/generate-demo';
import { parseProjectSnapshot } from '../../../src/io/project-snapshot';
import { dissolvePolygons } from '../../../src/geo/dissolve';
import { HELP_TYPES, helpTypeById } from '../../../src/domain/help-types';
import { DEFAULT_CATEGORIES, categoryDefinition } from '../../../src/domain/categories';
import { populationUnder, sumPopulations, totalPopulation } from '../../../src/domain/age-bands';
import type { AreaGeometry, DemandRecord, ProjectSnapshot, TableName } from '../../../src/domain/types';
import { TABLE_NAMES } from '../../../src/domain/types';

// Generating takes a few seconds: do it once, into a temporary directory, and compare the bytes
// with the committed files. All other checks read the committed files, as the app does.
let outDir = '';
let snapshot: ProjectSnapshot;

beforeAll(() => {
  outDir = mkdtempSync(join(tmpdir(), 'demo-'));
  writeDemo(outDir);
  snapshot = parseProjectSnapshot(JSON.parse(readFileSync(join(DEMO_DATA_DIR, DEMO_JSON_FILE), 'utf8')), DEMO_JSON_FILE);
}, 60_000);

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

const toFeature = (geometry: AreaGeometry): Feature<Polygon | MultiPolygon> =>
  geometry.type === 'Polygon' ? polygon(geometry.coordinates) : multiPolygon(geometry.coordinates);
const outOfHome = (record: DemandRecord): boolean => helpTypeById(record.helpType).outOfHome;
const sumCounts = (records: readonly DemandRecord[]): number => records.reduce((sum, record) => sum + record.count, 0);

describe('demo generator output', () => {
  it('regenerates byte-identical files', () => {
    for (const file of [DEMO_JSON_FILE, DEMO_CSV_FILE]) {
      const fresh = readFileSync(join(outDir, file));
      const committed = readFileSync(join(DEMO_DATA_DIR, file));
      expect(fresh.equals(committed), `${file} differs from a fresh generation: run "npm run demo"`).toBe(true);
    }
  });

  it('keeps the project file small, one record per line, coordinates with at most 6 decimals', () => {
    const text = readFileSync(join(DEMO_DATA_DIR, DEMO_JSON_FILE), 'utf8');
    expect(Buffer.byteLength(text)).toBeLessThan(2.5 * 1024 * 1024);
    expect(text).not.toMatch(/\d\.\d{7,}/);
    const recordCount = TABLE_NAMES.reduce((sum, table) => sum + snapshot[table].length, 0);
    expect(text.split('\n').filter((line) => line.startsWith('    {')).length).toBe(recordCount);
  });

  it('describes a fictional demo project', () => {
    const [project] = snapshot.projects;
    expect(project?.id).toBe('demo');
    expect(project?.isDemo).toBe(true);
    expect(project?.name).toContain('fiktiv');
    expect(project?.description).toMatch(/Fiktive Demodaten/);
    expect(project?.description).toMatch(/Datenstand 31\.12\.2025/);
    expect(project?.settings).toEqual({ basemap: 'offline', suppressionThreshold: 5 });
    expect(snapshot.variants.map((variant) => variant.id)).toEqual([project?.activeVariantId]);
  });

  it('gives every record the demo project id and a unique id', () => {
    for (const table of TABLE_NAMES.filter((name): name is Exclude<TableName, 'projects'> => name !== 'projects')) {
      const records = snapshot[table] as { id: string; projectId: string }[];
      expect(records.every((record) => record.projectId === 'demo'), table).toBe(true);
      expect(new Set(records.map((record) => record.id)).size, table).toBe(records.length);
    }
  });

  it('has counts in the intended ranges', () => {
    expect(snapshot.units.length).toBeGreaterThanOrEqual(60);
    expect(snapshot.units.length).toBeLessThanOrEqual(150);
    expect(snapshot.spaces.length).toBeGreaterThanOrEqual(6);
    expect(snapshot.spaces.length).toBeLessThanOrEqual(10);
    expect(snapshot.resources.length).toBeGreaterThanOrEqual(150);
    expect(snapshot.resources.length).toBeLessThanOrEqual(300);
    const roads = snapshot.features.filter((feature) => feature.layerId === 'layer-network');
    expect(roads.length).toBeGreaterThan(300);
    expect(roads.length).toBeLessThanOrEqual(3000);
    const population = totalPopulation(sumPopulations(snapshot.units.map((unit) => unit.population)));
    expect(population).toBeGreaterThanOrEqual(70_000);
    expect(population).toBeLessThanOrEqual(110_000);
  });

  it('has plausible, non-negative populations by age band', () => {
    for (const unit of snapshot.units) {
      expect(Object.values(unit.population).every((value) => Number.isInteger(value) && value >= 0), unit.name).toBe(true);
    }
    const total = sumPopulations(snapshot.units.map((unit) => unit.population));
    const share = populationUnder(total, 6) / totalPopulation(total);
    expect(share).toBeGreaterThan(0.045);
    expect(share).toBeLessThan(0.065);
  });

  it('puts every unit in exactly one space', () => {
    const unitIds = snapshot.units.map((unit) => unit.id).sort();
    const assigned = snapshot.spaces.flatMap((space) => space.unitIds).sort();
    expect(assigned).toEqual(unitIds);
  });

  it('builds each space as the dissolve of its units, as one polygon', () => {
    const units = new Map(snapshot.units.map((unit) => [unit.id, unit]));
    for (const space of snapshot.spaces) {
      expect(space.geometry.type, space.code).toBe('Polygon');
      const dissolved = dissolvePolygons(space.unitIds.map((id) => units.get(id)?.geometry as AreaGeometry));
      expect(Math.abs(area(dissolved) - area(space.geometry)), space.code).toBeLessThan(1);
    }
  });

  it('tiles the outline with spaces: no overlaps and no gaps', () => {
    const spaces = snapshot.spaces;
    for (let a = 0; a < spaces.length; a++) {
      for (let b = a + 1; b < spaces.length; b++) {
        const overlap = intersect(featureCollection([toFeature(spaces[a]!.geometry), toFeature(spaces[b]!.geometry)]));
        expect(overlap ? area(overlap) : 0, `${spaces[a]!.code} × ${spaces[b]!.code}`).toBeLessThan(1);
      }
    }
    const outline = snapshot.projects[0]!.outline as AreaGeometry;
    expect(outline.type).toBe('Polygon');
    const union = dissolvePolygons(spaces.map((space) => space.geometry));
    expect(Math.abs(area(union) - area(outline))).toBeLessThan(1);
    const sumOfAreas = spaces.reduce((sum, space) => sum + area(space.geometry), 0);
    expect(Math.abs(sumOfAreas - area(outline))).toBeLessThan(1);
  });

  it('has a connected road network whose roads meet only at end points', () => {
    const roads = snapshot.features.filter((feature) => feature.layerId === 'layer-network');
    const classes = new Set(['primary', 'secondary', 'tertiary', 'residential', 'track', 'footway']);
    const key = (position: Position): string => `${position[0]},${position[1]}`;
    const parent = new Map<string, string>();
    const find = (node: string): string => {
      let root = node;
      while (parent.get(root) !== root) root = parent.get(root) as string;
      parent.set(node, root);
      return root;
    };
    const featuresAt = new Map<string, { interior: number; end: number }>();
    for (const road of roads) {
      expect(road.geometry.type).toBe('LineString');
      expect(classes.has(road.properties.class), road.properties.class).toBe(true);
      const positions = (road.geometry as LineString).coordinates;
      positions.forEach((position, index) => {
        const node = key(position);
        if (!parent.has(node)) parent.set(node, node);
        const usage = featuresAt.get(node) ?? { interior: 0, end: 0 };
        if (index === 0 || index === positions.length - 1) usage.end += 1;
        else usage.interior += 1;
        featuresAt.set(node, usage);
        if (index > 0) parent.set(find(node), find(key(positions[index - 1]!)));
      });
    }
    const roots = new Set([...parent.keys()].map(find));
    expect(roots.size).toBe(1);
    const interiorJunctions = [...featuresAt.entries()].filter(([, usage]) => usage.interior > 0 && usage.interior + usage.end > 1);
    expect(interiorJunctions).toEqual([]);
  });

  it('has resources with a known category, its ages, an address and a place inside the district', () => {
    const outline = snapshot.projects[0]!.outline as AreaGeometry;
    for (const resource of snapshot.resources) {
      const category = categoryDefinition(DEFAULT_CATEGORIES, resource.category);
      expect(resource.ageFromYears).toBe(category.ageFromYears);
      expect(resource.ageToYears).toBe(category.ageToYears);
      expect(resource.address, resource.name).toMatch(/^.+ \d+, \d{5} .+$/);
      expect(booleanPointInPolygon(point(resource.geometry.coordinates), outline), resource.name).toBe(true);
    }
    const kitas = snapshot.resources.filter((resource) => resource.category === 'kita');
    expect(kitas.every((kita) => typeof kita.capacity === 'number' && kita.capacity > 0)).toBe(true);
  });

  it('has demand for 2018–2025 whose table equals the aggregation of the located cases', () => {
    const cases = snapshot.demand.filter((record) => record.layerId === 'layer-demand-cases');
    const table = snapshot.demand.filter((record) => record.layerId === 'layer-demand-table');
    expect([...new Set(snapshot.demand.map((record) => record.year))].sort()).toEqual([...DEMO_YEARS]);
    expect(cases.length).toBeGreaterThan(1000);
    expect(cases.length).toBeLessThanOrEqual(8000);
    expect(cases.every((record) => record.count === 1 && record.geometry !== null && record.areaKey === null)).toBe(true);
    expect(table.every((record) => record.geometry === null && record.areaKey !== null)).toBe(true);
    const aggregated = new Map<string, number>();
    for (const record of cases) {
      const containing = snapshot.spaces.filter((space) => booleanPointInPolygon(point(record.geometry!.coordinates), space.geometry));
      expect(containing.length, record.id).toBe(1);
      const cell = `${containing[0]!.code}|${record.year}|${record.helpType}`;
      aggregated.set(cell, (aggregated.get(cell) ?? 0) + 1);
    }
    expect(table.length).toBe(snapshot.spaces.length * DEMO_YEARS.length * HELP_TYPES.length);
    for (const record of table) {
      expect(record.count, `${record.areaKey} ${record.year} § ${record.helpType}`).toBe(
        aggregated.get(`${record.areaKey}|${record.year}|${record.helpType}`) ?? 0,
      );
    }
  });

  it('has plausible help rates: 20–50 cases per 1,000 under 21 per space and year', () => {
    const units = new Map(snapshot.units.map((unit) => [unit.id, unit]));
    const table = snapshot.demand.filter((record) => record.layerId === 'layer-demand-table');
    for (const space of snapshot.spaces) {
      const under21 = populationUnder(sumPopulations(space.unitIds.map((id) => units.get(id)!.population)), 21);
      const perYear = sumCounts(table.filter((record) => record.areaKey === space.code)) / DEMO_YEARS.length;
      const ratePer1000 = (perYear / under21) * 1000;
      expect(ratePer1000, space.code).toBeGreaterThan(20);
      expect(ratePer1000, space.code).toBeLessThan(50);
    }
  });

  it('tells the story: out-of-home placements fall where a local provider opened', () => {
    const providers = snapshot.resources.filter(
      (resource) => resource.category === 'provider' && [2019, 2020].includes(resource.attributes['openedYear'] as number),
    );
    const providerCodes = new Set(
      snapshot.spaces.filter((space) => providers.some((provider) => booleanPointInPolygon(point(provider.geometry.coordinates), space.geometry))).map((space) => space.code),
    );
    expect(providerCodes.size).toBeGreaterThanOrEqual(3);
    expect(providerCodes.size).toBeLessThanOrEqual(4);
    const table = snapshot.demand.filter((record) => record.layerId === 'layer-demand-table');
    const change = (withProvider: boolean, year: number, filter: (record: DemandRecord) => boolean): number =>
      sumCounts(table.filter((record) => providerCodes.has(record.areaKey as string) === withProvider && record.year === year && filter(record)));
    const ambulant = (record: DemandRecord): boolean => ['27.2', '30', '31'].includes(record.helpType);
    const providerRatio = change(true, 2025, outOfHome) / change(true, 2018, outOfHome);
    const otherRatio = change(false, 2025, outOfHome) / change(false, 2018, outOfHome);
    expect(providerRatio).toBeLessThanOrEqual(0.8);
    expect(otherRatio).toBeGreaterThan(0.9);
    expect(otherRatio).toBeGreaterThan(providerRatio + 0.2);
    expect(change(true, 2025, ambulant)).toBeGreaterThan(change(true, 2018, ambulant) * 1.2);
  });

  it('writes the demand table as a Windows-1252 CSV with CRLF and semicolons', () => {
    const bytes = readFileSync(join(DEMO_DATA_DIR, DEMO_CSV_FILE));
    const text = bytes.toString('latin1');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = text.slice(0, -2).split('\r\n');
    expect(lines[0]).toBe('Sozialraum;Bezeichnung;Jahr;Hilfeart;Setting;F\u00e4lle');
    expect(bytes.includes(Buffer.from([0xe4]))).toBe(true); // "ä" as one Windows-1252 byte
    const table = snapshot.demand.filter((record) => record.layerId === 'layer-demand-table');
    expect(lines.length - 1).toBe(table.length);
    const total = lines.slice(1).reduce((sum, line) => sum + Number(line.split(';')[5]), 0);
    expect(total).toBe(sumCounts(table));
  });
});
