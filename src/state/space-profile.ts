/**
 * Assembling the profile of a social space from the open project: its population, the
 * resources lying in it (the resource finder's `spaceOf`, so the map, the resource filters and
 * the profile agree on which space a resource belongs to), when the data were imported, and a
 * small static map (SVG path data) of the space, its neighbours and its resources.
 */
import type { Position } from 'geojson';
import { DEFAULT_CATEGORIES, activeCategories, categoryDefinition, type CategoryDefinition } from '../domain/categories';
import { spaceProfile, type SpaceProfile } from '../domain/space-profile';
import { isEmptyArea, type AreaGeometry, type Layer, type Resource, type ResourceCategory, type SocialSpace } from '../domain/types';
import { bboxOfGeometries, type BBox } from '../geo/bbox';
import { labelPoint } from '../geo/label-point';
import type { ProjectState } from './project.svelte';

/** Size of the small map in SVG user units (pixels on screen). */
export const PROFILE_MAP_WIDTH = 360;
export const PROFILE_MAP_HEIGHT = 280;
/** Room around the space, as a share of its extent. */
const MAP_PADDING = 0.06;
/** Mean length of a degree of latitude. */
const METERS_PER_DEGREE_LATITUDE = 111_320;

export interface ProfileMapDrawing {
  width: number;
  height: number;
  /** SVG path data of the space (even-odd fill for holes); empty when it has no area. */
  spacePath: string;
  /** Other spaces of the variant within view, drawn light, labelled with their code. */
  neighbours: { id: string; code: string; path: string; label: [number, number] | null }[];
  /** The resources of the space. */
  dots: { id: string; category: ResourceCategory; color: string; x: number; y: number }[];
  /** Ground metres per SVG unit (north–south), for a scale bar; null without a frame. */
  metersPerUnit: number | null;
}

export interface SpaceProfileView extends SpaceProfile {
  projectName: string;
  /** The built-in demo (fictional data), which the printout says. */
  isDemo: boolean;
  /** When the units whose population is shown were imported (newest layer); null without units. */
  populationImportedAt: number | null;
  /** When the listed resources were imported (newest layer); null without resources. */
  resourcesImportedAt: number | null;
  map: ProfileMapDrawing;
}

/** Newest import time of the layers holding the given records. */
function newestImport(layers: readonly Layer[], layerIds: Iterable<string>): number | null {
  const wanted = new Set(layerIds);
  let newest: number | null = null;
  for (const layer of layers) {
    if (wanted.has(layer.id) && (newest === null || layer.importedAt > newest)) newest = layer.importedAt;
  }
  return newest;
}

/**
 * A local equirectangular projection fitting `box` into width × height (aspect kept: the box
 * grows in the shorter direction), y downwards, and the box it then shows in degrees.
 * Longitudes are scaled by cos(latitude) at the centre, which keeps shapes true at the scale
 * of a district.
 */
function fitProjection(box: BBox, width: number, height: number): { project: (position: Position) => [number, number]; view: BBox; metersPerUnit: number } {
  const [west, south, east, north] = box;
  const xScale = Math.cos((((south + north) / 2) * Math.PI) / 180);
  const spanX = Math.max((east - west) * xScale, 1e-9);
  const spanY = Math.max(north - south, 1e-9);
  const unitsPerDegree = Math.min(width / (spanX * (1 + 2 * MAP_PADDING)), height / (spanY * (1 + 2 * MAP_PADDING)));
  const centreLon = (west + east) / 2;
  const centreLat = (south + north) / 2;
  const halfWidthDegrees = width / 2 / unitsPerDegree / xScale;
  const halfHeightDegrees = height / 2 / unitsPerDegree;
  return {
    project: ([lon, lat]) => [width / 2 + (lon! - centreLon) * xScale * unitsPerDegree, height / 2 - (lat! - centreLat) * unitsPerDegree],
    view: [centreLon - halfWidthDegrees, centreLat - halfHeightDegrees, centreLon + halfWidthDegrees, centreLat + halfHeightDegrees],
    metersPerUnit: METERS_PER_DEGREE_LATITUDE / unitsPerDegree,
  };
}

const round = (value: number) => Math.round(value * 10) / 10;

