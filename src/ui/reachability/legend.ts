/** The map legend of the reachability tab: what the chosen layer's colours mean. */
import type { AppState } from '../../state/app.svelte';
import type { ProjectState } from '../../state/project.svelte';
import type { ReachabilityView } from '../../state/reachability.svelte';
import { UNIT_TIME_BREAKS_MINUTES } from '../../state/reachability.svelte';
import type { IndicatorLegend } from '../../state/demand-labels';
import { classColours, formatClassBounds } from '../../domain/classify';
import { formatFixed, formatNumber, type MessageKey } from '../../i18n';
import { minutesText } from './labels';

export function reachLegend(app: AppState, project: ProjectState, view: ReachabilityView): IndicatorLegend | null {
  const category = app.categoryLabel(view.category);
  const threshold = project.project.settings.suppressionThreshold;
  const approximateNote = (approximate: boolean) => (approximate ? app.t('reach.legendApproximate', { factor: formatFixed(app.locale, view.settings.detourFactor, 1) }) : undefined);
  const sitesNote = view.sitesOutcome && view.sitesOutcome.steps.length > 0 ? app.t('reach.legendSites') : undefined;
  const note = (...parts: (string | undefined)[]) => parts.filter(Boolean).join(' ') || undefined;
  const demand = view.coverageOutcome?.basis === 'cases' ? app.t('reach.demandCases') : app.t('reach.demandChildren', { from: view.categoryAges[0] ?? 0, to: Math.min(view.categoryAges[1] ?? 21, 21) });
  switch (view.mapLayer) {
    case 'isochrones': {
      const outcome = view.isochroneOutcome;
      if (!outcome) return null;
      const colours = classColours('sequential', outcome.bands.length).reverse();
      const mode = app.t(`reach.mode.${outcome.mode}` as MessageKey);
      return {
        title: app.t(outcome.direction === 'to-origins' ? 'reach.legendIsochrones' : 'reach.legendIsochronesFrom', { mode }),
        classes: outcome.bands.map((band, index) => ({
          colour: colours[index]!,
          label: app.t('reach.bandUpTo', { minutes: minutesText(app, band.seconds / 60) }),
          count: null,
        })),
        noValue: '',
        noValueCount: 0,
        note: note(approximateNote(outcome.approximate), sitesNote),
      };
    }
    case 'coverage': {
      const choropleth = view.coverageChoropleth;
      if (!choropleth) return null;
      const bounds = formatClassBounds(choropleth.classification.breaks, (value) => `${formatNumber(app.locale, value)} %`);
      return {
        title: app.t('reach.legendCoverage', { demand, category, minutes: view.minutes }),
        classes: choropleth.colours.map((colour, index) => ({ colour, label: bounds[index] ?? '', count: choropleth.classification.counts[index] ?? 0 })),
        noValue: app.t('reach.legendNoValue'),
        noValueCount: [...choropleth.spaceColours.values()].filter((colour) => colour === null).length,
        note: note(approximateNote(view.coverageOutcome?.approximate ?? false), sitesNote),
      };
    }
    case 'white-spots': {
      const spots = view.whiteSpots;
      if (!spots) return null;
      return {
        title: app.t('reach.legendWhiteSpots', { demand, category, minutes: view.minutes }),
        classes: [{ colour: '#D55E00', label: app.t('reach.layer.white-spots'), count: spots.collection.features.length }],
        noValue: '',
        noValueCount: 0,
        note: note(app.t('reach.legendWhiteSpotsNote', { threshold }), approximateNote(view.coverageOutcome?.approximate ?? false), sitesNote),
      };
    }
    case 'unit-times': {
      const times = view.unitTimes;
      if (!times) return null;
      const bounds = UNIT_TIME_BREAKS_MINUTES.map((bound, index) => (index === 0 ? `≤ ${bound} min` : `${UNIT_TIME_BREAKS_MINUTES[index - 1]} – ${bound} min`));
      return {
        title: app.t('reach.legendUnitTimes', { mode: app.t(`reach.mode.${view.coverageOutcome?.mode ?? view.mode}` as MessageKey), category }),
        classes: times.colours.map((colour, index) => ({ colour, label: bounds[index] ?? `> ${UNIT_TIME_BREAKS_MINUTES.at(-1)} min`, count: times.counts[index] ?? 0 })),
        noValue: '',
        noValueCount: 0,
        note: note(approximateNote(view.coverageOutcome?.approximate ?? false), sitesNote),
      };
    }
  }
}
