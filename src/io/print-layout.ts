/**
 * The page of a map export as data: paper sizes at a resolution, and where the map (or the two
 * maps of a before/after slide), the title block, the legend, the scale bar, the north arrow,
 * the attribution and the date go. A painter (canvas for PNG and PDF pages) draws the items as
 * they are; nothing here knows a DOM. Lengths are device pixels of the page at its resolution;
 * the layout is designed in millimetres (landscape), so a page looks the same at 150 and 300 dpi.
 *
 *   ┌───────────────────────────────────────────────┐
 *   │ Title                                 Folie 2/5│
 *   │ Subtitle                                       │
 *   ├───────────────────────────────────┬───────────┤
 *   │                                   │ Legend    │
 *   │  map (or: before │ after)         │ …         │
 *   │                                   │ scale  N  │
 *   ├───────────────────────────────────┴───────────┤
 *   │ Datenstand · Quelle              Erstellt am …│
 *   │ Attribution                                    │
 *   └───────────────────────────────────────────────┘
 */
import type { LegendSection, LegendSwatch } from '../domain/legend';

export type Paper = 'A4' | 'A3';
export type PrintDpi = 150 | 300;

export const PAPERS: readonly Paper[] = ['A4', 'A3'];
export const PRINT_DPIS: readonly PrintDpi[] = [150, 300];

/** Landscape sheet sizes (ISO 216). */
export const PAPER_MILLIMETRES: Readonly<Record<Paper, { width: number; height: number }>> = {
  A4: { width: 297, height: 210 },
  A3: { width: 420, height: 297 },
};

const MILLIMETRES_PER_INCH = 25.4;
/** CSS pixels per inch: a map rendered at 96 CSS px per inch keeps its line widths and label sizes in physical units. */
export const CSS_PIXELS_PER_INCH = 96;

export function millimetresToPixels(millimetres: number, dpi: number): number {
  return (millimetres / MILLIMETRES_PER_INCH) * dpi;
}

/** The page in pixels: A4 at 300 dpi is 3508 × 2480. */
export function pagePixels(paper: Paper, dpi: number): { width: number; height: number } {
  const { width, height } = PAPER_MILLIMETRES[paper];
  return { width: Math.round(millimetresToPixels(width, dpi)), height: Math.round(millimetresToPixels(height, dpi)) };
}

/** Width of `text` in pixels at font size `sizePixels` (the painter's font). */
export type MeasureText = (text: string, sizePixels: number, bold: boolean) => number;

export type PageItem =
  /** `y` is the baseline. */
  | { kind: 'text'; x: number; y: number; text: string; size: number; bold: boolean; colour: string; align: 'left' | 'right' | 'center' }
  | { kind: 'rect'; x: number; y: number; width: number; height: number; fill: string | null; stroke: string | null; lineWidth: number }
  | { kind: 'swatch'; x: number; y: number; width: number; height: number; swatch: LegendSwatch; lineWidth: number }
  | { kind: 'line'; points: [number, number][]; colour: string; width: number }
  | { kind: 'polygon'; points: [number, number][]; fill: string; stroke: string; lineWidth: number }
  /** The rendered map number `index` goes here. */
  | { kind: 'map'; index: number; x: number; y: number; width: number; height: number };

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What a page says. */
export interface PageContent {
  title: string;
  subtitle: string;
  /** One entry per map: its caption ("Vorher: 2020"), null for a single map without one. */
  maps: (string | null)[];
  legend: LegendSection[];
  /** "Datenstand … · Quelle …". */
  sourceLine: string;
  /** "Erstellt am … · Sozialraum-Atlas". */
  dateLine: string;
  /** Who the map data come from (basemap, OpenStreetMap). */
  attribution: string;
  /** "Folie 2 / 5", or null. */
  pageLabel: string | null;
}

export interface PageLayout {
  width: number;
  height: number;
  /** Where each map goes (the same order as `content.maps`). */
  maps: Box[];
  /** Room for the scale bar (`scaleBarItems`) and the north arrow (`northArrowItems`). */
  scaleBar: Box;
  northArrow: Box;
  items: PageItem[];
}

export const INK = '#000000';
const RULE = '#000000';

/**
 * Break `text` into lines no wider than `maxWidth`; at most `maxLines` (the last one ends in
 * "…" when text is left over). A single word wider than the line is cut with "…".
 */
