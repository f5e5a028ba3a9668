/**
 * A map legend as plain data: sections with a title, entries (a swatch and words) and a note.
 * The presentation draws it as HTML, the export lays it out on the page (io/print-layout):
 * one description, so screen and paper say the same.
 */

export type LegendSwatch =
  /** A filled area (a class colour, a space's colour). */
  | { kind: 'fill'; colour: string }
  /** Stripes of `colour` on white: spaces without a value, areas that move between variants. */
  | { kind: 'hatch'; colour: string }
  /** A boundary line. */
  | { kind: 'line'; colour: string; dashed: boolean }
  /** A resource symbol: a disc in the category colour with its glyph (SVG path on a 24 × 24 grid). */
  | { kind: 'symbol'; colour: string; icon: string };

export interface LegendEntry {
  swatch: LegendSwatch;
  label: string;
  /** How many (spaces in a class, resources of a category), as shown; '' for none. */
  count: string;
}

export interface LegendSection {
  title: string;
  entries: LegendEntry[];
  /** A remark under the entries (what is hidden and why). */
  note: string;
}
