/**
 * `lab run --workload F`: the file's stages against a target, every query through an SDK client that
 * never retries (each throttle counted) with a socket per possible query in flight, its placeholders
 * filled per call from a seeded random source (the same seed, the same calls). Ends with each query's
 * figures, the account's QueryTCU over the run and the thresholds judged.
 */
import { setMaxListeners } from 'node:events';
import { preciseClock, type Clock } from '../../shared/clock.ts';
import type { MinuteTcu, TcuSource } from '../../monitor/tcu-source.ts';
import type { LabTarget } from '../lab-target.ts';
import { parseDuration } from '../loadtest/config.ts';
import type { QuerySample } from '../loadtest/sample.ts';
import { summarize, type QueryStats } from '../loadtest/stats.ts';
import { WorkloadSamples, type TimelinePoint } from './workload-samples.ts';
import { runQuery } from '../run-query.ts';
import { fillQuery } from './query-text.ts';
import { retargetDatabase } from './retarget.ts';
import { WorkloadError } from './read-workload.ts';
import { SqlSyntaxError } from '../../timestream/sql/parse.ts';
import { StageRunner, type StageLevel } from './stage-runner.ts';
import { evaluateThresholds, type ThresholdResult } from './thresholds.ts';
import { WORKLOAD_LIMITS, type Workload } from './workload-schema.ts';

const MINUTE_MS = 60_000;
/** Latency over time is drawn from this many points at most. */

export interface WorkloadProgress {
  readonly elapsedMs: number;
  readonly totalMs: number;
  readonly arrivals: number;
  readonly inFlight: number;
  /** Of every query answered in the last interval. */
  readonly p95Ms: number | null;
  readonly throttled: number;
  /** QueryTCU of the last minute with a datapoint, account-wide; undefined until one is read. */
  readonly tcuNow: number | undefined;
}

export type { TimelinePoint } from './workload-samples.ts';

export interface WorkloadTcu {
  /** Highest per-minute maximum of QueryTCU during the run. */
  readonly peak: number;
  /** The per-minute maxima summed, as hours: the upper bound the metric allows. */
  readonly hours: number;
  readonly maxQueryTcu: number;
  readonly minutes: readonly MinuteTcu[];
  readonly isLocalEstimate: boolean;
}

export interface WorkloadResult {
  readonly workload: string;
  readonly startedAt: string;
  readonly seconds: number;
  readonly stoppedEarly: boolean;
  readonly perQuery: Readonly<Record<string, QueryStats>>;
  readonly combined: QueryStats;
  readonly timeline: Readonly<Record<string, readonly TimelinePoint[]>>;
  readonly tcu: WorkloadTcu | { readonly unavailable: string };
  readonly thresholds: readonly ThresholdResult[];
  readonly ok: boolean;
}

export interface WorkloadRunDeps {
  readonly target: LabTarget;
  readonly tcu?: TcuSource | undefined;
  readonly clock?: Clock;
  /** Every stage's duration times this (a quick smoke run: 0.1); 1 by default. */
  readonly timeFactor?: number;
  readonly seed?: number;
  readonly onProgress?: (progress: WorkloadProgress) => void;
  readonly progressEveryMs?: number;
  /** How long queries still in flight at the end may finish before they are cancelled. */
  readonly graceMs?: number;
}

/** Moving queries to another database reads them with the parser: a query it cannot read is named before anything runs. */
function checkRetargetable(workload: Workload, database: string): void {
  const problems: string[] = [];
  for (const query of workload.queries) {
    try {
      retargetDatabase(fillQuery(workload, query), workload.database, database);
    } catch (error) {
      if (!(error instanceof SqlSyntaxError)) throw error;
      problems.push(`queries.${query.name}: cannot be moved to database ${database}: ${error.message}`);
    }
  }
  if (problems.length > 0) throw new WorkloadError(problems);
}