export function wrapText(text: string, maxWidth: number, measure: (line: string) => number, maxLines = Number.POSITIVE_INFINITY): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    const candidate = current ? `${current} ${word}` : word;
    if (measure(candidate) <= maxWidth || !current) current = candidate;
    else {
      lines.push(current);
      current = word;
    }
  }
  if (current) lines.push(current);
  const fitted = lines.map((line) => (measure(line) <= maxWidth ? line : shorten(line, maxWidth, measure)));
  if (fitted.length <= maxLines) return fitted;
  const kept = fitted.slice(0, maxLines);
  kept[maxLines - 1] = shorten(`${kept[maxLines - 1]!} ${fitted.slice(maxLines).join(' ')}`, maxWidth, measure);
  return kept;
}

function shorten(line: string, maxWidth: number, measure: (line: string) => number): string {
  let kept = line;
  while (kept.length > 1 && measure(`${kept}…`) > maxWidth) kept = kept.slice(0, -1);
  return `${kept.trimEnd()}…`;
}

/**
 * Lay out a landscape page of `paper` at `dpi`. Type is sized in millimetres (A3 a fifth larger),
 * the legend column is as wide as its longest line needs (within limits), and when the legend
 * is too long for the column its type shrinks until it fits.
 */
export function layoutPage(content: PageContent, paper: Paper, dpi: number, measure: MeasureText): PageLayout {
  const page = pagePixels(paper, dpi);
  const px = (millimetres: number) => millimetresToPixels(millimetres, dpi);
  const scale = Math.sqrt(PAPER_MILLIMETRES[paper].width / PAPER_MILLIMETRES.A4.width);
  const margin = px(10 * scale);
  const items: PageItem[] = [];
  const text = (value: string, x: number, y: number, size: number, bold: boolean, align: 'left' | 'right' | 'center' = 'left') =>
    items.push({ kind: 'text', x, y, text: value, size, bold, colour: INK, align });

  // Title block.
  const titleSize = px(6.4 * scale);
  const subtitleSize = px(4.2 * scale);
  const labelSize = px(3.6 * scale);
  const pageLabelWidth = content.pageLabel ? measure(content.pageLabel, labelSize, true) + px(6) : 0;
  const titleWidth = page.width - 2 * margin - pageLabelWidth;
  const titleLines = wrapText(content.title, titleWidth, (line) => measure(line, titleSize, true), 2);
  let y = margin;
  titleLines.forEach((line, index) => text(line, margin, y + titleSize * (0.95 + index * 1.2), titleSize, true));
  if (content.pageLabel) text(content.pageLabel, page.width - margin, y + titleSize * 0.95, labelSize, true, 'right');
  y += titleSize * (0.35 + titleLines.length * 1.2);
  if (content.subtitle) {
    const subtitleLines = wrapText(content.subtitle, page.width - 2 * margin, (line) => measure(line, subtitleSize, false), 2);
    subtitleLines.forEach((line, index) => text(line, margin, y + subtitleSize * (1 + index * 1.25), subtitleSize, false));
    y += subtitleSize * (0.45 + subtitleLines.length * 1.25);
  }
  y += px(2);
  const ruleWidth = px(0.5);
  items.push({ kind: 'line', points: [[margin, y], [page.width - margin, y]], colour: RULE, width: ruleWidth });
  const bodyTop = y + px(4);

  // Footer: source and date on one line, the attribution under it.
  const footerSize = px(2.9 * scale);
  const footerBottom = page.height - margin;
  const dateWidth = measure(content.dateLine, footerSize, false);
  const sourceLine = wrapText(content.sourceLine, page.width - 2 * margin - dateWidth - px(8), (line) => measure(line, footerSize, false), 1)[0] ?? '';
  const attribution = wrapText(content.attribution, page.width - 2 * margin, (line) => measure(line, footerSize, false), 1)[0] ?? '';
  text(sourceLine, margin, footerBottom - footerSize * 1.45, footerSize, false);
  text(content.dateLine, page.width - margin, footerBottom - footerSize * 1.45, footerSize, false, 'right');
  text(attribution, margin, footerBottom - footerSize * 0.2, footerSize, false);
  const footerTop = footerBottom - footerSize * 2.9;
  items.push({ kind: 'line', points: [[margin, footerTop], [page.width - margin, footerTop]], colour: RULE, width: ruleWidth });
  const bodyBottom = footerTop - px(4);

  // Legend column: as wide as the longest entry needs, between 55 and 95 mm (scaled).
  const furnitureHeight = px(16 * scale);
  const legendTop = bodyTop;
  const legendBottom = bodyBottom - furnitureHeight - px(3);
  const gap = px(6 * scale);
  let legend = legendItems(content.legend, 1, scale, px, measure, Number.POSITIVE_INFINITY);
  const columnWidth = Math.min(px(95 * scale), Math.max(px(55 * scale), legend.widestLine));
  const columnX = page.width - margin - columnWidth;
  // A long legend: smaller type first, then flowing into two or three columns, then smaller still.
  const available = legendBottom - legendTop;
  const tries = [1, 2, 3].flatMap((columns) => [1, 0.88, 0.78, 0.7].map((factor) => ({ columns, factor })));
  tries.push(...[0.62, 0.55, 0.48, 0.42].map((factor) => ({ columns: 3, factor })));
  for (const { columns, factor } of tries) {
    legend = legendItems(content.legend, factor, scale, px, measure, columnWidth, columns, available);
    if (legend.height <= available) break;
  }
  for (const item of legend.items) items.push(shift(item, columnX, legendTop));

  // Scale bar and north arrow under the legend.
  const furnitureTop = bodyBottom - furnitureHeight;
  const arrowSize = furnitureHeight;
  const northArrow = { x: page.width - margin - arrowSize, y: furnitureTop, width: arrowSize, height: arrowSize };
  const scaleBar = { x: columnX, y: furnitureTop, width: columnWidth - arrowSize - px(4), height: furnitureHeight };

  // Maps: the rest of the body, side by side when there are two, each with its caption.
  const mapsRight = columnX - gap;
  const captionSize = px(4 * scale);
  const hasCaptions = content.maps.some((caption) => caption !== null);
  const mapTop = bodyTop + (hasCaptions ? captionSize * 1.6 : 0);
  const count = Math.max(content.maps.length, 1);
  const mapGap = px(4);
  const mapWidth = (mapsRight - margin - mapGap * (count - 1)) / count;
  const maps: Box[] = [];
  content.maps.forEach((caption, index) => {
    const box = { x: margin + index * (mapWidth + mapGap), y: mapTop, width: mapWidth, height: bodyBottom - mapTop };
    maps.push(box);
    if (caption) text(caption, box.x, mapTop - captionSize * 0.55, captionSize, true);
    items.push({ kind: 'map', index, ...box });
    items.push({ kind: 'rect', ...box, fill: null, stroke: INK, lineWidth: px(0.35) });
  });
  return { width: page.width, height: page.height, maps, scaleBar, northArrow, items };
}

