/**
 * The before/after the case study is about: the *same* open-model workload — the same arrivals per
 * query for the same time, under the same MaxQueryTCU — against the legacy schema and SQL, then the
 * optimized ones, each side measured the way an account is: QueryTCU per minute (peak and range),
 * TCU-hours and their cost, throttles, latency, bytes scanned, and QueryInsights per query (the share
 * of the spatial axis and the time range it reads). The answers are checked equal. Latency stays in
 * the report but no longer stands in for TCU.
 *
 * Between the sides the account must go idle, so each side's minutes hold only its own capacity:
 * `settle` waits until 30 seconds (the billing minimum a block is held) after the last query, and into
 * the next minute.
 */
import { QueryCommand, UpdateAccountSettingsCommand } from '@aws-sdk/client-timestream-query';
import type { TcuSource } from '../monitor/tcu-source.ts';
import type { Clock } from '../shared/clock.ts';
import { TIMESTREAM_PRICES } from '../shared/timestream-prices.ts';
import { compareAnswers } from './compare.ts';
import type { LabTarget } from './lab-target.ts';
import { DEFAULT_LOAD_TEST, type LoadTestConfig } from './loadtest/config.ts';
import { LoadTest, type LoadTestResult } from './loadtest/load-test.ts';
import { queriesFor, type QueryName, type Schema } from './queries.ts';
import { runQuery } from './run-query.ts';
import type { DataWindow } from './scenario.ts';

const MINUTE_MS = 60_000;
/** A capacity block is held (and billed) at least this long after the last query (tcu.html). */
const BLOCK_HOLD_MS = 30_000;
const QUERIES: readonly QueryName[] = ['sql1', 'sql2'];

export interface WorkloadCompareOptions {
  /** Arrivals a second, per query. */
  readonly ratePerSecond: number;
  readonly durationMs: number;
  /** Queries in flight per query at most (the open model's cap). */
  readonly maxInFlight: number;
  /** MaxQueryTCU during the comparison: the emulator only (on AWS it is an account setting). */
  readonly maxQueryTcu: number | undefined;
}

export interface QueryInsightsFigures {
  readonly spatialCoverage: number;
  readonly temporalRangeNs: number;
}

export interface SideReport {
  readonly schema: Schema;
  readonly fromMs: number;
  readonly toMs: number;
  readonly tcu: {
    readonly peak: number;
    readonly minutes: readonly { readonly minuteStartMs: number; readonly min: number; readonly max: number }[];
    /** Estimated from each minute's maximum over the side's share of that minute, with the range min…max allows. */
    readonly hours: number;
    readonly hoursRange: readonly [number, number];
    readonly isCapped: boolean;
  };
  readonly costUsd: number;
  readonly throttled: number;
  readonly succeeded: number;
  readonly latencyMs: { readonly p50: number; readonly p99: number } | null;
  readonly bytesScanned: number;
  readonly insights: Readonly<Record<QueryName, QueryInsightsFigures | undefined>>;
}

export interface WorkloadCompareReport {
  readonly ratePerSecond: number;
  readonly durationMs: number;
  readonly maxQueryTcu: number;
  readonly pricePerTcuHour: number;
  readonly isLocal: boolean;
  readonly legacy: SideReport;
  readonly optimized: SideReport;
  readonly answersEqual: boolean;
  readonly differences: Readonly<Record<QueryName, string | undefined>>;
}

export interface WorkloadCompareDeps {
  readonly target: LabTarget;
  readonly window: DataWindow;
  readonly tcu: TcuSource;
  readonly clock: Clock;
  /** Waits until `untilMs` (the emulator's tests move its clock instead). */
  readonly settle?: (untilMs: number) => Promise<void>;
  readonly signal?: AbortSignal;
  readonly onSide?: (schema: Schema, phase: 'running' | 'settling') => void;
}

/** When the account is idle after a side that ended at `endMs`: the hold is over and a new minute began. */
export function idleAfter(endMs: number): number {
  return (Math.floor((endMs + BLOCK_HOLD_MS) / MINUTE_MS) + 1) * MINUTE_MS;
}

