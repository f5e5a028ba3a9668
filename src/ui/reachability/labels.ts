/** Numbers of the reachability panel, map labels and legend as they are read. */
import type { AppState } from '../../state/app.svelte';
import type { CoverageRow } from '../../state/reachability.svelte';
import { formatNumber } from '../../i18n';
import { suppressedText } from '../../state/demand-labels';

/** "8,5 min" below ten minutes, "12 min" above. */
export function minutesText(app: AppState, minutes: number): string {
  return `${formatNumber(app.locale, minutes, minutes < 10 ? 1 : 0)} min`;
}

/** A count of the coverage table: the number, "< 5" or "•" when hidden, "–" when there is none. */
export function coverageCell(app: AppState, row: CoverageRow, value: number | null, threshold: number): string {
  if (value !== null) return formatNumber(app.locale, value);
  return row.suppressed ? suppressedText(threshold, row.reason) : '–';
}
