/**
 * A workload's stages on a clock. Each stage holds one level for its duration (no ramp between
 * stages), and stage boundaries are fixed from the start, so a slow answer shows as latency instead
 * of stretching the run:
 * - an arrival rate (the open model, k6's constant-arrival-rate): arrival k of a stage is due at its
 *   start + k/rate and runs the query its weight picks; an arrival that finds `maxInFlight` queries
 *   still running is counted as dropped (k6's dropped_iterations), never queued;
 * - a worker count (the closed model, k6's constant-vus): the workers are shared among the queries by
 *   weight (largest remainder) and each runs its query back to back until the stage ends.
 */
import { setImmediate as yieldTurn } from 'node:timers/promises';
import type { Clock } from '../../shared/clock.ts';
import type { QuerySample } from '../loadtest/sample.ts';

/** Arrivals launched before the scheduler gives the event loop a turn. */
const ARRIVALS_PER_TURN = 256;

export interface StageLevel {
  readonly durationMs: number;
  readonly rate?: number | undefined;
  readonly workers?: number | undefined;
}

export type ExecuteWorkloadQuery = (
  query: number,
  intendedStart: number,
  signal: AbortSignal,
) => Promise<QuerySample<string>>;

export interface StageRunnerOptions {
  readonly stages: readonly StageLevel[];
  /** Each query's weight: its share of arrivals, or of workers. */
  readonly weights: readonly number[];
  readonly execute: ExecuteWorkloadQuery;
  readonly clock: Clock;
  /** Uniform in [0, 1): which query an arrival runs. */
  readonly random: () => number;
  readonly maxInFlight: number;
}

/** The query a draw `u` in [0, 1) picks, each in proportion to its weight. */
export function pickByWeight(weights: readonly number[], u: number): number {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let left = u * total;
  for (let index = 0; index < weights.length; index += 1) {
    left -= weights[index]!;
    if (left < 0) return index;
  }
  return weights.length - 1;
}

/** `workers` shared by weight, largest remainder first (ties to the earlier query). */
export function shareWorkers(weights: readonly number[], workers: number): number[] {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const exact = weights.map((weight) => (weight / total) * workers);
  const shares = exact.map(Math.floor);
  const order = exact
    .map((value, index) => ({ index, rest: value - Math.floor(value) }))
    .sort((a, b) => b.rest - a.rest);
  for (let left = workers - shares.reduce((sum, share) => sum + share, 0), k = 0; left > 0; left -= 1, k += 1)
    shares[order[k % order.length]!.index]! += 1;
  return shares;
}

export class StageRunner {
  private inFlight = 0;
  private readonly running = new Set<Promise<void>>();
  private readonly dropped: number[];

  constructor(private readonly options: StageRunnerOptions) {
    this.dropped = options.weights.map(() => 0);
  }

  get totalMs(): number {
    return this.options.stages.reduce((sum, stage) => sum + stage.durationMs, 0);
  }

  /** Runs every stage from now; resolves when the last query has answered. */
  async run(signal: AbortSignal, emit: (sample: QuerySample<string>) => void): Promise<{ dropped: number[] }> {
    let stageStart = this.options.clock.now();
    for (const stage of this.options.stages) {
      if (signal.aborted) break;
      const stageEnd = stageStart + stage.durationMs;
      if (stage.rate !== undefined) await this.arrivals(stage.rate, stageStart, stageEnd, signal, emit);
      else await this.workers(stage.workers ?? 0, stageEnd, signal, emit);
      stageStart = stageEnd;
    }
    await Promise.all(this.running);
    return { dropped: [...this.dropped] };
  }

  /** Runs one query; the in-flight count covers it until its sample is emitted. The caller tracks it. */
  private launch(
    query: number,
    intended: number,
    signal: AbortSignal,
    emit: (sample: QuerySample<string>) => void,
  ): Promise<void> {
    this.inFlight += 1;
    return this.options.execute(query, intended, signal).then((sample) => {
      this.inFlight -= 1;
      emit(sample);
    });
  }

  /** Holds a task until it settles, so the run ends only after its last answer. */
  private track(task: Promise<void>): void {
    this.running.add(task);
    const forget = () => {
      this.running.delete(task);
    };
    task.then(forget, forget);
  }

  private async arrivals(
    rate: number,
    start: number,
    end: number,
    signal: AbortSignal,
    emit: (sample: QuerySample<string>) => void,
  ): Promise<void> {
    const { clock } = this.options;
    const interval = 1000 / rate;
    let next = 0;
    while (!signal.aborted && start + next * interval < end) {
      const wait = start + next * interval - clock.now();
      if (wait > 0) {
        await clock.sleep(wait, signal).catch(() => undefined);
        continue;
      }
      // Every arrival now due (a late wake-up catches up), a bounded number per turn of the event loop.
      for (
        let launched = 0;
        start + next * interval <= clock.now() && start + next * interval < end && launched < ARRIVALS_PER_TURN;
        next += 1, launched += 1
      ) {
        const query = pickByWeight(this.options.weights, this.options.random());
        if (this.inFlight >= this.options.maxInFlight) this.dropped[query]! += 1;
        else this.track(this.launch(query, start + next * interval, signal, emit));
      }
      await yieldTurn();
    }
    // The stage's time is the stage's, even when its last arrival came early.
    const rest = end - clock.now();
    if (rest > 0 && !signal.aborted) await clock.sleep(rest, signal).catch(() => undefined);
  }

  private async workers(
    count: number,
    end: number,
    signal: AbortSignal,
    emit: (sample: QuerySample<string>) => void,
  ): Promise<void> {
    const { clock } = this.options;
    const shares = shareWorkers(this.options.weights, count);
    const loop = async (query: number) => {
      while (!signal.aborted && clock.now() < end) await this.launch(query, clock.now(), signal, emit);
    };
    // The next stage starts on time; a worker's last query finishes in its own time (the loop is tracked).
    for (const [query, share] of shares.entries())
      for (let worker = 0; worker < share; worker += 1) this.track(loop(query));
    const rest = end - clock.now();
    if (rest > 0 && !signal.aborted) await clock.sleep(rest, signal).catch(() => undefined);
  }
}
