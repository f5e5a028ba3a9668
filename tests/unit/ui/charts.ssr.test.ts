/**
 * The demand charts rendered on the server as the app renders them, compared with golden SVG
 * files (`tests/fixtures/charts/<name>.svg`, Observable Plot style): numbers rounded to one
 * decimal, Svelte's scoped class names and hydration comments removed. A difference writes
 * `<name>-changed.svg` beside the golden file to look at; `UPDATE_GOLDEN=1` rewrites them.
 * Besides the picture, each test checks what must hold whatever the layout: suppressed
 * values are never drawn or written as numbers.
 */
import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Component } from 'svelte';
import RankingChart from '../../../src/ui/demand/RankingChart.svelte';
import TrendChart from '../../../src/ui/demand/TrendChart.svelte';
import SmallMultiples from '../../../src/ui/demand/SmallMultiples.svelte';
import HelpMixChart from '../../../src/ui/demand/HelpMixChart.svelte';
import type { DemandTableRow, HelpMixRow, TrendPoint } from '../../../src/state/demand.svelte';

const GOLDEN_DIR = join(__dirname, '..', '..', 'fixtures', 'charts');

/** The markup as compared: one decimal, no scoped classes or comments, one element per line. */
function normalise(html: string): string {
  return html
    .replace(/<!--[^>]*-->/g, '')
    .replace(/\s*svelte-[a-z0-9]+/g, '')
    .replace(/ class=""/g, '')
    // Coordinates in attributes (not text, where "1.000" is a German thousand).
    .replace(/="([^"]*)"/g, (_attribute, value: string) => `="${value.replace(/-?\d+\.\d+/g, (number) => String(Math.round(Number(number) * 10) / 10))}"`)
    .replace(/></g, '>\n<')
    .trim();
}

function expectGoldenSvg<Props extends Record<string, unknown>>(name: string, component: Component<Props>, props: Props): string {
  const markup = normalise(render(component, { props }).body);
  const file = join(GOLDEN_DIR, `${name}.svg`);
  const changed = join(GOLDEN_DIR, `${name}-changed.svg`);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, `${markup}\n`);
  if (!existsSync(file)) throw new Error(`No golden file ${file}: run with UPDATE_GOLDEN=1 and look at it`);
  const golden = readFileSync(file, 'utf8').trim();
  if (golden !== markup) writeFileSync(changed, `${markup}\n`);
  else if (existsSync(changed)) rmSync(changed);
  expect(markup).toBe(golden);
  return markup;
}

const format = (value: number | null) => (value === null ? '–' : value.toFixed(1).replace('.', ','));
const row = (code: string, value: number | null, reason: 'primary' | 'secondary' | null = null): DemandTableRow => ({
  spaceId: `s-${code}`,
  code,
  name: `Raum ${code}`,
  count: reason ? null : 10,
  population: 1000,
  value: reason ? null : value,
  deviation: null,
  suppressed: reason !== null,
  reason,
});
const hidden = (reason: 'primary' | 'secondary' | null) => (reason === 'secondary' ? '•' : '< 5');
const noop = () => {};