/** A seeded uniform source (mulberry32): the same seed draws the same picks. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function stageLevels(workload: Workload, timeFactor = 1): StageLevel[] {
  return workload.stages.map((stage) => ({
    durationMs: Math.max(1, Math.round(parseDuration(stage.duration)! * timeFactor)),
    rate: stage.rate,
    workers: stage.workers,
  }));
}

export class WorkloadRun {
  private readonly abort = new AbortController();
  private readonly clock: Clock;
  private readonly names: readonly string[];
  private started = 0;
  private inFlight = 0;
  private tcuNow: number | undefined;

  constructor(
    private readonly workload: Workload,
    private readonly deps: WorkloadRunDeps,
  ) {
    this.clock = deps.clock ?? preciseClock;
    this.names = workload.queries.map((query) => query.name);
    setMaxListeners(0, this.abort.signal);
  }

  /** Ends the run now: no more arrivals; queries in flight are cancelled and counted unfinished. */
  stop(): void {
    this.abort.abort(new Error('workload run stopped'));
  }

  async run(): Promise<WorkloadResult> {
    const { workload, deps, clock } = this;
    if (deps.target.database !== workload.database) checkRetargetable(workload, deps.target.database);
    const stages = stageLevels(workload, deps.timeFactor);
    const maxInFlight = Math.max(WORKLOAD_LIMITS.workers, ...stages.map((stage) => stage.workers ?? 0));
    const client = deps.target.loadTestClient(maxInFlight + 8, this.abort.signal);
    const random = seededRandom(deps.seed ?? 42);
    const runner = new StageRunner({
      stages,
      weights: workload.queries.map((query) => query.weight),
      clock,
      random,
      maxInFlight,
      execute: async (index, intendedStart, signal): Promise<QuerySample<string>> => {
        const query = workload.queries[index]!;
        this.started += 1;
        this.inFlight += 1;
        const start = clock.now();
        try {
          // The file names its own database; the target may be another (--database, chat on AWS).
          const sql = retargetDatabase(
            fillQuery(workload, query, (values) => values[Math.floor(random() * values.length)]!),
            workload.database,
            deps.target.database,
          );
          const answer = await runQuery(client, sql);
          const base = { query: query.name, intendedStart, start, end: clock.now() };
          return { ...base, outcome: 'ok', bytesScanned: answer.bytesScanned, pages: answer.pages };
        } catch (error) {
          const outcome = signal.aborted ? 'unfinished' : ((error as Error).name ?? 'Error');
          return { query: query.name, intendedStart, start, end: clock.now(), outcome, bytesScanned: 0, pages: 0 };
        } finally {
          this.inFlight -= 1;
        }
      },
    });
    const startedAt = clock.now();
    const totalMs = runner.totalMs;
    const samples = new WorkloadSamples(this.names, startedAt, totalMs);
    let lastProgress = startedAt;
    const progress = setInterval(() => {
      const now = clock.now();
      const recent = summarize(samples.takeRecent(), now - lastProgress);
      lastProgress = now;
      deps.onProgress?.({
        elapsedMs: now - startedAt,
        totalMs,
        arrivals: this.started,
        inFlight: this.inFlight,
        p95Ms: recent.latencyMs?.p95 ?? null,
        throttled: samples.throttled,
        tcuNow: this.tcuNow,
      });
    }, deps.progressEveryMs ?? 1000);
    const tcuPoll = deps.tcu && deps.onProgress ? setInterval(() => this.readTcuNow(), 10_000) : undefined;
    const grace = setTimeout(() => this.stop(), totalMs + (deps.graceMs ?? 30_000));
    let dropped: number[];
    try {
      ({ dropped } = await runner.run(this.abort.signal, (sample) => samples.add(sample)));
    } finally {
      clearInterval(progress);
      clearInterval(tcuPoll);
      clearTimeout(grace);
      client.destroy();
    }
    const endedAt = clock.now();
    const elapsed = Math.max(1, Math.min(endedAt, startedAt + totalMs) - startedAt);
    const perQuery = Object.fromEntries(
      this.names.map((name, index) => [name, samples.statsOf(name, elapsed, dropped[index]!)]),
    );
    const combined = samples.combined(
      elapsed,
      dropped.reduce((sum, each) => sum + each, 0),
    );
    const tcu = await this.tcuOver(startedAt, endedAt);
    const thresholds = evaluateThresholds(workload.thresholds, {
      perQuery,
      combined,
      tcu: 'peak' in tcu ? tcu : undefined,
    });
    return {
      workload: workload.name,
      startedAt: new Date(startedAt).toISOString(),
      seconds: Math.round((endedAt - startedAt) / 100) / 10,
      stoppedEarly: this.abort.signal.aborted && endedAt < startedAt + totalMs,
      perQuery,
      combined,
      timeline: samples.timeline(),
      tcu,
      thresholds,
      ok: thresholds.every((threshold) => threshold.ok),
    };
  }

  /** The progress line's QueryTCU: the last minute with a datapoint (a failed read keeps the last value). */
  private readTcuNow(): void {
    const now = this.clock.now();
    this.deps.tcu!.minuteTcu(now - 3 * MINUTE_MS, now + MINUTE_MS).then(
      (minutes) => {
        if (minutes.length > 0) this.tcuNow = minutes.at(-1)!.max;
      },
      () => undefined,
    );
  }

  private async tcuOver(fromMs: number, toMs: number): Promise<WorkloadResult['tcu']> {
    if (!this.deps.tcu) return { unavailable: 'no QueryTCU source for this target' };
    try {
      const firstMinute = Math.floor(fromMs / MINUTE_MS) * MINUTE_MS;
      const [minutes, settings] = await Promise.all([
        this.deps.tcu.minuteTcu(firstMinute, toMs + MINUTE_MS),
        this.deps.tcu.accountSettings(),
      ]);
      return {
        peak: minutes.reduce((high, minute) => Math.max(high, minute.max), 0),
        hours: Math.round((minutes.reduce((sum, minute) => sum + minute.max, 0) / 60) * 1e6) / 1e6,
        maxQueryTcu: settings.maxQueryTcu,
        minutes,
        isLocalEstimate: this.deps.target.isLocal,
      };
    } catch (error) {
      return { unavailable: `QueryTCU could not be read: ${(error as Error).message}` };
    }
  }
}
