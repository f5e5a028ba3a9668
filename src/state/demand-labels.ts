/** Words and numbers of the indicator as panel, charts, map labels and legend show them. */
import type { AppState } from './app.svelte';
import type { DemandChoropleth, DemandHexagons, DemandView } from './demand.svelte';
import { formatClassBounds } from '../domain/classify';
import { customGroupId, denominatorColumn, UNDATED_YEAR, type CustomHelpGroup, type Denominator, type HelpGroup } from '../domain/demand';
import { formatFixed, formatNumber, type MessageKey } from '../i18n';
import { SECONDARY_SUPPRESSION_MARK } from '../domain/suppression';

export function helpGroupLabel(app: AppState, group: HelpGroup, customGroups: readonly CustomHelpGroup[] = []): string {
  const customId = customGroupId(group);
  if (customId !== null) return customGroups.find((candidate) => candidate.id === customId)?.name ?? customId;
  return app.t((/^\d/.test(group) ? `help.${group}` : `demand.group.${group}`) as MessageKey);
}

/** What a rate is divided by, in words: "Einwohner unter 21 Jahren" or "<column> (<table>)". */
export function denominatorLabel(app: AppState, view: DemandView, denominator: Denominator = view.denominator): string {
  const column = denominatorColumn(denominator);
  if (!column) return app.t(`demand.denominator.${denominator}` as MessageKey);
  const layer = view.denominatorColumns.find((option) => option.value === denominator)?.layer;
  return layer ? app.t('demand.denominatorColumn', { column: column.column, layer: layer.name }) : column.column;
}

/** What is counted, in words: a help group, resources of a category (or their places), or a table column. */
export function subjectLabel(app: AppState, view: DemandView): string {
  const source = view.source;
  if (!source) return '';
  if (source.kind === 'demand') return helpGroupLabel(app, view.group, view.customGroups);
  if (source.kind === 'statistics') return view.column ?? '';
  const category = view.category === 'all' ? null : app.categoryLabel(view.category);
  if (view.resourceMeasure === 'capacity') return category ? app.t('demand.subject.places', { category }) : app.t('demand.subject.allPlaces');
  return category ?? app.t('demand.subject.resources');
}

/**
 * "Stationäre Hilfen je 1.000 Einwohner unter 21 Jahren, 2025", "Plätze: Kita je 100
 * inhabitants_age_below_6 (Einwohner 2024)".
 */
export function indicatorTitle(app: AppState, view: DemandView): string {
  const spec = view.spec;
  if (!spec) return '';
  const cases = view.source?.kind === 'demand';
  const measure = spec.measure;
  const undated = spec.year === UNDATED_YEAR;
  const key = measure === 'rate' || cases ? `demand.title.${measure}` : `demand.title.${measure}.other`;
  const when = undated ? '' : measure === 'count' && cases ? ` ${spec.year}` : `, ${spec.year}`;
  return app.t(key as MessageKey, {
    subject: subjectLabel(app, view),
    year: spec.year,
    baseYear: spec.baseYear,
    when,
    per: formatNumber(app.locale, view.per),
    base: denominatorLabel(app, view),
  });
}

/** The unit of the values, as an axis says it: "je 1.000 Einwohner unter 21 Jahren", "Fälle", "%". */
export function indicatorUnit(app: AppState, view: DemandView): string {
  const measure = view.effectiveMeasure;
  const cases = view.source?.kind === 'demand';
  if (measure === 'rate') return `${app.t('demand.per')} ${formatNumber(app.locale, view.per)} ${denominatorLabel(app, view)}`;
  if (measure === 'change-percent' || measure === 'share') return '%';
  return app.t(cases ? 'demand.cases' : 'demand.cases.other');
}

/** An indicator value ('–' when there is none); changes with their sign. */
export function formatIndicator(app: AppState, view: DemandView, value: number | null, signed = view.effectiveMeasure === 'change' || view.effectiveMeasure === 'change-percent'): string {
  if (value === null) return app.t('demand.noValue');
  const text = formatFixed(app.locale, Math.abs(value), view.decimals);
  if (!signed) return value < 0 ? `−${text}` : text;
  return `${value > 0 ? '+' : value < 0 ? '−' : '±'}${text}`;
}

