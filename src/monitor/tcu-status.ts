/**
 * What the QueryTCU minutes say, as pure functions: the status `/tcu status` shows and the window a
 * load test reports. Honest by construction: a minute without a datapoint means no query ran (0) and
 * is counted as such; TCU-hours are a range Σmin/60 … Σmax/60 (only Minimum and Maximum exist);
 * "capacity-capped" means the peak reached MaxQueryTCU.
 */
import type { MinuteTcu, QueryAccountSettings } from './tcu-source.ts';

const MINUTE_MS = 60_000;

export interface TcuWindowSummary {
  readonly minutes: number;
  /** Minutes that had a datapoint (query activity). */
  readonly activeMinutes: number;
  readonly peak: number;
  /** Lowest per-minute minimum; 0 when any minute had no datapoint. */
  readonly minimum: number;
}

export interface TcuStatus {
  /** Start of the last complete minute. */
  readonly nowMinuteStartMs: number;
  /** QueryTCU (maximum) in the last complete minute; 0 with `isIdleNow` when it had no datapoint. */
  readonly now: number;
  readonly isIdleNow: boolean;
  readonly last15m: TcuWindowSummary;
  readonly last1h: TcuWindowSummary;
  readonly last24h: TcuWindowSummary;
  readonly maxQueryTcu: number;
  readonly pricingModel: string;
  /** Peak of the last hour ÷ MaxQueryTCU. */
  readonly utilisation: number;
  /** The last hour's peak reached MaxQueryTCU: queries were likely throttled. */
  readonly isCapped: boolean;
}

export function lastCompleteMinuteStart(nowMs: number): number {
  return Math.floor(nowMs / MINUTE_MS) * MINUTE_MS - MINUTE_MS;
}

export function summarizeWindow(minutes: readonly MinuteTcu[], fromMs: number, toMs: number): TcuWindowSummary {
  const inside = minutes.filter((minute) => minute.minuteStartMs >= fromMs && minute.minuteStartMs < toMs);
  const count = Math.max(0, Math.round((toMs - fromMs) / MINUTE_MS));
  return {
    minutes: count,
    activeMinutes: inside.length,
    peak: inside.reduce((peak, minute) => Math.max(peak, minute.max), 0),
    minimum:
      inside.length < count ? 0 : inside.reduce((low, minute) => Math.min(low, minute.min), Number.POSITIVE_INFINITY),
  };
}

/** Needs the last 24 h of minutes (ending at the last complete minute). */
export function tcuStatus(minutes: readonly MinuteTcu[], settings: QueryAccountSettings, nowMs: number): TcuStatus {
  const nowMinute = lastCompleteMinuteStart(nowMs);
  const end = nowMinute + MINUTE_MS;
  const current = minutes.find((minute) => minute.minuteStartMs === nowMinute);
  const last1h = summarizeWindow(minutes, end - 60 * MINUTE_MS, end);
  return {
    nowMinuteStartMs: nowMinute,
    now: current?.max ?? 0,
    isIdleNow: current === undefined,
    last15m: summarizeWindow(minutes, end - 15 * MINUTE_MS, end),
    last1h,
    last24h: summarizeWindow(minutes, end - 24 * 60 * MINUTE_MS, end),
    maxQueryTcu: settings.maxQueryTcu,
    pricingModel: settings.pricingModel,
    utilisation: settings.maxQueryTcu > 0 ? last1h.peak / settings.maxQueryTcu : 0,
    isCapped: last1h.peak > 0 && last1h.peak >= settings.maxQueryTcu,
  };
}

export interface TcuTestWindow {
  /** Highest QueryTCU in the minutes before the test: other workloads share the metric. */
  readonly baseline: number;
  readonly peak: number;
  /** TCU-hours at least: each minute's minimum over the part of it known to have passed. */
  readonly tcuHoursMin: number;
  /** TCU-hours at most: each minute's maximum over the whole minute. */
  readonly tcuHoursMax: number;
  readonly maxQueryTcu: number;
  readonly isCapped: boolean;
  readonly activeMinutes: number;
}

/** The figures a load-test report gives for its window [fromMs, toMs), with `baselineMinutes` before it. */
export function tcuTestWindow(
  minutes: readonly MinuteTcu[],
  fromMs: number,
  toMs: number,
  maxQueryTcu: number,
  baselineMinutes = 5,
): TcuTestWindow {
  const startMinute = Math.floor(fromMs / MINUTE_MS) * MINUTE_MS;
  const baseline = summarizeWindow(minutes, startMinute - baselineMinutes * MINUTE_MS, startMinute).peak;
  const inside = minutes.filter((minute) => minute.minuteStartMs >= startMinute && minute.minuteStartMs < toMs);
  const peak = inside.reduce((high, minute) => Math.max(high, minute.max), 0);
  return {
    baseline,
    peak,
    // A minute's minimum holds for all of it only once the minute is over (capacity coming or going
    // notes a 0): the minute the window ends in counts up to the end, so the range never claims more.
    tcuHoursMin:
      inside.reduce((sum, minute) => sum + minute.min * Math.min(1, (toMs - minute.minuteStartMs) / MINUTE_MS), 0) / 60,
    tcuHoursMax: inside.reduce((sum, minute) => sum + minute.max, 0) / 60,
    maxQueryTcu,
    isCapped: peak > 0 && peak >= maxQueryTcu,
    activeMinutes: inside.length,
  };
}
