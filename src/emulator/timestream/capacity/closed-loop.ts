/**
 * A closed-loop workload run on the capacity model alone, in modelled time: `users` each run a query
 * back to back, no think time — how awslabs' TCU test harness measured its published points. The
 * TCU benchmark and the model's tests compare its throughput with those points.
 */
import { SteppedClock } from '../../../shared/clock.ts';
import { AwsError } from '../../errors.ts';
import { CapacityModel, type QueryTicket } from './capacity-model.ts';
import { queryWork, type QueryShape } from './query-work.ts';
import type { TcuProfile } from './tcu-profile.ts';

export interface ClosedLoopRun {
  readonly users: number;
  readonly maxQueryTcu: number;
  readonly shape: QueryShape;
  readonly seconds: number;
}

export interface ClosedLoopResult {
  readonly queriesPerSecond: number;
  readonly latencyMs: { readonly p50: number; readonly p90: number; readonly p99: number };
  readonly throttled: number;
  readonly peakTcu: number;
  readonly tcuHours: number;
}

export function runClosedLoop(run: ClosedLoopRun, profile: TcuProfile): ClosedLoopResult {
  const start = Date.UTC(2025, 0, 1);
  const clock = new SteppedClock(start);
  const model = new CapacityModel(clock, () => run.maxQueryTcu, profile);
  const end = start + run.seconds * 1000;
  const work = queryWork(run.shape, model.constants, run.maxQueryTcu);
  const inFlight: QueryTicket[] = [];
  const latencies: number[] = [];
  let throttled = 0;
  let peakTcu = 0;
  /** Users whose query was throttled try again at the next completion (the harness's SDK retried). */
  let waiting = 0;
  const issue = () => {
    try {
      inFlight.push(model.admit(work));
    } catch (error) {
      if (!(error instanceof AwsError) || error.type !== 'ThrottlingException') throw error;
      throttled += 1;
      waiting += 1;
    }
  };
  for (let user = 0; user < run.users; user += 1) issue();
  for (;;) {
    peakTcu = Math.max(peakTcu, model.tcuInUse());
    const next = model.nextCompletionMs();
    if (next === undefined || next > end) break;
    // At least a microsecond on, so a completion due within float precision is reached.
    clock.moveTo(Math.max(next, clock.now() + 0.001));
    for (let index = inFlight.length - 1; index >= 0; index -= 1) {
      const ticket = inFlight[index]!;
      if (model.isRunning(ticket)) continue;
      inFlight.splice(index, 1);
      latencies.push(clock.now() - ticket.admittedAtMs);
      issue();
    }
    for (let retries = waiting; retries > 0; retries -= 1) {
      waiting -= 1;
      issue();
    }
  }
  clock.moveTo(end);
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] ?? 0;
  return {
    queriesPerSecond: latencies.length / run.seconds,
    latencyMs: { p50: at(50), p90: at(90), p99: at(99) },
    throttled,
    peakTcu,
    tcuHours: model.tcuHours(start, end + 60_000),
  };
}
