/**
 * JSON input from Overpass: GeoJSON as osmtogeojson / overpass turbo export it (tags either
 * flat in `properties` with "@id", or nested in `properties.tags` with `type`/`id`), and the
 * Overpass API's own OSM JSON (`{"elements": [...]}`).
 *
 * GeoJSON has no shared nodes, so vertices become synthetic nodes (negative ids), one per
 * distinct position: roads that share a vertex position are connected in the graph, as they
 * are in OSM. Areas become closed ways, or multipolygon relations when they have holes or
 * several parts.
 */
import type { Feature, Geometry, Position } from 'geojson';
import { OsmImportError, throwIfAborted } from './errors';
import { emptyFileInfo, type OsmElementType, type OsmFileInfo, type OsmMember, type OsmReadOptions, type OsmSink, type OsmTags } from './model';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function tagsFromObject(object: Record<string, unknown>, skip: (key: string) => boolean): OsmTags | null {
  let tags: OsmTags | null = null;
  for (const [key, value] of Object.entries(object)) {
    if (skip(key) || value === null || value === undefined || typeof value === 'object') continue;
    (tags ??= {})[key] = String(value);
  }
  return tags;
}

const OSM_TYPES: Record<string, OsmElementType> = { node: 'node', way: 'way', relation: 'relation', n: 'node', w: 'way', r: 'relation' };

/** "way/123", "w123" or type + id properties → [type, id]. */
function osmIdentity(feature: Feature): [OsmElementType, number] | null {
  const properties = isObject(feature.properties) ? feature.properties : {};
  const candidates = [feature.id, properties['@id'], properties['id']];
  for (const candidate of candidates) {
    if (typeof candidate !== 'string') continue;
    const match = /^(node|way|relation|n|w|r)\/?(-?\d+)$/.exec(candidate);
    if (match) return [OSM_TYPES[match[1]!]!, Number(match[2])];
  }
  const type = properties['type'];
  const id = properties['id'];
  if (typeof type === 'string' && OSM_TYPES[type] && typeof id === 'number') return [OSM_TYPES[type], id];
  return null;
}

function featureTags(feature: Feature): OsmTags | null {
  const properties = isObject(feature.properties) ? feature.properties : {};
  if (isObject(properties['tags'])) return tagsFromObject(properties['tags'], () => false);
  return tagsFromObject(properties, (key) => key.startsWith('@') || key === 'id');
}

class GeoJsonFeeder {
  readonly #sink: OsmSink;
  readonly #vertices = new Map<string, number>();
  #nextId = -1;

  constructor(sink: OsmSink) {
    this.#sink = sink;
  }

  #syntheticId(): number {
    return this.#nextId--;
  }

  #vertex(position: Position): number {
    const lon = Number(position[0]);
    const lat = Number(position[1]);
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) throw new OsmImportError('geojson-invalid', 'A coordinate is not a number');
    const key = `${lon},${lat}`;
    let id = this.#vertices.get(key);
    if (id === undefined) {
      id = this.#syntheticId();
      this.#vertices.set(key, id);
      this.#sink.node(id, lon, lat, null);
    }
    return id;
  }

  #way(id: number, line: Position[], tags: OsmTags | null): void {
    this.#sink.way(id, line.map((position) => this.#vertex(position)), tags);
  }

  #area(type: OsmElementType | null, id: number | null, polygons: Position[][][], tags: OsmTags | null): void {
    if (polygons.length === 1 && polygons[0]!.length === 1 && type !== 'relation') {
      this.#way(type === 'way' && id !== null ? id : this.#syntheticId(), polygons[0]![0]!, tags);
      return;
    }
    const members: OsmMember[] = [];
    for (const polygon of polygons) {
      polygon.forEach((ring, ringIndex) => {
        const wayId = this.#syntheticId();
        this.#way(wayId, ring, null);
        members.push({ type: 'way', ref: wayId, role: ringIndex === 0 ? 'outer' : 'inner' });
      });
    }
    this.#sink.relation(type === 'relation' && id !== null ? id : this.#syntheticId(), members, { ...tags, type: 'multipolygon' });
  }

  feature(feature: Feature): void {
    const geometry = feature.geometry as Geometry | null;
    if (!geometry) return;
    const identity = osmIdentity(feature);
    const tags = featureTags(feature);
    const [type, id] = identity ?? [null, null];
    switch (geometry.type) {
      case 'Point':
      case 'MultiPoint': {
        const position = geometry.type === 'Point' ? geometry.coordinates : geometry.coordinates[0];
        if (!position) return;
        const lon = Number(position[0]);
        const lat = Number(position[1]);
        if (!Number.isFinite(lon) || !Number.isFinite(lat)) throw new OsmImportError('geojson-invalid', 'A coordinate is not a number');
        // a tagged node keeps its own id; an area drawn as a point (osmtogeojson "center") becomes a node too
        this.#sink.node(type === 'node' && id !== null ? id : this.#syntheticId(), lon, lat, tags);
        return;
      }
      case 'LineString':
        this.#way(type === 'way' && id !== null ? id : this.#syntheticId(), geometry.coordinates, tags);
        return;
      case 'MultiLineString': {
        const members: OsmMember[] = geometry.coordinates.map((line) => {
          const wayId = this.#syntheticId();
          this.#way(wayId, line, null);
          return { type: 'way', ref: wayId, role: '' };
        });
        this.#sink.relation(type === 'relation' && id !== null ? id : this.#syntheticId(), members, tags);
        return;
      }
      case 'Polygon':
        this.#area(type, id, [geometry.coordinates], tags);
        return;
      case 'MultiPolygon':
        this.#area(type, id, geometry.coordinates, tags);
        return;
      case 'GeometryCollection':
        return;
    }
  }
}