function polygonsOf(geometry: AreaGeometry): Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

function pathOf(geometry: AreaGeometry, project: (position: Position) => [number, number]): string {
  const parts: string[] = [];
  for (const polygon of polygonsOf(geometry)) {
    for (const ring of polygon) {
      if (ring.length < 3) continue;
      parts.push(
        ring
          .map((position, index) => {
            const [x, y] = project(position);
            return `${index === 0 ? 'M' : 'L'}${round(x)},${round(y)}`;
          })
          .join('') + 'Z',
      );
    }
  }
  return parts.join('');
}

function overlaps(a: BBox, b: BBox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/** The small map of a space: the space, its neighbours within view and its resources. */
export function profileMapDrawing(
  space: SocialSpace,
  others: readonly SocialSpace[],
  resources: readonly Resource[],
  width = PROFILE_MAP_WIDTH,
  height = PROFILE_MAP_HEIGHT,
  categories: readonly CategoryDefinition[] = DEFAULT_CATEGORIES,
): ProfileMapDrawing {
  const hasArea = !isEmptyArea(space.geometry);
  const box = bboxOfGeometries(hasArea ? [space.geometry] : resources.map((resource) => resource.geometry));
  if (!box) return { width, height, spacePath: '', neighbours: [], dots: [], metersPerUnit: null };
  const { project, view, metersPerUnit } = fitProjection(box, width, height);
  const neighbours = others
    .filter((other) => other.id !== space.id && !isEmptyArea(other.geometry))
    .filter((other) => {
      const otherBox = bboxOfGeometries([other.geometry]);
      return otherBox !== null && overlaps(otherBox, view);
    })
    .map((other) => {
      const [x, y] = project(labelPoint(other.geometry));
      const inside = x > 16 && x < width - 16 && y > 10 && y < height - 6;
      return { id: other.id, code: other.code, path: pathOf(other.geometry, project), label: inside ? ([round(x), round(y)] as [number, number]) : null };
    });
  const dots = resources.map((resource) => {
    const [x, y] = project(resource.geometry.coordinates);
    return { id: resource.id, category: resource.category, color: categoryDefinition(categories, resource.category).color, x: round(x), y: round(y) };
  });
  return { width, height, spacePath: hasArea ? pathOf(space.geometry, project) : '', neighbours, dots, metersPerUnit };
}

/**
 * The profile of the space `spaceId` of the active variant, or null when there is no such
 * space. `spaceOf` maps resource ids to the space they lie in (the resource finder's).
 */
export function buildSpaceProfile(project: ProjectState, spaceOf: ReadonlyMap<string, string>, spaceId: string): SpaceProfileView | null {
  const space = project.spaces.find((candidate) => candidate.id === spaceId);
  if (!space) return null;
  const snapshot = project.snapshot;
  const resources = snapshot.resources.filter((resource) => spaceOf.get(resource.id) === spaceId);
  const profile = spaceProfile(space, project.spacePopulation.get(spaceId) ?? null, resources, activeCategories(project.categories));
  const units = space.unitIds.map((id) => project.unitsById.get(id)).filter((unit) => unit !== undefined);
  return {
    ...profile,
    projectName: project.project.name,
    isDemo: project.project.isDemo,
    populationImportedAt: profile.population ? newestImport(snapshot.layers, units.map((unit) => unit.layerId)) : null,
    resourcesImportedAt: newestImport(snapshot.layers, resources.map((resource) => resource.layerId)),
    map: profileMapDrawing(space, project.spaces, profile.resources, PROFILE_MAP_WIDTH, PROFILE_MAP_HEIGHT, project.categories),
  };
}


/** A scale bar of a round length (1, 2 or 5 × 10ⁿ metres) no longer than `maxUnits`. */
export function scaleBar(metersPerUnit: number, maxUnits: number): { meters: number; units: number } | null {
  const maxMeters = metersPerUnit * maxUnits;
  if (!(maxMeters > 0) || !Number.isFinite(maxMeters)) return null;
  const power = 10 ** Math.floor(Math.log10(maxMeters));
  const meters = [5, 2, 1].map((step) => step * power).find((candidate) => candidate <= maxMeters) ?? power;
  return { meters, units: meters / metersPerUnit };
}