/** What a suppressed value shows: "< 5" for a small count, "•" for one hidden to protect another. */
export function suppressedText(threshold: number, reason: 'primary' | 'secondary' | null): string {
  return reason === 'secondary' ? SECONDARY_SUPPRESSION_MARK : `< ${threshold}`;
}

/** A hexagon's width as read: "350 m" up to 1 km (to 50 m), else "2,4 km". */
export function hexSizeText(app: AppState, acrossMeters: number): string {
  return acrossMeters < 1000 ? `${formatNumber(app.locale, Math.round(acrossMeters / 50) * 50)} m` : `${formatNumber(app.locale, acrossMeters / 1000, 1)} km`;
}

/** The legend of an indicator, hexagon or reachability map: title, classes (colour, bounds, how many), the no-value row and a note. */
export interface IndicatorLegend {
  title: string;
  /** `count`: how many are in the class (spaces, cells); null where the legend has none to show. */
  classes: { colour: string; label: string; count: number | null }[];
  noValue: string;
  noValueCount: number;
  /** A remark under the classes (e.g. which cells are left out). */
  note?: string;
}

/** The indicator on the map: per space its class colour (null: no value) and its label ("12,3", "< 5"). */
export interface IndicatorMap {
  colours: ReadonlyMap<string, string | null>;
  labels: ReadonlyMap<string, string>;
  choropleth: DemandChoropleth;
  demand: DemandView;
}

/**
 * The indicator map of `demand` (its table, suppressed; its classes, or `choropleth` when two
 * maps share one classification); null while it has no table.
 */
export function indicatorMap(app: AppState, demand: DemandView, choropleth: DemandChoropleth | null = demand.choropleth): IndicatorMap | null {
  const table = demand.table;
  if (!table || !choropleth) return null;
  const threshold = demand.threshold;
  const labels = new Map(table.rows.map((row) => [row.spaceId, row.suppressed ? suppressedText(threshold, row.reason) : formatIndicator(app, demand, row.value)]));
  const colours = new Map(table.rows.map((row) => [row.spaceId, choropleth.spaceColours.get(row.spaceId) ?? null]));
  return { colours, labels, choropleth, demand };
}

export function indicatorLegend(app: AppState, map: IndicatorMap): IndicatorLegend {
  const { choropleth, demand } = map;
  const bounds = formatClassBounds(choropleth.classification.breaks, (value) => formatIndicator(app, demand, value, false));
  return {
    title: indicatorTitle(app, demand),
    classes: choropleth.colours.map((colour, index) => ({ colour, label: bounds[index] ?? '', count: choropleth.classification.counts[index] ?? 0 })),
    noValue: demand.protects ? app.t('demand.legendNoValue', { threshold: demand.threshold }) : app.t('demand.legendNoValueFigures'),
    noValueCount: [...map.colours.values()].filter((colour) => colour === null).length,
  };
}

/** The legend of the located cases per hexagon. */
export function hexagonLegend(app: AppState, demand: DemandView, hexagons: DemandHexagons, threshold: number): IndicatorLegend {
  const { classification, colours, resolution } = hexagons;
  const size = demand.hexSizes.find((entry) => entry.resolution === resolution)?.acrossMeters ?? 0;
  const bounds = formatClassBounds(classification.breaks, (value) => formatNumber(app.locale, value));
  return {
    title: app.t('demand.hexagonTitle', { group: helpGroupLabel(app, demand.group, demand.customGroups), year: demand.year ?? '', size: hexSizeText(app, size) }),
    classes: colours.map((colour, index) => ({ colour, label: bounds[index] ?? '', count: classification.counts[index] ?? 0 })),
    noValue: '',
    noValueCount: 0,
    note: app.t('demand.hexagonHidden', { threshold }),
  };
}
