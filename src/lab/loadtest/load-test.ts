/**
 * A running load test: picks the model (closed or open), runs the queries through an SDK client that
 * never retries (maxAttempts 1, so every throttle is counted) and has a socket per worker (so the client
 * is not the bottleneck), reports progress about every 15 s, stops on its duration, on `stop()`, or
 * when throttles or errors pass their limits, and ends with the figures and the account's QueryTCU
 * over the window (TcuSource).
 */
import { setMaxListeners } from 'node:events';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { preciseClock, type Clock } from '../../shared/clock.ts';
import { tcuTestWindow, type TcuTestWindow } from '../../monitor/tcu-status.ts';
import type { TcuSource } from '../../monitor/tcu-source.ts';
import { labStrings } from '../lab-strings.ts';
import type { LabTarget } from '../lab-target.ts';
import { queriesFor, type QueryName } from '../queries.ts';
import { runQuery } from '../run-query.ts';
import type { DataWindow } from '../scenario.ts';
import { ClosedModel } from './closed.ts';
import { describeLoadTest, type LoadTestConfig } from './config.ts';
import { AutoStop } from './auto-stop.ts';
import { OpenModel } from './open.ts';
import type { LoadModel, QuerySample } from './sample.ts';
import { SampleLog, summarize, type QueryStats } from './stats.ts';

export type StopReason = 'duration' | 'stop' | 'throttle-ratio' | 'error-ratio';

export interface LoadTestProgress {
  readonly elapsedSeconds: number;
  readonly durationSeconds: number;
  /** Over the last progress interval. */
  readonly recent: Readonly<
    Record<QueryName, { completed: number; queriesPerSecond: number; p95Ms: number | null; throttled: number }>
  >;
  readonly totals: {
    readonly started: number;
    readonly succeeded: number;
    readonly throttled: number;
    readonly failed: number;
  };
}

/** One point of the live charts: each query over the last tick (about a second). */
export interface LoadTestTick {
  readonly elapsedSeconds: number;
  readonly durationSeconds: number;
  readonly perQuery: Readonly<
    Record<
      QueryName,
      {
        queriesPerSecond: number;
        latencyMs: { p50: number; p95: number; p99: number } | null;
        throttled: number;
        failed: number;
      }
    >
  >;
}

export interface LoadTestResult {
  readonly description: string;
  readonly config: LoadTestConfig;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly seconds: number;
  readonly stoppedBy: StopReason;
  readonly perQuery: Readonly<Record<QueryName, QueryStats>>;
  readonly combined: QueryStats;
  readonly eventLoopDelayMs: { readonly p99: number; readonly max: number };
  readonly sdk: { readonly maxAttempts: 1; readonly maxSockets: number };
  /** Account-wide QueryTCU during the window, or why it is not known. */
  readonly tcu:
    | (TcuTestWindow & { readonly metric: string; readonly caveat: string; readonly isLocalEstimate: boolean })
    | { readonly unavailable: string };
}

export interface LoadTestDeps {
  readonly target: LabTarget;
  readonly window: DataWindow;
  readonly tcu?: TcuSource | undefined;
  readonly clock?: Clock;
  readonly onProgress?: (progress: LoadTestProgress) => void;
  readonly progressEveryMs?: number;
  /** Live figures for charts, every `tickEveryMs` (default 1 s). */
  readonly onTick?: (tick: LoadTestTick) => void;
  readonly tickEveryMs?: number;
  /** How long queries still in flight at the end may finish before they are counted unfinished. */
  readonly graceMs?: number;
}

export class LoadTest {
  private readonly abort = new AbortController();
  private readonly log: SampleLog;
  private readonly clock: Clock;
  private stopReason: StopReason = 'duration';
  private startedAt = 0;
  private lastProgressAt = 0;
  private readonly rotation: Record<QueryName, number> = { sql1: 0, sql2: 0 };
  /** Running counts for the stop limits (recounting every sample would be quadratic). */
  private autoStop: AutoStop | undefined;

