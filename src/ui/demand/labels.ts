/** Words and numbers of the demand indicator as panel, map labels and legend show them. */
import type { AppState } from '../../state/app.svelte';
import type { DemandView } from '../../state/demand.svelte';
import type { HelpGroup } from '../../domain/demand';
import { formatFixed, formatNumber, type MessageKey } from '../../i18n';
import { SECONDARY_SUPPRESSION_MARK } from '../../domain/suppression';

export function helpGroupLabel(app: AppState, group: HelpGroup): string {
  return app.t((/^\d/.test(group) ? `help.${group}` : `demand.group.${group}`) as MessageKey);
}

/** "Stationäre Hilfen je 1.000 Einwohner unter 21 Jahren, 2025" */
export function indicatorTitle(app: AppState, view: DemandView): string {
  const spec = view.spec;
  if (!spec) return '';
  return app.t(`demand.title.${view.measure}` as MessageKey, {
    group: helpGroupLabel(app, view.group),
    year: spec.year,
    baseYear: spec.baseYear,
    per: formatNumber(app.locale, view.per),
    denominator: app.t(`demand.denominator.${view.denominator}` as MessageKey),
  });
}

/** An indicator value ('–' when there is none); changes with their sign. */
export function formatIndicator(app: AppState, view: DemandView, value: number | null, signed = view.measure === 'change' || view.measure === 'change-percent'): string {
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
