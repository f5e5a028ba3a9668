/**
 * A local metric projection for a project: the UTM zone (ETRS89 / GRS80) of a point.
 * Used for metric work (distances, buffers, grids) on WGS84 data.
 */
import proj4 from 'proj4';

export interface LocalProjection {
  /** EPSG code of the projection, e.g. "EPSG:25832" for ETRS89 / UTM zone 32N. */
  epsg: string;
  proj4Definition: string;
  /** [longitude, latitude] → [easting, northing] in metres. */
  toMeters(lonLat: readonly [number, number]): [number, number];
  /** [easting, northing] in metres → [longitude, latitude]. */
  toLonLat(meters: readonly [number, number]): [number, number];
}

/** UTM zone number (1–60) of a longitude; ignores the Norway/Svalbard exceptions. */
export function utmZoneForLongitude(longitude: number): number {
  const zone = Math.floor((longitude + 180) / 6) + 1;
  return Math.min(60, Math.max(1, zone));
}

/** ETRS89/GRS80 UTM projection of the zone that contains `center` (northern hemisphere). */
export function createLocalProjection(center: readonly [number, number]): LocalProjection {
  const [longitude, latitude] = center;
  if (latitude < 0) throw new Error('createLocalProjection: only the northern hemisphere');
  const zone = utmZoneForLongitude(longitude);
  const definition = `+proj=utm +zone=${zone} +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs`;
  const converter = proj4('EPSG:4326', definition);
  return {
    // ETRS89 / UTM has EPSG codes for zones 28–38 (Europe); elsewhere WGS 84 / UTM.
    epsg: zone >= 28 && zone <= 38 ? `EPSG:${25800 + zone}` : `EPSG:${32600 + zone}`,
    proj4Definition: definition,
    toMeters: (lonLat) => {
      const [x, y] = converter.forward([lonLat[0], lonLat[1]]);
      return [x as number, y as number];
    },
    toLonLat: (meters) => {
      const [x, y] = converter.inverse([meters[0], meters[1]]);
      return [x as number, y as number];
    },
  };
}