  constructor(
    readonly config: LoadTestConfig,
    private readonly deps: LoadTestDeps,
  ) {
    this.clock = deps.clock ?? preciseClock;
    this.log = new SampleLog([...(deps.onProgress ? ['progress'] : []), ...(deps.onTick ? ['ticks'] : [])]);
    // Every in-flight query listens on the one stop signal; hundreds of workers are expected here.
    setMaxListeners(0, this.abort.signal);
  }

  /** Ends the run now; queries in flight are cancelled and counted as unfinished. */
  stop(reason: StopReason = 'stop'): void {
    if (this.abort.signal.aborted) return;
    this.stopReason = reason;
    this.abort.abort(new Error(`load test stopped: ${reason}`));
  }

  progress(): LoadTestProgress {
    const now = this.clock.now();
    const since = Math.max(this.lastProgressAt, this.startedAt);
    const samples = this.log.take('progress');
    const recent = Object.fromEntries(
      (['sql1', 'sql2'] as const).map((query) => {
        const stats = summarize(
          samples.filter((sample) => sample.query === query),
          now - since,
        );
        return [
          query,
          {
            completed: stats.succeeded + stats.failed + stats.throttled,
            queriesPerSecond: stats.queriesPerSecond,
            p95Ms: stats.latencyMs?.p95 ?? null,
            throttled: stats.throttled,
          },
        ];
      }),
    ) as LoadTestProgress['recent'];
    const totals = this.log.totalsOf().stats(now - this.startedAt);
    return {
      elapsedSeconds: Math.round((now - this.startedAt) / 1000),
      durationSeconds: Math.round(this.config.durationMs / 1000),
      recent,
      totals: {
        started: totals.started,
        succeeded: totals.succeeded,
        throttled: totals.throttled,
        failed: totals.failed,
      },
    };
  }

  /** Each query's figures over [fromMs, toMs): the calls that ended since the last tick. */
  private tick(fromMs: number, toMs: number): LoadTestTick {
    const samples = this.log.take('ticks');
    const perQuery = Object.fromEntries(
      (['sql1', 'sql2'] as const).map((query) => {
        const stats = summarize(
          samples.filter((sample) => sample.query === query),
          toMs - fromMs,
        );
        const latency = stats.latencyMs
          ? { p50: stats.latencyMs.p50, p95: stats.latencyMs.p95, p99: stats.latencyMs.p99 }
          : null;
        return [
          query,
          {
            queriesPerSecond: stats.queriesPerSecond,
            latencyMs: latency,
            throttled: stats.throttled,
            failed: stats.failed,
          },
        ];
      }),
    ) as LoadTestTick['perQuery'];
    return {
      elapsedSeconds: Math.round((toMs - this.startedAt) / 100) / 10,
      durationSeconds: Math.round(this.config.durationMs / 1000),
      perQuery,
    };
  }