describe('demand charts as SVG', () => {
  it('ranking: bars by value, district line, suppressed spaces without a bar', () => {
    const rows = [row('SR 01', 12.5), row('SR 02', 31.25), row('SR 03', null, 'primary'), row('SR 04', 7), row('SR 05', null, 'secondary')];
    const svg = expectGoldenSvg('ranking', RankingChart, {
      rows,
      district: row('', 18.4),
      formatValue: format,
      hiddenText: (entry: DemandTableRow) => hidden(entry.reason),
      selectedId: 's-SR 02',
      hoveredId: null,
      onselect: noop,
      onhover: noop,
      labels: { chart: 'Rangfolge der Sozialräume', district: 'Kreis gesamt', unit: 'je 1.000 Einwohner unter 21 Jahren', source: 'Quelle: Fälle 2025 · Datenstand 31.12.2025' },
    });
    expect(svg.match(/<rect/g)).toHaveLength(3);
    expect(svg).toContain('&lt; 5');
    expect(svg).toContain('•');
    expect(svg).toContain('je 1.000 Einwohner unter 21 Jahren');
    expect(svg).toContain('Datenstand');
  });

  const years = [2020, 2021, 2022, 2023, 2024, 2025];
  const points = (values: (number | null)[]): TrendPoint[] =>
    values.map((value, index) => ({ year: years[index]!, count: value === null ? 3 : value * 10, value, suppressed: value === null }));

  it('trend: the space against the district, a suppressed year as a gap marked "< 5"', () => {
    const svg = expectGoldenSvg('trend', TrendChart, {
      title: 'Entwicklung Stationäre Hilfen',
      subtitle: 'SR 02 Auenstadt-Nord und Kreis gesamt',
      unit: 'je 1.000 Einwohner unter 21 Jahren',
      source: 'Quelle: Fälle 2025 · Datenstand 31.12.2025',
      district: points([8, 8.5, 9.1, 9.4, 10.2, 10.8]),
      local: points([12, 13.5, null, 14.2, 15, 16.1]),
      districtLabel: 'Kreis gesamt',
      localLabel: 'SR 02',
      hiddenText: '< 5',
      formatValue: (value: number) => String(value),
    });
    expect(svg.match(/<circle/g)).toHaveLength(5);
    expect(svg).toContain('&lt; 5');
    expect(svg).toContain('>je 1.000 Einwohner unter 21 Jahren</text>');
  });

  it('small multiples: one panel per space on one scale, the district dashed in each', () => {
    const svg = expectGoldenSvg('small-multiples', SmallMultiples, {
      title: 'Alle Hilfen je Sozialraum',
      unit: 'je 1.000 Einwohner unter 21 Jahren',
      source: 'Quelle: Fälle 2025 · Datenstand 31.12.2025',
      panels: [
        { spaceId: 'a', code: 'SR 01', name: 'Mitte', points: points([20, 22, 25, 24, 27, 30]) },
        { spaceId: 'b', code: 'SR 02', name: 'Nord', points: points([40, 38, null, 35, 33, 31]) },
        { spaceId: 'c', code: 'SR 03', name: 'Süd', points: points([10, 11, 12, 12, 13, 15]) },
      ],
      district: points([22, 23, 24, 24, 25, 26]),
      districtLabel: 'Kreis gesamt',
      selectedId: 'b',
      formatValue: (value: number) => String(Math.round(value)),
      onselect: noop,
    });
    expect(svg.match(/data-testid="demand-multiple"/g)).toHaveLength(3);
    expect(svg.match(/stroke-dasharray="3 2"/g)).toHaveLength(3);
    expect(svg).toContain('aria-pressed="true"');
  });

  it('help settings: stacked counts per space, hidden cells not drawn and not written', () => {
    const mix: HelpMixRow[] = [
      { spaceId: 'a', code: 'SR 01', name: 'Mitte', counts: [30, 6, 12, 0], reasons: [null, null, null, null] },
      { spaceId: 'b', code: 'SR 02', name: 'Nord', counts: [18, null, null, 0], reasons: [null, 'primary', 'secondary', null] },
      { spaceId: 'c', code: 'SR 03', name: 'Süd', counts: [9, 0, 7, 0], reasons: [null, null, null, null] },
    ];
    const svg = expectGoldenSvg('help-mix', HelpMixChart, {
      title: 'Fälle nach Hilfeform, 2025',
      source: 'Quelle: Fälle 2025 · Datenstand 31.12.2025',
      rows: mix,
      settings: ['ambulant', 'teilstationär', 'stationär', 'ohne Angabe'],
      formatCount: (count: number) => String(count),
      hiddenText: hidden,
      selectedId: null,
      onselect: noop,
    });
    // 3 + 1 + 2 drawn segments; the hidden ones neither drawn nor named with a number.
    expect(svg.match(/<rect/g)).toHaveLength(6);
    expect(svg).toContain('SR 02 Nord: ambulant 18, teilstationär &lt; 5, stationär •');
    // "ohne Angabe" has no case anywhere: not in the legend.
    expect(svg).not.toContain('ohne Angabe');
  });
});