/** Feed a parsed GeoJSON FeatureCollection / Feature to `sink`. */
export function readOverpassGeoJson(json: unknown, sink: OsmSink, options: OsmReadOptions = {}): OsmFileInfo {
  if (!isObject(json)) throw new OsmImportError('geojson-invalid', 'The JSON is not a GeoJSON object');
  const features: unknown[] = json['type'] === 'FeatureCollection' && Array.isArray(json['features']) ? json['features'] : json['type'] === 'Feature' ? [json] : [];
  if (json['type'] !== 'FeatureCollection' && json['type'] !== 'Feature') throw new OsmImportError('geojson-invalid', 'Expected a GeoJSON FeatureCollection');
  const feeder = new GeoJsonFeeder(sink);
  features.forEach((feature, position) => {
    if (position % 10_000 === 0) {
      throwIfAborted(options.signal);
      options.onProgress?.(position / features.length);
    }
    if (isObject(feature) && feature['type'] === 'Feature') feeder.feature(feature as unknown as Feature);
  });
  options.onProgress?.(1);
  const info = emptyFileInfo();
  if (typeof json['generator'] === 'string') info.generator = json['generator'];
  if (typeof json['timestamp'] === 'string') info.timestamp = json['timestamp'];
  return info;
}

/** Feed Overpass OSM JSON (`{"elements": [...]}`) to `sink`. */
export function readOsmJson(json: unknown, sink: OsmSink, options: OsmReadOptions = {}): OsmFileInfo {
  if (!isObject(json) || !Array.isArray(json['elements'])) throw new OsmImportError('geojson-invalid', 'Expected OSM JSON with an "elements" array');
  const elements = json['elements'] as unknown[];
  elements.forEach((element, position) => {
    if (position % 10_000 === 0) {
      throwIfAborted(options.signal);
      options.onProgress?.(position / elements.length);
    }
    if (!isObject(element) || typeof element['id'] !== 'number') return;
    const id = element['id'];
    const tags = isObject(element['tags']) ? tagsFromObject(element['tags'], () => false) : null;
    if (element['type'] === 'node' && typeof element['lat'] === 'number' && typeof element['lon'] === 'number') {
      sink.node(id, element['lon'], element['lat'], tags);
    } else if (element['type'] === 'way' && Array.isArray(element['nodes'])) {
      sink.way(id, (element['nodes'] as unknown[]).map(Number), tags);
    } else if (element['type'] === 'relation' && Array.isArray(element['members'])) {
      const members: OsmMember[] = [];
      for (const member of element['members'] as unknown[]) {
        if (!isObject(member)) continue;
        const type = OSM_TYPES[String(member['type'])];
        if (type && typeof member['ref'] === 'number') members.push({ type, ref: member['ref'], role: String(member['role'] ?? '') });
      }
      sink.relation(id, members, tags);
    }
  });
  options.onProgress?.(1);
  const info = emptyFileInfo();
  if (typeof json['generator'] === 'string') info.generator = json['generator'];
  const osm3s = json['osm3s'];
  if (isObject(osm3s) && typeof osm3s['timestamp_osm_base'] === 'string') info.timestamp = osm3s['timestamp_osm_base'];
  return info;
}
