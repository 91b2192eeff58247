/**
 * The open model (k6 constant-arrival-rate, wrk2): query starts follow a schedule fixed from the
 * start time — arrival k at t0 + k/rate — whatever the answers do. One timer wakes for the next due
 * arrival and launches every overdue one (never setInterval, whose re-arming drifts). An arrival that
 * finds the in-flight cap reached is counted as dropped (k6's dropped_iterations), not queued.
 */
import { setImmediate as yieldTurn } from 'node:timers/promises';
import type { Clock } from '../../shared/clock.ts';
import type { QueryName } from '../queries.ts';
import type { ExecuteQuery, LoadModel, QuerySample } from './sample.ts';

/** Arrival slots launched before the scheduler gives the event loop a turn. */
const ARRIVALS_PER_TURN = 256;

export class OpenModel implements LoadModel {
  constructor(
    private readonly ratePerSecond: number,
    /** In-flight cap per query; 0 leaves the query out. */
    private readonly maxInFlight: Readonly<Record<QueryName, number>>,
    private readonly execute: ExecuteQuery,
    private readonly clock: Clock,
  ) {}

  validate(): string[] {
    const problems: string[] = [];
    if (!(this.ratePerSecond > 0)) problems.push('rate must be above 0');
    if (this.maxInFlight.sql1 + this.maxInFlight.sql2 === 0) problems.push('no query has room in flight');
    return problems;
  }

  describe(): string {
    return `open: ${this.ratePerSecond}/s per query, in flight ≤ ${this.maxInFlight.sql1} + ${this.maxInFlight.sql2}`;
  }

  async run(
    signal: AbortSignal,
    deadline: number,
    emit: (sample: QuerySample) => void,
  ): Promise<{ dropped: Record<QueryName, number> }> {
    const queries = (['sql1', 'sql2'] as const).filter((query) => this.maxInFlight[query] > 0);
    const interval = 1000 / this.ratePerSecond;
    const start = this.clock.now();
    const inFlight: Record<QueryName, number> = { sql1: 0, sql2: 0 };
    const dropped: Record<QueryName, number> = { sql1: 0, sql2: 0 };
    const running = new Set<Promise<void>>();
    let next = 0;
    while (!signal.aborted) {
      const due = start + next * interval;
      if (due >= deadline) break;
      const wait = due - this.clock.now();
      if (wait > 0) {
        await this.clock.sleep(wait, signal).catch(() => undefined);
        continue;
      }
      // Launch every arrival that is due now (catch up after a late wake-up), a bounded number per turn
      // of the event loop so that timers, answers and the health check still run whatever the rate.
      let launched = 0;
      for (
        ;
        start + next * interval <= this.clock.now() &&
        start + next * interval < deadline &&
        launched < ARRIVALS_PER_TURN;
        next += 1, launched += 1
      ) {
        const intended = start + next * interval;
        for (const query of queries) {
          if (inFlight[query] >= this.maxInFlight[query]) {
            dropped[query] += 1;
            continue;
          }
          inFlight[query] += 1;
          const task: Promise<void> = this.execute(query, intended, signal)
            .then((sample) => {
              inFlight[query] -= 1;
              emit(sample);
            })
            .finally(() => running.delete(task));
          running.add(task);
        }
      }
      if (launched >= ARRIVALS_PER_TURN) await yieldTurn();
    }
    await Promise.all(running);
    return { dropped };
  }
}
