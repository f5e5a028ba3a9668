/**
 * Colours for social spaces: the Okabe–Ito palette (distinguishable with common colour-vision
 * deficiencies) followed by Paul Tol's "muted" scheme for projects with many spaces.
 */
export const SPACE_COLOURS: readonly string[] = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#332288',
  '#88CCEE',
  '#44AA99',
  '#117733',
  '#999933',
  '#DDCC77',
  '#CC6677',
  '#882255',
  '#AA4499',
];

/** The first palette colour not yet used (case-insensitive), cycling when all are used. */
export function nextSpaceColour(usedColours: readonly string[]): string {
  const used = new Set(usedColours.map((colour) => colour.toLowerCase()));
  return SPACE_COLOURS.find((colour) => !used.has(colour.toLowerCase())) ?? SPACE_COLOURS[usedColours.length % SPACE_COLOURS.length]!;
}
