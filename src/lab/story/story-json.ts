/**
 * `tcu-bot lab story --json`: one JSON object for scripts (documented in the README).
 * { "maxQueryTcu", "savedPercent",
 *   "days": [{ "kind", "day", "schema", "ratePerSecond", "queries", "throttled", "tcu": { "peak", "typical", "hours" }, "costUsd" }],
 *   "alarm": { "name", "threshold", "minutes", "changes": [{ "from", "to", "at", "delivered" }] },
 *   "costChecks": [{ "at", "day", "verdict", "changePercent", "posted" }],
 *   "tcuPerMinute": [[epochMs, max], …] }
 */
import { savedPercent } from './story-notice.ts';
import type { StoryResult } from './story.ts';

export type StoryJson = ReturnType<typeof storyJson>;

export function storyJson(result: StoryResult) {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    maxQueryTcu: result.options.maxQueryTcu,
    savedPercent: savedPercent(result),
    days: result.days.map((day) => ({
      kind: day.kind,
      day: day.day,
      schema: day.schema,
      ratePerSecond: day.ratePerSecond,
      queries: day.admitted + day.throttled,
      throttled: day.throttled,
      tcu: { peak: day.tcuPeak, typical: day.tcuTypical, hours: day.tcuHours },
      costUsd: day.costUsd,
    })),
    alarm: {
      name: result.alarm.name,
      threshold: result.alarm.threshold,
      minutes: result.alarm.minutes,
      changes: result.alarm.changes.map((change) => ({
        from: change.from,
        to: change.to,
        at: iso(change.atMs),
        delivered: change.delivered,
      })),
    },
    costChecks: result.costChecks.map((check) => ({
      at: iso(check.atMs),
      day: check.verdict.day,
      verdict: check.verdict.kind,
      changePercent: check.verdict.kind === 'no-data' ? null : check.verdict.deltaPercent,
      posted: check.posted,
    })),
    tcuPerMinute: result.minutes.map((minute): [number, number] => [minute.minuteStartMs, minute.max]),
  };
}
