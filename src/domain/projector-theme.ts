/**
 * The projector theme of presentation mode: the colours of every text and its background, the
 * type sizes relative to the screen height (a 1280 × 720 projector shows them as large as a
 * 1920 × 1080 one), and the map's line widths. The UI (ui/present) and the map style
 * (map/present-style) read these values, and a unit test checks their contrast — also as a
 * projector in a lit room shows it (`WASHED_OUT_AMBIENT`) — so what is tested is what is shown.
 */

/** Room light on the screen, as a share of the projector's white (a bright meeting room). */
export const WASHED_OUT_AMBIENT = 0.2;

export const PROJECTOR_COLOURS = {
  /** Every text: titles, legend, labels, slide number. */
  ink: '#000000',
  /** Behind text: title block, legend, footer. */
  paper: '#ffffff',
  /** The halo around map labels (text drawn over any fill). */
  labelHalo: '#ffffff',
  /** Frames of the legend swatches and of the map panels. */
  frame: '#000000',
  /** The slide number bar and the before/after captions: white on this. */
  bar: '#000000',
  barInk: '#ffffff',
  /** Outline of the selected spaces. */
  selection: '#000000',
} as const;

/** Pairs of text and the background it is drawn on, as the presentation uses them. */
export const PROJECTOR_TEXT_PAIRS: readonly { name: string; text: string; background: string }[] = [
  { name: 'title block', text: PROJECTOR_COLOURS.ink, background: PROJECTOR_COLOURS.paper },
  { name: 'legend', text: PROJECTOR_COLOURS.ink, background: PROJECTOR_COLOURS.paper },
  { name: 'map labels on their halo', text: PROJECTOR_COLOURS.ink, background: PROJECTOR_COLOURS.labelHalo },
  { name: 'slide number and captions', text: PROJECTOR_COLOURS.barInk, background: PROJECTOR_COLOURS.bar },
];

/** A type size: a share of the screen height, never below `minimumPixels`. */
export interface RelativeSize {
  /** Percent of the viewport height (CSS `vh`). */
  viewportHeightPercent: number;
  minimumPixels: number;
}

export const PROJECTOR_TYPE: Readonly<Record<'title' | 'subtitle' | 'body' | 'mapLabel', RelativeSize>> = {
  title: { viewportHeightPercent: 5.2, minimumPixels: 36 },
  subtitle: { viewportHeightPercent: 3.4, minimumPixels: 26 },
  /** Legend, source line, slide number, notes: nothing on a slide is smaller. */
  body: { viewportHeightPercent: 2.6, minimumPixels: 22 },
  /** Space codes, names and values on the map. */
  mapLabel: { viewportHeightPercent: 2.5, minimumPixels: 20 },
};

/** The size in pixels on a screen `viewportHeight` pixels high. */
export function typeSizePixels(size: RelativeSize, viewportHeight: number): number {
  return Math.max(size.minimumPixels, (size.viewportHeightPercent * viewportHeight) / 100);
}

/** The same size as CSS (`max(22px, 2.6vh)`). */
export function typeSizeCss(size: RelativeSize): string {
  return `max(${size.minimumPixels}px, ${size.viewportHeightPercent}vh)`;
}

/** Line widths of the map in the projector theme (CSS pixels): thick enough for a washed-out beamer. */
export const PROJECTOR_LINES = {
  spaceOutline: 4.5,
  spaceCasing: 9,
  district: 5,
  selection: 9,
  labelHalo: 3.5,
} as const;
