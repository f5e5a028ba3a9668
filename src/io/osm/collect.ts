/**
 * The OSM conversion: an OsmSink that keeps what the atlas needs while a reader streams the
 * file (all node positions, the node lists of ways, the tagged objects that are resources,
 * roads or addresses), and `finish()`, which resolves positions and builds
 *  - resources (categories from the rule table, ways and areas as points),
 *  - the road network (routing graph + map lines),
 *  - addresses for offline address matching.
 *
 * Pure and DOM-free. Objects may come in any order (Overpass puts ways before their nodes).
 */
import type { MapFeature, Resource } from '../../domain/types';
import { CategoryMatcher, DEFAULT_OSM_CATEGORY_RULES, UNMAPPED_REPORT_KEYS, type OsmCategoryRule } from './category-rules';
import { assembleRings, haversineMetres, multipolygonPoint, roundCoordinate, wayPoint, type LonLat } from './geometry';
import { Growable, RoadGraphBuilder, type RoadGraph } from './graph';
import type { OsmElementType, OsmMember, OsmSink, OsmTags } from './model';
import { buildResource } from './resources';
import { ROAD_CLASSES, roadAttributes, roadClassOf } from './roads';

/** One address for offline address matching. */
export interface OsmAddress {
  /** `addr:street`, or `addr:place` where a village numbers its houses by place. */
  street: string;
  housenumber: string;
  postcode: string;
  city: string;
  lon: number;
  lat: number;
}

export interface OsmConversionOptions {
  projectId?: string;
  /** Layer of the resources (their ids start with it); default "osm-resources". */
  resourceLayerId?: string;
  /** Layer of the road lines (their ids start with it); default "osm-network". */
  networkLayerId?: string;
  /** The category table; DEFAULT_OSM_CATEGORY_RULES when absent. */
  rules?: readonly OsmCategoryRule[];
  /** What to build; everything by default. */
  include?: { resources?: boolean; network?: boolean; addresses?: boolean };
  /**
   * Objects of one category with the same name closer than this are one resource mapped twice
   * (a school as area and as point); 0 keeps them all. Default 300 m.
   */
  mergeDistanceMetres?: number;
}

export interface OsmConversion {
  /** Elements read from the file. */
  counts: { nodes: number; ways: number; relations: number };
  resources: Resource[];
  rules: OsmCategoryRule[];
  /** How many resources each rule produced (same order as `rules`, after merging duplicates). */
  ruleCounts: number[];
  /** `key=value` of objects no rule matched, for the keys in UNMAPPED_REPORT_KEYS; most frequent first. */
  unmapped: { tag: string; count: number }[];
  network: { graph: RoadGraph; features: MapFeature[] };
  addresses: OsmAddress[];
  issues: {
    /** Node references of the roads and matched ways whose nodes are not in the file (clipped extracts). */
    missingNodeRefs: number;
    /** Matched objects without a single known position. */
    resourcesWithoutPosition: number;
    /** Same name and category, close together: merged into one resource. */
    duplicateResourcesMerged: number;
    /** House numbers with neither street nor place (nor an associatedStreet relation). */
    addressesWithoutStreet: number;
    /** Addresses given twice (node and building with the same street, number, postcode, city). */
    duplicateAddresses: number;
  };
}

interface Candidate {
  type: OsmElementType;
  id: number;
  tags: OsmTags;
  /** Index of the matched rule, -1 for none. */
  rule: number;
  address: boolean;
  /** Node position, or the way's index in the way store. */
  lon: number;
  lat: number;
  way: number;
  members: readonly OsmMember[] | null;
}

/** Node id → index in the node store: binary search over ids (sorted once if the file was not). */
class NodeIndex {
  readonly #ids: Float64Array;
  readonly #order: Uint32Array | null;

