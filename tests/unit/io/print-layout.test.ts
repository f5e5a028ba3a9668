import { describe, expect, it } from 'vitest';
import {
  formatScaleLength,
  layoutPage,
  millimetresToPixels,
  niceScaleLength,
  northArrowItems,
  pagePixels,
  scaleBarItems,
  wrapText,
  type Box,
  type PageContent,
  type PageItem,
} from '../../../src/io/print-layout';

/** About Noto Sans' average advance: 0.55 em, bold 0.6 em. */
const measure = (text: string, size: number, bold: boolean) => text.length * size * (bold ? 0.6 : 0.55);

const content = (overrides: Partial<PageContent> = {}): PageContent => ({
  title: 'Stationäre Hilfen je 1.000 Einwohner unter 21 Jahren, 2025',
  subtitle: 'Ist 2025 · Landkreis Auental',
  maps: [null],
  legend: [
    {
      title: 'Hilfen je 1.000 unter 21',
      entries: [
        { swatch: { kind: 'fill', colour: '#fde725' }, label: '1,2 – 3,4', count: '2' },
        { swatch: { kind: 'fill', colour: '#21918c' }, label: '3,4 – 7,8', count: '3' },
        { swatch: { kind: 'hatch', colour: '#8a8a8a' }, label: 'kein Wert (< 5 Fälle)', count: '1' },
      ],
      note: '',
    },
  ],
  sourceLine: 'Datenstand 31.12.2025 · Quelle: Fallzahlen je Sozialraum',
  dateLine: 'Erstellt am 21.01.2026',
  attribution: 'Sozialraum-Atlas · offline',
  pageLabel: 'Folie 2 / 5',
  ...overrides,
});

function bounds(item: PageItem): Box {
  if (item.kind === 'line' || item.kind === 'polygon') {
    const xs = item.points.map(([x]) => x);
    const ys = item.points.map(([, y]) => y);
    return { x: Math.min(...xs), y: Math.min(...ys), width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys) };
  }
  if (item.kind === 'text') {
    const width = measure(item.text, item.size, item.bold);
    const left = item.align === 'left' ? item.x : item.align === 'right' ? item.x - width : item.x - width / 2;
    return { x: left, y: item.y - item.size, width, height: item.size * 1.2 };
  }
  return item;
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('page sizes', () => {
  it('gives A4 and A3 landscape at 150 and 300 dpi', () => {
    expect(pagePixels('A4', 300)).toEqual({ width: 3508, height: 2480 });
    expect(pagePixels('A4', 150)).toEqual({ width: 1754, height: 1240 });
    expect(pagePixels('A3', 300)).toEqual({ width: 4961, height: 3508 });
    expect(pagePixels('A3', 150)).toEqual({ width: 2480, height: 1754 });
    expect(millimetresToPixels(25.4, 96)).toBe(96);
  });
});

