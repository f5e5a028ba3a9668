/**
 * OpenStreetMap import: readers for .osm.pbf, .osm XML, .osm.gz and Overpass GeoJSON/JSON, and
 * the conversion of what they read into resources, a road network and addresses.
 */
export { readOsmFile, tryReadOsmFile, type OsmFormat, type OsmImportOptions, type OsmImportResult } from './read';
export { OsmCollector, type OsmAddress, type OsmConversion, type OsmConversionOptions } from './collect';
export {
  CategoryMatcher,
  DEFAULT_OSM_CATEGORY_RULES,
  UNMAPPED_REPORT_KEYS,
  formatRule,
  parseRuleTags,
  ruleMatches,
  type OsmCategoryRule,
} from './category-rules';
export { graphBuffers, graphStats, type RoadGraph, type RoadGraphStats } from './graph';
export { MODE_BIKE, MODE_CAR, MODE_WALK, ROAD_CLASSES, accessValue, parseMaxspeed, roadAttributes, roadClassOf, type RoadAttributes } from './roads';
export { OSM_ATTRIBUTION, formatAddress, schoolType } from './resources';
export { OsmImportError, type OsmImportErrorCode, type OsmImportErrorData } from './errors';
export type { OsmFileInfo, OsmMember, OsmReadOptions, OsmSink, OsmTags } from './model';
export { readOsmPbf, looksLikePbf } from './pbf';
export { readOsmXml, readOsmXmlGz, OsmXmlScanner } from './xml';
export { readOsmJson, readOverpassGeoJson } from './json';