  constructor(ids: Float64Array, sorted: boolean) {
    if (sorted) {
      this.#ids = ids;
      this.#order = null;
    } else {
      const order = new Uint32Array(ids.length);
      for (let index = 0; index < order.length; index++) order[index] = index;
      order.sort((a, b) => ids[a]! - ids[b]!);
      this.#order = order;
      this.#ids = new Float64Array(ids.length);
      for (let index = 0; index < order.length; index++) this.#ids[index] = ids[order[index]!]!;
    }
  }

  find(id: number): number {
    const ids = this.#ids;
    let low = 0;
    let high = ids.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const value = ids[middle]!;
      if (value < id) low = middle + 1;
      else if (value > id) high = middle - 1;
      else return this.#order ? this.#order[middle]! : middle;
    }
    return -1;
  }
}

function hasHousenumber(tags: OsmTags): boolean {
  return tags['addr:housenumber'] !== undefined && tags['addr:housenumber'] !== '';
}

function normaliseName(name: string): string {
  return name.toLocaleLowerCase('de').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

export class OsmCollector implements OsmSink {
  readonly #matcher: CategoryMatcher;
  readonly #options: OsmConversionOptions;
  readonly #wantResources: boolean;
  readonly #wantNetwork: boolean;
  readonly #wantAddresses: boolean;
  // all nodes
  readonly #nodeIds = new Growable((size) => new Float64Array(size), 1 << 16);
  readonly #nodeLon = new Growable((size) => new Float64Array(size), 1 << 16);
  readonly #nodeLat = new Growable((size) => new Float64Array(size), 1 << 16);
  #nodesSorted = true;
  #lastNodeId = -Infinity;
  // all ways: ids and node lists (relations may need any of them)
  readonly #wayIds = new Growable((size) => new Float64Array(size), 1 << 12);
  readonly #wayStarts = new Growable((size) => new Uint32Array(size), 1 << 12);
  readonly #wayRefs = new Growable((size) => new Float64Array(size), 1 << 16);
  #relations = 0;
  readonly #candidates: Candidate[] = [];
  readonly #roads: { way: number; tags: OsmTags }[] = [];
  /** associatedStreet relations: member "type/id" → street name. */
  readonly #associatedStreets = new Map<string, string>();
  readonly #unmapped = new Map<string, number>();

  constructor(options: OsmConversionOptions = {}) {
    this.#options = options;
    this.#matcher = new CategoryMatcher(options.rules ?? DEFAULT_OSM_CATEGORY_RULES);
    this.#wantResources = options.include?.resources ?? true;
    this.#wantNetwork = options.include?.network ?? true;
    this.#wantAddresses = options.include?.addresses ?? true;
  }

  #countUnmapped(tags: OsmTags): void {
    for (const key of UNMAPPED_REPORT_KEYS) {
      const value = tags[key];
      if (value === undefined) continue;
      const tag = `${key}=${value}`;
      this.#unmapped.set(tag, (this.#unmapped.get(tag) ?? 0) + 1);
    }
  }

  /** Keep a tagged object when it is a resource or an address. */
  #consider(type: OsmElementType, id: number, tags: OsmTags, lon: number, lat: number, way: number, members: readonly OsmMember[] | null): void {
    const rule = this.#wantResources ? this.#matcher.match(tags) : -1;
    if (this.#wantResources && rule < 0) this.#countUnmapped(tags);
    const address = this.#wantAddresses && hasHousenumber(tags);
    if (rule >= 0 || address) this.#candidates.push({ type, id, tags, rule, address, lon, lat, way, members });
  }

  node(id: number, lon: number, lat: number, tags: OsmTags | null): void {
    this.#nodeIds.push(id);
    this.#nodeLon.push(lon);
    this.#nodeLat.push(lat);
    if (id <= this.#lastNodeId) this.#nodesSorted = false;
    this.#lastNodeId = id;
    if (tags) this.#consider('node', id, tags, lon, lat, -1, null);
  }

  way(id: number, refs: ArrayLike<number>, tags: OsmTags | null): void {
    const index = this.#wayIds.length;
    this.#wayIds.push(id);
    this.#wayStarts.push(this.#wayRefs.length);
    for (let ref = 0; ref < refs.length; ref++) this.#wayRefs.push(refs[ref]!);
    if (!tags) return;
    if (this.#wantNetwork && tags['highway'] !== undefined && roadClassOf(tags)) this.#roads.push({ way: index, tags });
    if (tags['addr:interpolation'] === undefined) this.#consider('way', id, tags, NaN, NaN, index, null);
  }

  relation(id: number, members: readonly OsmMember[], tags: OsmTags | null): void {
    this.#relations++;
    if (!tags) return;
    if (tags['type'] === 'associatedStreet' && tags['name']) {
      for (const member of members) if (member.role === 'house') this.#associatedStreets.set(`${member.type}/${member.ref}`, tags['name']);
      return;
    }
    this.#consider('relation', id, tags, NaN, NaN, -1, members.slice());
  }

  /** Resolve positions and build resources, network and addresses. */
  finish(): OsmConversion {
    const nodeCount = this.#nodeIds.length;
    const nodeLon = this.#nodeLon.array;
    const nodeLat = this.#nodeLat.array;
    const index = new NodeIndex(this.#nodeIds.array.subarray(0, nodeCount), this.#nodesSorted);
    const wayIndex = new Map<number, number>();
    let missingNodeRefs = 0;

    const wayRange = (way: number): [number, number] => [
      this.#wayStarts.array[way]!,
      way + 1 < this.#wayStarts.length ? this.#wayStarts.array[way + 1]! : this.#wayRefs.length,
    ];
    /** Ways whose positions were needed; their missing nodes are counted at the end. */
    const usedWays = new Set<number>();
    const wayPositions = (way: number): LonLat[] => {
      usedWays.add(way);
      const [start, end] = wayRange(way);
      const positions: LonLat[] = [];
      for (let ref = start; ref < end; ref++) {
        const node = index.find(this.#wayRefs.array[ref]!);
        if (node >= 0) positions.push([nodeLon[node]!, nodeLat[node]!]);
      }
      return positions;
    };
    const wayByOsmId = (id: number): number => {
      if (wayIndex.size === 0) for (let way = 0; way < this.#wayIds.length; way++) wayIndex.set(this.#wayIds.array[way]!, way);
      return wayIndex.get(id) ?? -1;
    };
    const relationPoint = (members: readonly OsmMember[], isArea: boolean): LonLat | null => {
      if (isArea) {
        const outer: LonLat[][] = [];
        const inner: LonLat[][] = [];
        for (const member of members) {
          if (member.type !== 'way') continue;
          const way = wayByOsmId(member.ref);
          if (way < 0) continue;
          (member.role === 'inner' ? inner : outer).push(wayPositions(way));
        }
        const point = multipolygonPoint(assembleRings(outer), assembleRings(inner));
        if (point) return point;
      }
      for (const member of members) {
        if (member.type === 'node') {
          const node = index.find(member.ref);
          if (node >= 0) return [nodeLon[node]!, nodeLat[node]!];
        } else if (member.type === 'way') {
          const way = wayByOsmId(member.ref);
          const positions = way >= 0 ? wayPositions(way) : [];
          if (positions.length > 0) return wayPoint(positions);
        }
      }
      return null;
    };
    const positionOf = (candidate: Candidate): LonLat | null => {
      if (candidate.type === 'node') return [candidate.lon, candidate.lat];
      if (candidate.type === 'way') {
        const positions = wayPositions(candidate.way);
        return positions.length > 0 ? wayPoint(positions) : null;
      }
      const type = candidate.tags['type'];
      return relationPoint(candidate.members ?? [], type === 'multipolygon' || type === 'boundary' || type === undefined);
    };

    // resources and addresses
    const rules = [...this.#matcher.rules];
    const context = { projectId: this.#options.projectId ?? '', layerId: this.#options.resourceLayerId ?? 'osm-resources' };
    let resources: Resource[] = [];
    const resourceRules: number[] = [];
    const addresses: OsmAddress[] = [];
    const addressKeys = new Set<string>();
    let resourcesWithoutPosition = 0;
    let addressesWithoutStreet = 0;
    let duplicateAddresses = 0;
    // nodes, ways, relations, each by id: the result does not depend on the order of the file
    const typeOrder = { node: 0, way: 1, relation: 2 };
    this.#candidates.sort((a, b) => typeOrder[a.type] - typeOrder[b.type] || a.id - b.id);
    for (const candidate of this.#candidates) {
      const raw = positionOf(candidate);
      const position: LonLat | null = raw ? [roundCoordinate(raw[0]), roundCoordinate(raw[1])] : null;
      if (candidate.rule >= 0) {
        if (position) {
          resources.push(buildResource(candidate.type, candidate.id, candidate.tags, position, rules[candidate.rule]!, context));
          resourceRules.push(candidate.rule);
        } else {
          resourcesWithoutPosition++;
        }
      }
      if (candidate.address && position) {
        const tags = candidate.tags;
        const street = tags['addr:street'] || tags['addr:place'] || this.#associatedStreets.get(`${candidate.type}/${candidate.id}`) || '';
        if (!street) {
          addressesWithoutStreet++;
          continue;
        }
        const address: OsmAddress = {
          street,
          housenumber: tags['addr:housenumber']!,
          postcode: tags['addr:postcode'] ?? '',
          city: tags['addr:city'] ?? '',
          lon: position[0],
          lat: position[1],
        };
        const key = `${address.street}\u0000${address.housenumber}\u0000${address.postcode}\u0000${address.city}`;
        if (addressKeys.has(key)) {
          duplicateAddresses++;
          continue;
        }
        addressKeys.add(key);
        addresses.push(address);
      }
    }
    const merged = mergeDuplicates(resources, resourceRules, this.#options.mergeDistanceMetres ?? 300);
    resources = merged.resources;
    const ruleCounts = rules.map(() => 0);
    for (const rule of merged.rules) ruleCounts[rule]!++;

    // road network
    const networkLayerId = this.#options.networkLayerId ?? 'osm-network';
    const projectId = this.#options.projectId ?? '';
    const builder = new RoadGraphBuilder();
    const graphNodeOf = new Int32Array(nodeCount).fill(-1);
    const features: MapFeature[] = [];
    for (const road of this.#roads) {
      const attributes = roadAttributes(road.tags);
      const roadClass = roadClassOf(road.tags)!;
      const classIndex = ROAD_CLASSES.indexOf(roadClass);
      usedWays.add(road.way);
      const [start, end] = wayRange(road.way);
      const runs: LonLat[][] = [];
      let run: LonLat[] = [];
      let previous = -1;
      for (let ref = start; ref < end; ref++) {
        const node = index.find(this.#wayRefs.array[ref]!);
        if (node < 0) {
          if (run.length >= 2) runs.push(run);
          run = [];
          previous = -1;
          continue;
        }
        const lon = nodeLon[node]!;
        const lat = nodeLat[node]!;
        const last = run[run.length - 1];
        if (!last || last[0] !== lon || last[1] !== lat) run.push([lon, lat]);
        if (!attributes) continue;
        let graphNode = graphNodeOf[node]!;
        if (graphNode < 0) graphNode = graphNodeOf[node] = builder.addNode(this.#nodeIds.array[node]!, lon, lat);
        if (previous >= 0 && previous !== graphNode) {
          const length = haversineMetres(builder.nodeLon(previous), builder.nodeLat(previous), lon, lat);
          builder.addEdge(previous, graphNode, length, attributes.forward, attributes.carKmh, classIndex);
          builder.addEdge(graphNode, previous, length, attributes.backward, attributes.carKmh, classIndex);
        }
        previous = graphNode;
      }
      if (run.length >= 2) runs.push(run);
      if (runs.length === 0) continue;
      const name = road.tags['name'] ?? road.tags['ref'];
      const wayId = this.#wayIds.array[road.way]!;
      features.push({
        id: `${networkLayerId}:w${wayId}`,
        projectId,
        layerId: networkLayerId,
        geometry: runs.length === 1 ? { type: 'LineString', coordinates: runs[0]! } : { type: 'MultiLineString', coordinates: runs },
        properties: name ? { class: roadClass, name } : { class: roadClass },
      });
    }

    for (const way of usedWays) {
      const [start, end] = wayRange(way);
      for (let ref = start; ref < end; ref++) if (index.find(this.#wayRefs.array[ref]!) < 0) missingNodeRefs++;
    }

    const unmapped = [...this.#unmapped]
      .map(([tag, count]) => ({ tag, count }))
      .sort((a, b) => b.count - a.count || (a.tag < b.tag ? -1 : 1));
    return {
      counts: { nodes: nodeCount, ways: this.#wayIds.length, relations: this.#relations },
      resources,
      rules,
      ruleCounts,
      unmapped,
      network: { graph: builder.build(), features },
      addresses,
      issues: {
        missingNodeRefs,
        resourcesWithoutPosition,
        duplicateResourcesMerged: merged.mergedCount,
        addressesWithoutStreet,
        duplicateAddresses,
      },
    };
  }
}

/**
 * Merge resources of one category with the same (non-empty) name within `distance` metres: the
 * one with the most filled fields stays, empty fields are filled from the others, and the OSM
 * objects merged into it are listed in `attributes.osmAlso`.
 */
function mergeDuplicates(
  resources: Resource[],
  rules: number[],
  distance: number,
): { resources: Resource[]; rules: number[]; mergedCount: number } {
  if (distance <= 0) return { resources, rules, mergedCount: 0 };
  const groups = new Map<string, number[]>();
  resources.forEach((resource, position) => {
    const name = normaliseName(resource.name);
    if (!name) return;
    const key = `${resource.category}\u0000${name}`;
    const group = groups.get(key);
    if (group) group.push(position);
    else groups.set(key, [position]);
  });
  const dropped = new Set<number>();
  const richness = (resource: Resource) =>
    Object.keys(resource.attributes).length + (resource.address ? 2 : 0) + (resource.provider ? 1 : 0) + (resource.capacity !== null ? 1 : 0);
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const ordered = [...group].sort((a, b) => richness(resources[b]!) - richness(resources[a]!) || a - b);
    for (let first = 0; first < ordered.length; first++) {
      const keep = ordered[first]!;
      if (dropped.has(keep)) continue;
      const kept = resources[keep]!;
      for (let second = first + 1; second < ordered.length; second++) {
        const other = ordered[second]!;
        if (dropped.has(other)) continue;
        const candidate = resources[other]!;
        const [lon1, lat1] = kept.geometry.coordinates as [number, number];
        const [lon2, lat2] = candidate.geometry.coordinates as [number, number];
        if (haversineMetres(lon1, lat1, lon2, lat2) > distance) continue;
        dropped.add(other);
        if (!kept.address) kept.address = candidate.address;
        if (!kept.provider) kept.provider = candidate.provider;
        if (kept.capacity === null) kept.capacity = candidate.capacity;
        for (const [key, value] of Object.entries(candidate.attributes)) {
          if (!(key in kept.attributes)) kept.attributes[key] = value;
        }
        const also = `${candidate.attributes['osmType']}/${candidate.attributes['osmId']}`;
        const previous = kept.attributes['osmAlso'];
        kept.attributes['osmAlso'] = typeof previous === 'string' ? `${previous};${also}` : also;
      }
    }
  }
  if (dropped.size === 0) return { resources, rules, mergedCount: 0 };
  return {
    resources: resources.filter((_, position) => !dropped.has(position)),
    rules: rules.filter((_, position) => !dropped.has(position)),
    mergedCount: dropped.size,
  };
}