  async run(): Promise<LoadTestResult> {
    const { config, deps } = this;
    const workers = config.workers.sql1 + config.workers.sql2;
    const maxSockets = Math.max(workers, 1) + 8;
    const client = deps.target.loadTestClient(maxSockets, this.abort.signal);
    const model: LoadModel =
      config.ratePerSecond !== undefined
        ? new OpenModel(
            config.ratePerSecond,
            config.workers,
            (query, intended, signal) => this.execute(client, query, intended, signal),
            this.clock,
          )
        : new ClosedModel(
            config.workers,
            config.everyMs,
            (query, intended, signal) => this.execute(client, query, intended, signal),
            this.clock,
          );
    const problems = model.validate();
    if (problems.length > 0) throw new Error(`load test cannot run: ${problems.join('; ')}`);

    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    this.startedAt = this.clock.now();
    this.autoStop = new AutoStop(this.config, this.startedAt);
    this.lastProgressAt = this.startedAt;
    const deadline = this.startedAt + config.durationMs;
    const ticker = setInterval(() => {
      deps.onProgress?.(this.progress());
      this.lastProgressAt = this.clock.now();
    }, deps.progressEveryMs ?? 15_000);
    let lastTickAt = this.startedAt;
    const onTick = deps.onTick;
    const charts = onTick
      ? setInterval(() => {
          const now = this.clock.now();
          onTick(this.tick(lastTickAt, now));
          lastTickAt = now;
        }, deps.tickEveryMs ?? 1000)
      : undefined;
    // At the deadline the model stops starting queries; those in flight get a grace period, then are cancelled.
    const grace = setTimeout(() => this.stop('duration'), config.durationMs + (deps.graceMs ?? 10_000));
    let dropped: Readonly<Record<QueryName, number>>;
    try {
      ({ dropped } = await model.run(this.abort.signal, deadline, (sample) => this.record(sample)));
    } finally {
      clearInterval(ticker);
      clearInterval(charts);
      clearTimeout(grace);
      loopDelay.disable();
      client.destroy();
    }
    const endedAt = this.clock.now();
    const elapsed = Math.min(endedAt, Math.max(deadline, this.startedAt)) - this.startedAt;
    const perQuery = {
      sql1: this.log.totalsOf('sql1').stats(elapsed, dropped.sql1),
      sql2: this.log.totalsOf('sql2').stats(elapsed, dropped.sql2),
    };
    return {
      description: describeLoadTest(config),
      config,
      startedAt: new Date(this.startedAt).toISOString(),
      endedAt: new Date(endedAt).toISOString(),
      seconds: Math.round((endedAt - this.startedAt) / 100) / 10,
      stoppedBy: this.stopReason,
      perQuery,
      combined: this.log.totalsOf().stats(elapsed, dropped.sql1 + dropped.sql2),
      eventLoopDelayMs: {
        p99: Math.round(loopDelay.percentile(99) / 1e4) / 100,
        max: Math.round(loopDelay.max / 1e4) / 100,
      },
      sdk: { maxAttempts: 1, maxSockets },
      tcu: await this.tcuWindow(endedAt),
    };
  }

  private async execute(
    client: LabTarget['clients']['query'],
    query: QueryName,
    intendedStart: number,
    signal: AbortSignal,
  ): Promise<QuerySample> {
    const rotation = this.rotation[query]++;
    const sql = queriesFor(this.config.schema, this.deps.target.database, this.deps.window, rotation)[query];
    const start = this.clock.now();
    try {
      // The client cancels its requests on the stop signal itself (see createTimestreamClients).
      const result = await runQuery(client, sql);
      return {
        query,
        intendedStart,
        start,
        end: this.clock.now(),
        outcome: 'ok',
        bytesScanned: result.bytesScanned,
        pages: result.pages,
      };
    } catch (error) {
      const outcome = signal.aborted ? 'unfinished' : ((error as Error).name ?? 'Error');
      return { query, intendedStart, start, end: this.clock.now(), outcome, bytesScanned: 0, pages: 0 };
    }
  }

  private record(sample: QuerySample): void {
    this.log.add(sample);
    if (sample.outcome === 'unfinished') return;
    const outcome = sample.outcome === 'ok' ? 'ok' : sample.outcome === 'ThrottlingException' ? 'throttled' : 'failed';
    const reason = this.autoStop?.record(sample.end, outcome);
    if (reason) this.stop(reason);
  }

  private async tcuWindow(endedAt: number): Promise<LoadTestResult['tcu']> {
    if (!this.deps.tcu) return { unavailable: 'no TCU source configured' };
    try {
      const [minutes, settings] = await Promise.all([
        this.deps.tcu.minuteTcu(this.startedAt - 6 * 60_000, endedAt + 60_000),
        this.deps.tcu.accountSettings(),
      ]);
      return {
        ...tcuTestWindow(minutes, this.startedAt, endedAt, settings.maxQueryTcu),
        metric: 'CloudWatch AWS/Usage ResourceCount (Resource=QueryTCU), per minute',
        isLocalEstimate: this.deps.target.isLocal,
        caveat: labStrings('en').tcuCaveat(this.deps.target.isLocal),
      };
    } catch (error) {
      return { unavailable: `QueryTCU could not be read: ${(error as Error).message}` };
    }
  }
}