export async function compareWorkloads(
  options: WorkloadCompareOptions,
  deps: WorkloadCompareDeps,
): Promise<WorkloadCompareReport> {
  const settle =
    deps.settle ?? ((untilMs: number) => deps.clock.sleep(Math.max(0, untilMs - deps.clock.now()), deps.signal));
  const settings = await deps.tcu.accountSettings();
  const restoreTo = settings.maxQueryTcu;
  if (options.maxQueryTcu !== undefined && options.maxQueryTcu !== restoreTo) {
    if (!deps.target.isLocal)
      throw new Error(
        'MaxQueryTCU is an account setting on AWS (lowering it can take 24 hours): set it in the console',
      );
    await setMaxQueryTcu(deps.target, options.maxQueryTcu);
  }
  try {
    const maxQueryTcu = options.maxQueryTcu ?? restoreTo;
    // The account starts idle, so the first side's minutes are its own too.
    await settle(idleAfter(deps.clock.now() - BLOCK_HOLD_MS));
    const legacy = await runSide('legacy', options, deps, maxQueryTcu, settle);
    const optimized = await runSide('optimized', options, deps, maxQueryTcu, settle);
    const differences = await checkAnswers(deps.target, deps.window);
    return {
      ratePerSecond: options.ratePerSecond,
      durationMs: options.durationMs,
      maxQueryTcu,
      pricePerTcuHour: TIMESTREAM_PRICES.perTcuHour,
      isLocal: deps.target.isLocal,
      legacy,
      optimized,
      answersEqual: QUERIES.every((query) => differences[query] === undefined),
      differences,
    };
  } finally {
    if (options.maxQueryTcu !== undefined && options.maxQueryTcu !== restoreTo)
      await setMaxQueryTcu(deps.target, restoreTo);
  }
}

async function runSide(
  schema: Schema,
  options: WorkloadCompareOptions,
  deps: WorkloadCompareDeps,
  maxQueryTcu: number,
  settle: (untilMs: number) => Promise<void>,
): Promise<SideReport> {
  deps.onSide?.(schema, 'running');
  const config: LoadTestConfig = {
    ...DEFAULT_LOAD_TEST,
    workers: { sql1: options.maxInFlight, sql2: options.maxInFlight },
    durationMs: options.durationMs,
    ratePerSecond: options.ratePerSecond,
    schema,
    // Throttles and errors are findings here, never a reason to stop: each side runs its full time, so
    // both sides meet the same arrivals (a ratio of 1 would stop a side whose first answers are all 429s).
    maxThrottleRatio: Number.POSITIVE_INFINITY,
    maxErrorRatio: Number.POSITIVE_INFINITY,
  };
  const fromMs = deps.clock.now();
  const test = new LoadTest(config, { target: deps.target, window: deps.window });
  const stop = () => test.stop('stop');
  deps.signal?.addEventListener('abort', stop, { once: true });
  let result: LoadTestResult;
  try {
    result = await test.run();
  } finally {
    deps.signal?.removeEventListener('abort', stop);
  }
  const toMs = deps.clock.now();
  deps.onSide?.(schema, 'settling');
  const idleAtMs = idleAfter(toMs);
  await settle(idleAtMs);
  const minutes = (await deps.tcu.minuteTcu(Math.floor(fromMs / MINUTE_MS) * MINUTE_MS, idleAtMs)).filter(
    (minute) => minute.minuteStartMs < idleAtMs,
  );
  // The side held capacity from its first query until at most 30 s after its last. Within each minute,
  // the metric says between min and max TCU; weighting by the side's share of the minute keeps a side
  // that happens to straddle a minute boundary from counting two whole minutes.
  const activeTo = toMs + BLOCK_HOLD_MS;
  const share = (minute: { minuteStartMs: number }) =>
    Math.max(0, Math.min(activeTo, minute.minuteStartMs + MINUTE_MS) - Math.max(fromMs, minute.minuteStartMs)) /
    MINUTE_MS;
  const low = minutes.reduce((sum, minute) => sum + minute.min * share(minute), 0) / 60;
  const high = minutes.reduce((sum, minute) => sum + minute.max * share(minute), 0) / 60;
  // Capacity reaches a minute's maximum within seconds of the first query: the maximum is the estimate.
  const hours = high;
  const peak = minutes.reduce((most, minute) => Math.max(most, minute.max), 0);
  const insights = await insightsOf(deps.target, schema, deps.window, deps.clock);
  return {
    schema,
    fromMs,
    toMs,
    tcu: { peak, minutes, hours, hoursRange: [low, high], isCapped: peak > 0 && peak >= maxQueryTcu },
    costUsd: hours * TIMESTREAM_PRICES.perTcuHour,
    throttled: result.combined.throttled,
    succeeded: result.combined.succeeded,
    latencyMs: result.combined.latencyMs
      ? { p50: result.combined.latencyMs.p50, p99: result.combined.latencyMs.p99 }
      : null,
    bytesScanned: result.combined.bytesScanned,
    insights,
  };
}