function shift(item: PageItem, dx: number, dy: number): PageItem {
  switch (item.kind) {
    case 'line':
    case 'polygon':
      return { ...item, points: item.points.map(([x, y]) => [x + dx, y + dy] as [number, number]) };
    default:
      return { ...item, x: item.x + dx, y: item.y + dy };
  }
}

/** The legend's items relative to the column's top left corner, its height and its widest line at `factor`. */
function legendItems(
  sections: readonly LegendSection[],
  factor: number,
  scale: number,
  px: (millimetres: number) => number,
  measure: MeasureText,
  columnWidth: number,
  columns = 1,
  maxHeight = Number.POSITIVE_INFINITY,
): { items: PageItem[]; height: number; widestLine: number } {
  const items: PageItem[] = [];
  const columnGap = px(4 * scale);
  const width = columns === 1 ? columnWidth : (columnWidth - columnGap * (columns - 1)) / columns;
  let column = 0;
  let tallest = 0;
  let y = 0;
  /** Start the next column when `rowHeight` does not fit in this one (the last column just grows). */
  const room = (rowHeight: number) => {
    if (y + rowHeight <= maxHeight || column === columns - 1 || y === 0) return;
    tallest = Math.max(tallest, y);
    column++;
    y = 0;
  };
  const x = () => column * (width + columnGap);
  const titleSize = px(3.6 * scale * factor);
  const entrySize = px(3.2 * scale * factor);
  const noteSize = px(2.7 * scale * factor);
  const swatchWidth = px(7 * scale * factor);
  const swatchHeight = px(4.6 * scale * factor);
  const swatchGap = px(2.5 * scale * factor);
  const countGap = px(3 * scale * factor);
  let widestLine = 0;
  for (const section of sections) {
    if (section.title) {
      const lines = wrapText(section.title, width, (line) => measure(line, titleSize, true));
      for (const line of lines) {
        room(titleSize * 1.25);
        widestLine = Math.max(widestLine, measure(line, titleSize, true));
        items.push({ kind: 'text', x: x(), y: y + titleSize, text: line, size: titleSize, bold: true, colour: INK, align: 'left' });
        y += titleSize * 1.25;
      }
      y += titleSize * 0.25;
    }
    for (const entry of section.entries) {
      const countWidth = entry.count ? measure(entry.count, entrySize, false) : 0;
      const labelWidth = width - swatchWidth - swatchGap - (entry.count ? countWidth + countGap : 0);
      const lines = wrapText(entry.label, labelWidth, (line) => measure(line, entrySize, false));
      widestLine = Math.max(widestLine, swatchWidth + swatchGap + measure(entry.label, entrySize, false) + (entry.count ? countWidth + countGap : 0));
      const rowHeight = Math.max(swatchHeight + px(1.6 * factor), lines.length * entrySize * 1.25);
      room(rowHeight);
      items.push({ kind: 'swatch', x: x(), y: y + (rowHeight - swatchHeight) / 2, width: swatchWidth, height: swatchHeight, swatch: entry.swatch, lineWidth: px(0.3) });
      const firstBaseline = y + (rowHeight - lines.length * entrySize * 1.25) / 2 + entrySize * 0.98;
      lines.forEach((line, index) =>
        items.push({ kind: 'text', x: x() + swatchWidth + swatchGap, y: firstBaseline + index * entrySize * 1.25, text: line, size: entrySize, bold: false, colour: INK, align: 'left' }),
      );
      if (entry.count) items.push({ kind: 'text', x: x() + width, y: firstBaseline, text: entry.count, size: entrySize, bold: false, colour: INK, align: 'right' });
      y += rowHeight;
    }
    if (section.note) {
      y += noteSize * 0.4;
      for (const line of wrapText(section.note, width, (text) => measure(text, noteSize, false))) {
        room(noteSize * 1.3);
        items.push({ kind: 'text', x: x(), y: y + noteSize, text: line, size: noteSize, bold: false, colour: INK, align: 'left' });
        y += noteSize * 1.3;
      }
    }
    y += titleSize * 0.9;
  }
  return { items, height: Math.max(tallest, y), widestLine };
}

