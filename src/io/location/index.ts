/**
 * Locating imported rows: by coordinate columns (`coordinates`), WKT (`wkt`), an area key
 * joined to social spaces or base units (`area-keys`) or an address matched offline against an
 * address list (`addresses`). Pure modules, no DOM; they run in workers and in Node.
 */
export * from './coordinates';
export * from './wkt';
export * from './area-keys';
export * from './addresses';
export { compactText, editDistance, foldGerman, similarity } from './normalise';
