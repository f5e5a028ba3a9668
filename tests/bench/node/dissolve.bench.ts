import { area, feature, featureCollection, union } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { AreaGeometry } from '../../../src/domain/types';
import { dissolveGroups, type DissolveStats } from '../../../src/geo/coverage-dissolve';
import type { BenchCase } from '../harness';
import { sampleGroups, syntheticCoverage, type SyntheticCoverage } from './synthetic-coverage';

const UNIT_COUNT = 10_000;
const SPACE_COUNT = 200;
const PEER_SAMPLE_SPACES = 10;

/** The peer: turf.union folded pairwise over the units of each space, one space at a time. */
export function unionOneByOne(coverage: SyntheticCoverage): Map<string, AreaGeometry | null> {
  const byId = new Map(coverage.units.map((unit) => [unit.id, unit.geometry]));
  const result = new Map<string, AreaGeometry | null>();
  for (const [spaceId, unitIds] of coverage.groups) {
    let accumulated: Feature<Polygon | MultiPolygon> | null = null;
    for (const unitId of unitIds) {
      const next = feature(byId.get(unitId)!);
      accumulated = accumulated ? union(featureCollection([accumulated, next])) : next;
    }
    result.set(spaceId, accumulated?.geometry ?? null);
  }
  return result;
}

interface DissolveBenchData {
  coverage: SyntheticCoverage;
  check: string;
}

/** Once, outside the timed runs: both approaches give the same areas on the peer sample. */
function sameResultCheck(coverage: SyntheticCoverage): string {
  const stats = new Map<string, DissolveStats>();
  const ours = dissolveGroups(coverage.units, coverage.groups, stats);
  const fast = [...stats.values()].filter((entry) => entry.path === 'fast').length;
  const sample = sampleGroups(coverage, PEER_SAMPLE_SPACES);
  const peer = unionOneByOne(sample);
  let worstRelative = 0;
  for (const [spaceId, geometry] of peer) {
    const peerArea = area(geometry!);
    worstRelative = Math.max(worstRelative, Math.abs(area(ours.get(spaceId)!) - peerArea) / peerArea);
  }
  return `fast path ${fast}/${stats.size} spaces; same result as peer on ${peer.size} spaces: max relative area difference ${worstRelative.toExponential(1)}`;
}

export const dissolveBench: BenchCase = {
  name: 'dissolve',
  peer: 'turf.union one by one',
  setup: (): DissolveBenchData => {
    const coverage = syntheticCoverage(UNIT_COUNT, SPACE_COUNT);
    return { coverage, check: sameResultCheck(coverage) };
  },
  ours: (data: DissolveBenchData) => dissolveGroups(data.coverage.units, data.coverage.groups),
  peerRun: (data: DissolveBenchData) => unionOneByOne(data.coverage),
  peerSample: {
    size: PEER_SAMPLE_SPACES,
    factor: SPACE_COUNT / PEER_SAMPLE_SPACES,
    setup: (): DissolveBenchData => ({ coverage: sampleGroups(syntheticCoverage(UNIT_COUNT, SPACE_COUNT), PEER_SAMPLE_SPACES), check: '' }),
  },
  note: (data: DissolveBenchData) =>
    `${data.coverage.units.length} Voronoi units (6 decimals) into ${data.coverage.groups.size} spaces; peer on ${PEER_SAMPLE_SPACES} spaces, scaled; ${data.check}`,
};