describe('layoutPage', () => {
  it.each([
    ['A4', 150],
    ['A4', 300],
    ['A3', 300],
  ] as const)('keeps every item on the %s page at %i dpi inside the margins, and text off the map', (paper, dpi) => {
    const layout = layoutPage(content(), paper, dpi, measure);
    const margin = millimetresToPixels(9.9, dpi);
    expect(layout.width).toBe(pagePixels(paper, dpi).width);
    for (const item of layout.items) {
      const box = bounds(item);
      expect(box.x, JSON.stringify(item)).toBeGreaterThanOrEqual(margin);
      expect(box.x + box.width, JSON.stringify(item)).toBeLessThanOrEqual(layout.width - margin);
      expect(box.y + box.height).toBeLessThanOrEqual(layout.height - margin * 0.5);
    }
    const texts = layout.items.filter((item) => item.kind === 'text');
    for (const map of layout.maps) for (const text of texts) expect(overlaps(bounds(text), map), text.text).toBe(false);
    for (const map of layout.maps) {
      expect(overlaps(map, layout.scaleBar)).toBe(false);
      expect(overlaps(map, layout.northArrow)).toBe(false);
    }
  });

  it('scales with the resolution: the same page at 300 dpi is twice the 150 dpi one', () => {
    const low = layoutPage(content(), 'A4', 150, measure);
    const high = layoutPage(content(), 'A4', 300, measure);
    expect(high.maps[0]!.width / low.maps[0]!.width).toBeCloseTo(2, 1);
    const title = (layout: typeof low) => layout.items.find((item) => item.kind === 'text' && item.text.startsWith('Stationäre'));
    expect((title(high) as { size: number }).size / (title(low) as { size: number }).size).toBeCloseTo(2, 5);
  });

  it('puts the map in most of the page, the title above it and the source below it', () => {
    const layout = layoutPage(content(), 'A4', 150, measure);
    const [map] = layout.maps;
    expect(map!.width * map!.height).toBeGreaterThan(layout.width * layout.height * 0.45);
    const textAt = (start: string) => layout.items.find((item) => item.kind === 'text' && item.text.startsWith(start)) as { y: number };
    expect(textAt('Stationäre').y).toBeLessThan(map!.y);
    expect(textAt('Datenstand').y).toBeGreaterThan(map!.y + map!.height);
    expect(textAt('Sozialraum-Atlas').y).toBeGreaterThan(map!.y + map!.height);
    expect(layout.items.filter((item) => item.kind === 'swatch')).toHaveLength(3);
  });

  it('sets two maps of a before/after page side by side, the same size, each captioned', () => {
    const layout = layoutPage(content({ maps: ['Vorher: 2020', 'Nachher: 2025'] }), 'A3', 150, measure);
    const [before, after] = layout.maps;
    expect(before!.width).toBeCloseTo(after!.width, 6);
    expect(before!.y).toBe(after!.y);
    expect(before!.x + before!.width).toBeLessThan(after!.x);
    const caption = layout.items.find((item) => item.kind === 'text' && item.text === 'Nachher: 2025') as { x: number; y: number };
    expect(caption.x).toBe(after!.x);
    expect(caption.y).toBeLessThan(after!.y);
  });

  it('shrinks a long legend until it fits its column', () => {
    const entries = Array.from({ length: 60 }, (_, index) => ({ swatch: { kind: 'fill' as const, colour: '#0072b2' }, label: `SR ${index} Ein ziemlich langer Name`, count: '' }));
    const layout = layoutPage(content({ legend: [{ title: 'Sozialräume', entries, note: '' }] }), 'A4', 150, measure);
    const swatches = layout.items.filter((item) => item.kind === 'swatch');
    expect(swatches).toHaveLength(60);
    const lowest = Math.max(...swatches.map((item) => item.y + item.height));
    expect(lowest).toBeLessThanOrEqual(layout.scaleBar.y);
  });

  it('cuts a title too long for two lines with an ellipsis', () => {
    const layout = layoutPage(content({ title: 'Wort '.repeat(200) }), 'A4', 150, measure);
    const lines = layout.items.filter((item) => item.kind === 'text' && item.text.startsWith('Wort'));
    expect(lines).toHaveLength(2);
    expect((lines[1] as { text: string }).text.endsWith('…')).toBe(true);
  });
});

describe('wrapText', () => {
  const width = (text: string) => text.length;
  it('breaks at spaces and keeps words whole', () => {
    expect(wrapText('eins zwei drei vier', 9, width)).toEqual(['eins zwei', 'drei vier']);
  });
  it('cuts a word longer than the line', () => {
    expect(wrapText('Kinder- und Jugendhilfeausschuss', 10, width)).toEqual(['Kinder-', 'und', 'Jugendhil…']);
  });
});

describe('scale bar', () => {
  it('chooses 1, 2 or 5 times a power of ten', () => {
    expect(niceScaleLength(0.9)).toBe(0.5);
    expect(niceScaleLength(7300)).toBe(5000);
    expect(niceScaleLength(1999)).toBe(1000);
    expect(niceScaleLength(200)).toBe(200);
    expect(niceScaleLength(0)).toBe(0);
    expect(formatScaleLength(5000)).toBe('5 km');
    expect(formatScaleLength(500)).toBe('500 m');
  });

  it('draws a bar exactly as long as its length at the map scale', () => {
    const box = { x: 100, y: 50, width: 400, height: 80 };
    // 25 m per pixel: 400 px are 10 km, the bar 10 km.
    const items = scaleBarItems(box, 25);
    const label = items.find((item) => item.kind === 'text') as { text: string };
    expect(label.text).toBe('10 km');
    const bars = items.filter((item) => item.kind === 'rect') as Box[];
    expect(bars.reduce((sum, bar) => sum + bar.width, 0)).toBeCloseTo(400, 6);
    // 30 m per pixel: 12 km would fit, 10 km is drawn 333 px long.
    const shorter = scaleBarItems(box, 30).filter((item) => item.kind === 'rect') as Box[];
    expect(shorter.reduce((sum, bar) => sum + bar.width, 0)).toBeCloseTo(10000 / 30, 6);
    expect(scaleBarItems(box, Number.NaN)).toEqual([]);
  });
});

describe('north arrow', () => {
  const box = { x: 0, y: 0, width: 100, height: 100 };
  const tip = (bearing: number) => (northArrowItems(box, bearing)[0] as { points: [number, number][] }).points[0]!;

  it('points up on a map facing north and turns against the map rotation', () => {
    const [x, y] = tip(0);
    expect(x).toBeCloseTo(50, 6);
    expect(y).toBeLessThan(50);
    // The map turned 90° clockwise: north is to the left.
    const [turnedX, turnedY] = tip(90);
    expect(turnedX).toBeLessThan(50);
    expect(turnedY).toBeCloseTo(64, 0);
  });
});
