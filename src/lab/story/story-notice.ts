/** The story's report as a Notice (terminal, console page), in the caller's language. */
import type { Notice } from '../../chat/notice.ts';
import type { Locale } from '../../shared/locale.ts';
import { formatDateTime } from '../../shared/time-format.ts';
import { dollars, percentOf, spanOf } from '../lab-notices.ts';
import { labStrings } from '../lab-strings.ts';
import type { StoryResult } from './story.ts';
import { storyStrings } from './story-strings.ts';

/** Share of the legacy busy day's cost the optimized day saved, in percent (one decimal). */
export function savedPercent(result: StoryResult): number {
  const legacy = result.days.find((day) => day.kind === 'legacy');
  const optimized = result.days.find((day) => day.kind === 'optimized');
  if (!legacy || !optimized || legacy.costUsd <= 0) return 0;
  return Math.round(((legacy.costUsd - optimized.costUsd) / legacy.costUsd) * 1000) / 10;
}

const signedPercent = (value: number | null) =>
  value === null ? '—' : `${value >= 0 ? '+' : '−'}${Math.abs(Math.round(value * 10) / 10)}%`;

export function storyNotice(result: StoryResult, locale: Locale): Notice {
  const text = storyStrings(locale);
  const lab = labStrings(locale);
  const number = new Intl.NumberFormat(locale === 'zh-CN' ? 'zh-CN' : 'en-US');
  // The story's days are UTC days, so its times are UTC too.
  const time = (ms: number) => `${formatDateTime(ms, 'UTC').slice(0, 16)} UTC`;
  const days = result.days.map((day) => ({
    label: `${text.day[day.kind]} ${day.day}`,
    value: text.dayValue(
      day.ratePerSecond,
      number.format(day.admitted + day.throttled),
      number.format(day.throttled),
      day.tcuTypical,
      day.tcuPeak,
      day.tcuHours.toFixed(1),
      dollars(day.costUsd),
    ),
  }));
  const alarm = result.alarm.changes.map((change) =>
    text.alarmChange(time(change.atMs), change.from, change.to, change.delivered),
  );
  const checks = result.costChecks.map((check) => {
    const verdict = check.verdict;
    if (verdict.kind === 'no-data') return text.costNoData(time(check.atMs), verdict.day);
    const percent = signedPercent(verdict.deltaPercent);
    return verdict.kind === 'alert' && check.posted
      ? text.costAlert(time(check.atMs), verdict.day, percent)
      : text.costOk(time(check.atMs), verdict.day, percent);
  });
  const reasons = (['sql1', 'sql2'] as const).map((query) => {
    const before = result.queries.legacy[query];
    const after = result.queries.optimized[query];
    return lab.reading(
      query.toUpperCase(),
      percentOf(before.spatialCoverage),
      spanOf(before.temporalRangeNs),
      percentOf(after.spatialCoverage),
      spanOf(after.temporalRangeNs),
    );
  });
  const saved = savedPercent(result);
  return {
    severity: 'info',
    state: undefined,
    summary: text.summary(saved),
    title: text.title,
    subject: undefined,
    facts: [
      ...days,
      { label: text.alarm, value: alarm.length > 0 ? alarm.join(' · ') : text.noAlarmChange },
      ...checks.map((line) => ({ label: text.costCheck, value: line })),
      ...reasons.map((line) => ({ label: text.why, value: line })),
    ],
    sections: [],
    links: [],
    footer: text.footer(
      result.options.maxQueryTcu,
      result.alarm.threshold,
      result.alarm.minutes,
      Math.round(result.wallSeconds),
    ),
  };
}