async function setMaxQueryTcu(target: LabTarget, value: number): Promise<void> {
  await target.clients.query.send(new UpdateAccountSettingsCommand({ MaxQueryTCU: value }));
}

/** Each query once with QueryInsights (rate-limited to one a second by Timestream). */
async function insightsOf(
  target: LabTarget,
  schema: Schema,
  window: DataWindow,
  clock: Clock,
): Promise<Record<QueryName, QueryInsightsFigures | undefined>> {
  const texts = queriesFor(schema, target.database, window);
  const found: Partial<Record<QueryName, QueryInsightsFigures | undefined>> = {};
  for (const query of QUERIES) {
    const answer = await withInsightsSlot(clock, () =>
      target.clients.query.send(
        new QueryCommand({ QueryString: texts[query], QueryInsights: { Mode: 'ENABLED_WITH_RATE_CONTROL' } }),
      ),
    );
    const response = answer.QueryInsightsResponse;
    found[query] =
      response?.QuerySpatialCoverage?.Max?.Value !== undefined && response.QueryTemporalRange?.Max?.Value !== undefined
        ? {
            spatialCoverage: response.QuerySpatialCoverage.Max.Value,
            temporalRangeNs: response.QueryTemporalRange.Max.Value,
          }
        : undefined;
  }
  return found as Record<QueryName, QueryInsightsFigures | undefined>;
}

/**
 * Runs an insights query in a free slot: a second of its own, and again a second later when another
 * insights query on the account took it (the limit is per account, not per client).
 */
async function withInsightsSlot<T>(clock: Clock, send: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    await clock.sleep(1100);
    try {
      return await send();
    } catch (error) {
      if ((error as Error).name !== 'ThrottlingException' || attempt >= 5) throw error;
    }
  }
}

/** Each legacy query and its optimized twin, answers compared. */
async function checkAnswers(target: LabTarget, window: DataWindow): Promise<Record<QueryName, string | undefined>> {
  const legacy = queriesFor('legacy', target.database, window);
  const optimized = queriesFor('optimized', target.database, window);
  const differences: Partial<Record<QueryName, string | undefined>> = {};
  for (const query of QUERIES) {
    const before = await runQuery(target.clients.query, legacy[query], { keepRows: true });
    const after = await runQuery(target.clients.query, optimized[query], { keepRows: true });
    differences[query] = compareAnswers(query, before, after);
  }
  return differences as Record<QueryName, string | undefined>;
}

/** The JSON contract of `tcu-bot lab compare --json` (documented in the README). */
export function compareJson(report: WorkloadCompareReport): Record<string, unknown> {
  const side = (figures: SideReport) => ({
    tcu: { peak: figures.tcu.peak, hours: round(figures.tcu.hours, 6) },
    throttled: figures.throttled,
    latencyMs: { p50: figures.latencyMs?.p50 ?? null, p99: figures.latencyMs?.p99 ?? null },
    bytesScanned: figures.bytesScanned,
    costUsd: round(figures.costUsd, 6),
    insights: Object.fromEntries(
      QUERIES.map((query) => [
        query,
        figures.insights[query]
          ? {
              spatialCoverage: figures.insights[query].spatialCoverage,
              temporalRangeNs: figures.insights[query].temporalRangeNs,
            }
          : null,
      ]),
    ),
  });
  return { legacy: side(report.legacy), optimized: side(report.optimized), answersEqual: report.answersEqual };
}

function round(value: number, digits: number): number {
  return Math.round(value * 10 ** digits) / 10 ** digits;
}
