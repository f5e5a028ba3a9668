/**
 * Who may use an OSM road, in which direction and how fast: the rules that turn the tags of a
 * `highway=*` way into the edge attributes of the routing graph, and the road class for the map.
 *
 * Defaults follow the German access table of the OSM wiki ("OSM tags for routing/Access
 * restrictions", Germany): footways are not for bicycles, paths are for walking and cycling,
 * tracks are not for cars unless tagged, motorways only for motor vehicles, `motorroad=yes`
 * (Kraftfahrstraße) shuts out walkers and cyclists. Explicit tags override from general to
 * specific: access → vehicle → bicycle / motor_vehicle → motorcar, and foot.
 */
import type { RoadClass } from '../../domain/types';
import { MODE_BIKE, MODE_CAR, MODE_WALK } from '../../domain/travel';
import type { OsmTags } from './model';

// Mode bits and road classes are shared with the reachability engine (domain/travel).
export { MODE_BIKE, MODE_CAR, MODE_WALK, ROAD_CLASSES } from '../../domain/travel';

interface HighwayDefaults {
  roadClass: RoadClass;
  /** MODE_* flags allowed when no access tag says otherwise. */
  modes: number;
  /** Car speed in km/h when there is no maxspeed. */
  carKmh: number;
  /** Implied oneway for vehicles (motorway, motorway_link). */
  oneway?: boolean;
}

const ALL = MODE_WALK | MODE_BIKE | MODE_CAR;

/** Routable highway values. Others (construction, proposed, platform, bus_stop, …) are not roads. */
const HIGHWAYS: Record<string, HighwayDefaults> = {
  motorway: { roadClass: 'primary', modes: MODE_CAR, carKmh: 120, oneway: true },
  motorway_link: { roadClass: 'primary', modes: MODE_CAR, carKmh: 60, oneway: true },
  trunk: { roadClass: 'primary', modes: ALL, carKmh: 100 },
  trunk_link: { roadClass: 'primary', modes: ALL, carKmh: 50 },
  primary: { roadClass: 'primary', modes: ALL, carKmh: 70 },
  primary_link: { roadClass: 'primary', modes: ALL, carKmh: 50 },
  secondary: { roadClass: 'secondary', modes: ALL, carKmh: 60 },
  secondary_link: { roadClass: 'secondary', modes: ALL, carKmh: 50 },
  tertiary: { roadClass: 'tertiary', modes: ALL, carKmh: 50 },
  tertiary_link: { roadClass: 'tertiary', modes: ALL, carKmh: 40 },
  unclassified: { roadClass: 'residential', modes: ALL, carKmh: 50 },
  residential: { roadClass: 'residential', modes: ALL, carKmh: 30 },
  living_street: { roadClass: 'residential', modes: ALL, carKmh: 7 },
  service: { roadClass: 'residential', modes: ALL, carKmh: 20 },
  road: { roadClass: 'residential', modes: ALL, carKmh: 30 },
  track: { roadClass: 'track', modes: MODE_WALK | MODE_BIKE, carKmh: 20 },
  pedestrian: { roadClass: 'footway', modes: MODE_WALK, carKmh: 7 },
  footway: { roadClass: 'footway', modes: MODE_WALK, carKmh: 7 },
  path: { roadClass: 'footway', modes: MODE_WALK | MODE_BIKE, carKmh: 7 },
  cycleway: { roadClass: 'footway', modes: MODE_BIKE, carKmh: 7 },
  bridleway: { roadClass: 'footway', modes: 0, carKmh: 7 },
  steps: { roadClass: 'footway', modes: MODE_WALK, carKmh: 7 },
  corridor: { roadClass: 'footway', modes: MODE_WALK, carKmh: 7 },
  elevator: { roadClass: 'footway', modes: MODE_WALK, carKmh: 7 },
};

const ALLOWED = new Set(['yes', 'designated', 'permissive', 'destination', 'customers', 'official', 'discouraged', 'use_sidepath', 'optional_sidepath', 'dismount']);
const DENIED = new Set(['no', 'private', 'agricultural', 'forestry', 'delivery', 'military', 'emergency', 'psv', 'bus', 'restricted', 'residents', 'employees', 'permit']);

/**
 * The verdict of one access tag: true (allowed), false (denied) or null (absent or a value that
 * says nothing, e.g. a conditional). A list ("agricultural;forestry") allows when one item does.
 */
export function accessValue(value: string | undefined): boolean | null {
  if (value === undefined) return null;
  let verdict: boolean | null = null;
  for (const raw of value.split(/[;,]/)) {
    const item = raw.trim();
    if (ALLOWED.has(item)) return true;
    if (DENIED.has(item)) verdict = false;
  }
  return verdict;
}

/** The first tag in `keys` (most specific first) that says something, else `fallback`. */
function decide(tags: OsmTags, keys: readonly string[], fallback: boolean): boolean {
  for (const key of keys) {
    const verdict = accessValue(tags[key]);
    if (verdict !== null) return verdict;
  }
  return fallback;
}

