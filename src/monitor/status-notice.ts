/** The `/tcu status` notice: TCU status plus D-1, D-2, the delta and month to date, each figure labelled. */
import type { Notice } from '../chat/notice.ts';
import type { Locale } from '../shared/locale.ts';
import { formatDateTime } from '../shared/time-format.ts';
import type { DailyCost } from './cost-source.ts';
import type { CostVerdict } from './cost-rule.ts';
import { money, monitorStrings, percent } from './monitor-strings.ts';
import type { TcuStatus } from './tcu-status.ts';

export interface StatusReport {
  readonly tcu: TcuStatus;
  readonly verdict: CostVerdict;
  /** Complete days of this month, oldest first (may be empty on the 1st). */
  readonly monthToDate: readonly DailyCost[];
  /** The current UTC day so far, when Cost Explorer has it (partial, provisional). */
  readonly today: DailyCost | undefined;
  readonly costMetric: string;
  /** Figures come from the local emulator's models, not from AWS. */
  readonly isLocalEstimate: boolean;
}

export function statusNotice(report: StatusReport, locale: Locale, timeZone: string): Notice {
  const t = monitorStrings(locale);
  const { tcu } = report;
  // The minute in UTC (CloudWatch's) and, when it differs, in the reader's zone.
  const hhmm = (zone: string) => formatDateTime(tcu.nowMinuteStartMs, zone).slice(11, 16);
  const minute = isUtc(timeZone) ? `${hhmm('UTC')} UTC` : `${hhmm('UTC')} UTC / ${hhmm(timeZone)} ${timeZone}`;
  const facts = [
    { label: t.tcuNow, value: t.tcuNowValue(tcu.now, minute, tcu.isIdleNow) },
    {
      label: t.window('15 min'),
      value: t.windowValue(tcu.last15m.peak, tcu.last15m.minimum, tcu.last15m.activeMinutes, tcu.last15m.minutes),
    },
    {
      label: t.window('1 h'),
      value: t.windowValue(tcu.last1h.peak, tcu.last1h.minimum, tcu.last1h.activeMinutes, tcu.last1h.minutes),
    },
    {
      label: t.window('24 h'),
      value: t.windowValue(tcu.last24h.peak, tcu.last24h.minimum, tcu.last24h.activeMinutes, tcu.last24h.minutes),
    },
    { label: t.maxQueryTcu, value: `${tcu.maxQueryTcu} · ${t.pricingModel(tcu.pricingModel)}` },
    { label: t.utilisation, value: `${Math.round(tcu.utilisation * 100)}%` },
    ...costFacts(report, locale),
  ];
  return {
    severity: tcu.isCapped ? 'warning' : 'info',
    state: undefined,
    summary: t.statusSummary(tcu.now, tcu.maxQueryTcu),
    title: t.statusTitle,
    subject: undefined,
    facts,
    sections: tcu.isCapped ? [{ heading: '⚠️', lines: [t.capped] }] : [],
    links: [],
    footer: [t.tcuFootnote, t.costFootnote(report.costMetric), report.isLocalEstimate ? t.localFootnote : '']
      .filter(Boolean)
      .join(' '),
  };
}

function costFacts(report: StatusReport, locale: Locale) {
  const t = monitorStrings(locale);
  const { verdict } = report;
  const today = report.today?.hasData
    ? [{ label: t.today(report.today.day), value: money(report.today.total, report.today.unit) }]
    : [];
  if (verdict.kind === 'no-data') return [{ label: t.costDay(verdict.day), value: t.noData[verdict.reason] }, ...today];
  const provisional = verdict.isProvisional ? t.provisional : '';
  const monthTotal = report.monthToDate.reduce((sum, day) => sum + day.total, 0);
  const first = report.monthToDate[0];
  const last = report.monthToDate.at(-1);
  return [
    { label: t.costDay(verdict.day), value: `${money(verdict.cost, verdict.unit)}${provisional}` },
    { label: t.costDay(verdict.previousDay), value: money(verdict.previousCost, verdict.unit) },
    {
      label: t.delta,
      value:
        verdict.deltaPercent === null && verdict.delta > 0
          ? `${money(verdict.delta, verdict.unit)} · ${t.newSpend}`
          : `${money(verdict.delta, verdict.unit)} · ${percent(verdict.deltaPercent)}`,
    },
    first && last
      ? {
          label: t.monthToDate(first.day, last.day),
          value: `${money(monthTotal, verdict.unit)}${report.monthToDate.some((day) => day.isEstimated) ? t.provisional : ''}`,
        }
      : { label: t.monthToDate('—', '—'), value: t.noMonthData },
    ...today,
  ];
}

function isUtc(timeZone: string): boolean {
  return timeZone === 'UTC' || timeZone === 'Etc/UTC';
}