/** The longest "round" length (1, 2 or 5 × 10ⁿ metres) not longer than `maxMetres`. */
export function niceScaleLength(maxMetres: number): number {
  if (!(maxMetres > 0)) return 0;
  const power = 10 ** Math.floor(Math.log10(maxMetres));
  const step = [5, 2, 1].find((candidate) => candidate * power <= maxMetres)!;
  return step * power;
}

/** "500 m", "2 km" (German and English alike). */
export function formatScaleLength(metres: number): string {
  return metres >= 1000 ? `${metres / 1000} km` : `${metres} m`;
}

/**
 * A scale bar in `box` for a map of `metresPerPixel` (page pixels): a black and white bar of a
 * round length, ticks at both ends and the middle, the length written above. Empty when the
 * scale is unknown.
 */
export function scaleBarItems(box: Box, metresPerPixel: number): PageItem[] {
  if (!(metresPerPixel > 0)) return [];
  const metres = niceScaleLength(box.width * metresPerPixel);
  const length = metres / metresPerPixel;
  const barHeight = box.height * 0.16;
  const textSize = box.height * 0.3;
  const barTop = box.y + box.height * 0.58;
  const lineWidth = Math.max(1, box.height * 0.03);
  return [
    { kind: 'text', x: box.x, y: barTop - textSize * 0.45, text: formatScaleLength(metres), size: textSize, bold: true, colour: INK, align: 'left' },
    { kind: 'rect', x: box.x, y: barTop, width: length / 2, height: barHeight, fill: INK, stroke: INK, lineWidth },
    { kind: 'rect', x: box.x + length / 2, y: barTop, width: length / 2, height: barHeight, fill: '#ffffff', stroke: INK, lineWidth },
  ];
}

/** A north arrow in `box`, turned against the map's `bearing` (degrees clockwise), with an "N". */
export function northArrowItems(box: Box, bearing: number): PageItem[] {
  const centreX = box.x + box.width / 2;
  const centreY = box.y + box.height * 0.64;
  const radius = box.height * 0.34;
  const angle = (-bearing * Math.PI) / 180;
  const turn = ([x, y]: [number, number]): [number, number] => [
    centreX + x * Math.cos(angle) - y * Math.sin(angle),
    centreY + x * Math.sin(angle) + y * Math.cos(angle),
  ];
  const tip = turn([0, -radius]);
  const lineWidth = Math.max(1, box.height * 0.03);
  const letterSize = box.height * 0.26;
  const letter = turn([0, -radius - letterSize * 0.62]);
  return [
    { kind: 'polygon', points: [tip, turn([radius * 0.45, radius * 0.75]), turn([0, radius * 0.4])], fill: INK, stroke: INK, lineWidth },
    { kind: 'polygon', points: [tip, turn([0, radius * 0.4]), turn([-radius * 0.45, radius * 0.75])], fill: '#ffffff', stroke: INK, lineWidth },
    // The letter sits beyond the tip, upright.
    { kind: 'text', x: letter[0], y: letter[1] + letterSize * 0.36, text: 'N', size: letterSize, bold: true, colour: INK, align: 'center' },
  ];
}