const FOOT_KEYS = ['foot', 'access'];
const BIKE_KEYS = ['bicycle', 'vehicle', 'access'];
const CAR_KEYS = ['motorcar', 'motor_vehicle', 'vehicle', 'access'];

const GERMAN_SPEEDS: Record<string, number> = {
  'DE:urban': 50,
  'DE:rural': 100,
  'DE:motorway': 130,
  'DE:trunk': 100,
  'DE:living_street': 7,
  'DE:bicycle_road': 30,
  'DE:zone30': 30,
  'DE:zone:30': 30,
  'DE:zone20': 20,
  'DE:zone:20': 20,
  'DE:zone10': 10,
  'DE:zone:10': 10,
  'AT:urban': 50,
  'AT:rural': 100,
  'AT:motorway': 130,
  'CH:urban': 50,
  'CH:rural': 80,
  'CH:motorway': 120,
  walk: 7,
  none: 130,
};

/** Parse `maxspeed` to km/h ("50", "30 mph", "DE:urban", "walk", "none"); null when unknown. */
export function parseMaxspeed(value: string | undefined): number | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  const named = GERMAN_SPEEDS[trimmed];
  if (named !== undefined) return named;
  const match = /^(\d+(?:\.\d+)?)\s*(mph|km\/h|kmh)?$/.exec(trimmed);
  if (!match) {
    // a list ("50;30", lanes or times): the smallest speed that parses
    if (!trimmed.includes(';')) return null;
    const numbers = trimmed
      .split(';')
      .map((item) => parseMaxspeed(item))
      .filter((speed): speed is number => speed !== null);
    return numbers.length > 0 ? Math.min(...numbers) : null;
  }
  const speed = Number(match[1]) * (match[2] === 'mph' ? 1.609344 : 1);
  return speed > 0 ? speed : null;
}

export interface RoadAttributes {
  roadClass: RoadClass;
  /** MODE_* flags allowed along the way (in drawing direction). */
  forward: number;
  /** MODE_* flags allowed against the drawing direction. */
  backward: number;
  /** Car speed in km/h: maxspeed when tagged (capped at 130), else the class default. */
  carKmh: number;
}

/**
 * The routing attributes of a way, or null when it is not a road for anyone (no highway tag,
 * a highway value that is no road, or closed to every mode). A pedestrian square mapped as a
 * closed way (`area=yes`) is walked along its outline.
 */
export function roadAttributes(tags: OsmTags): RoadAttributes | null {
  const highway = tags['highway'];
  if (highway === undefined) return null;
  const defaults = HIGHWAYS[highway];
  if (!defaults) return null;
  let walk = (defaults.modes & MODE_WALK) !== 0;
  let bike = (defaults.modes & MODE_BIKE) !== 0;
  let car = (defaults.modes & MODE_CAR) !== 0;
  if (tags['motorroad'] === 'yes') walk = bike = false;
  walk = decide(tags, FOOT_KEYS, walk);
  bike = decide(tags, BIKE_KEYS, bike);
  car = decide(tags, CAR_KEYS, car);
  const modes = (walk ? MODE_WALK : 0) | (bike ? MODE_BIKE : 0) | (car ? MODE_CAR : 0);
  if (modes === 0) return null;

  // oneway: vehicles only; bicycles may be exempt; walkers only by oneway:foot
  const oneway = tags['oneway'];
  let vehicleDirection = 0; // 0 both, 1 forward only, -1 backward only
  if (oneway === 'yes' || oneway === 'true' || oneway === '1') vehicleDirection = 1;
  else if (oneway === '-1' || oneway === 'reverse') vehicleDirection = -1;
  else if (oneway === undefined && (defaults.oneway || tags['junction'] === 'roundabout' || tags['junction'] === 'circular')) vehicleDirection = 1;
  let bikeDirection = vehicleDirection;
  const onewayBicycle = tags['oneway:bicycle'];
  const cycleway = tags['cycleway'] ?? '';
  if (onewayBicycle === 'no' || cycleway.startsWith('opposite')) bikeDirection = 0;
  else if (onewayBicycle === 'yes') bikeDirection = 1;
  else if (onewayBicycle === '-1') bikeDirection = -1;
  const onewayFoot = tags['oneway:foot'];
  const walkDirection = onewayFoot === 'yes' ? 1 : onewayFoot === '-1' ? -1 : 0;

  let forward = 0;
  let backward = 0;
  const add = (mode: number, allowed: boolean, direction: number) => {
    if (!allowed) return;
    if (direction >= 0) forward |= mode;
    if (direction <= 0) backward |= mode;
  };
  add(MODE_WALK, walk, walkDirection);
  add(MODE_BIKE, bike, bikeDirection);
  add(MODE_CAR, car, vehicleDirection);

  const maxspeed = parseMaxspeed(tags['maxspeed']);
  const carKmh = Math.min(130, maxspeed ?? defaults.carKmh);
  return { roadClass: defaults.roadClass, forward, backward, carKmh };
}

/** The map class of a highway way even when nobody may use it (or null when it is no road). */
export function roadClassOf(tags: OsmTags): RoadClass | null {
  const highway = tags['highway'];
  return highway === undefined ? null : (HIGHWAYS[highway]?.roadClass ?? null);
}
