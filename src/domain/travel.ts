/**
 * Travel modes and speeds for reachability: who may use a road (the mode bits the routing graph
 * stores per edge), the road classes the graph numbers, and the speeds a project travels at.
 *
 * Walking and cycling speeds are the project's settings; a car drives a share of the speed the
 * edge allows (maxspeed or the class default), which stands for junctions, traffic lights and
 * parking. Without a road network every mode travels the straight line times a detour factor
 * (an approximation, labelled as such wherever a figure is shown).
 */
import type { RoadClass } from './types';

export const MODE_WALK = 1;
export const MODE_BIKE = 2;
export const MODE_CAR = 4;

export type TravelMode = 'walk' | 'bike' | 'car';

export const TRAVEL_MODES: readonly TravelMode[] = ['walk', 'bike', 'car'];

/** The graph's mode bit of a travel mode. */
export function modeBit(mode: TravelMode): number {
  return mode === 'walk' ? MODE_WALK : mode === 'bike' ? MODE_BIKE : MODE_CAR;
}

/** Road classes in a fixed order; the routing graph stores the index. */
export const ROAD_CLASSES: readonly RoadClass[] = ['primary', 'secondary', 'tertiary', 'residential', 'track', 'footway'];

export interface TravelSettings {
  /** Walking speed, km/h; also the speed of the walk between a place and the road network. */
  walkKmh: number;
  /** Cycling speed on roads, km/h; tracks and paths are ridden at `BIKE_CLASS_FACTORS` of it. */
  bikeKmh: number;
  /** Share of the allowed speed a car drives on average (0.3 … 1). */
  carSpeedShare: number;
  /** Without a road network: how much longer than the straight line a way is (1 … 3). */
  detourFactor: number;
  /** Without a road network: the mean speed of a car, km/h. */
  carKmhWithoutNetwork: number;
}

/**
 * Defaults: 4.5 km/h is a walk with a child or a pram including crossings (openrouteservice
 * assumes 5 km/h for adults); 15 km/h an everyday bicycle; 80 % of the allowed speed a car in
 * and between towns; 1.3 the detour of a road network against the straight line in Central
 * Europe (Boscoe et al. 2012 measured 1.2–1.4 for urban and rural US).
 */
export const DEFAULT_TRAVEL_SETTINGS: TravelSettings = Object.freeze({
  walkKmh: 4.5,
  bikeKmh: 15,
  carSpeedShare: 0.8,
  detourFactor: 1.3,
  carKmhWithoutNetwork: 40,
});

/** Cycling speed on a road class as a share of `bikeKmh` (unpaved tracks and paths are slower). */
export const BIKE_CLASS_FACTORS: Readonly<Record<RoadClass, number>> = Object.freeze({
  primary: 1,
  secondary: 1,
  tertiary: 1,
  residential: 1,
  track: 0.75,
  footway: 0.8,
});

/** The limits a setting may take; outside them `checkTravelSettings` names the setting. */
export const TRAVEL_SETTING_LIMITS: Readonly<Record<keyof TravelSettings, readonly [number, number]>> = Object.freeze({
  walkKmh: [1, 10],
  bikeKmh: [5, 40],
  carSpeedShare: [0.3, 1],
  detourFactor: [1, 3],
  carKmhWithoutNetwork: [10, 120],
});

/** The settings that lie outside their limits (empty when all are fine). */
export function checkTravelSettings(settings: TravelSettings): (keyof TravelSettings)[] {
  return (Object.keys(TRAVEL_SETTING_LIMITS) as (keyof TravelSettings)[]).filter((key) => {
    const [low, high] = TRAVEL_SETTING_LIMITS[key];
    const value = settings[key];
    return !(Number.isFinite(value) && value >= low && value <= high);
  });
}

/** Metres per second of a km/h figure. */
export function metresPerSecond(kmh: number): number {
  return kmh / 3.6;
}

/** Speed along the straight line when there is no road network, m/s (detour included). */
export function straightLineMetresPerSecond(mode: TravelMode, settings: TravelSettings): number {
  const kmh = mode === 'walk' ? settings.walkKmh : mode === 'bike' ? settings.bikeKmh : settings.carKmhWithoutNetwork;
  return metresPerSecond(kmh) / settings.detourFactor;
}
