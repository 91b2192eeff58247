/**
 * Replays an open-model workload on the emulator's capacity model in virtual time: each query
 * arrives `ratePerSecond` times a second, evenly spread; the arrivals of one 100 ms step start
 * together, as one batch on the model (a day is 864,000 steps, not millions of queries; a step is
 * shorter than the lightest lab query, so batching adds no burst the spread arrivals would not have). DuckDB does not run them: each
 * query's work is what the emulator gives that query text on the lab's data (`workOf`), the same
 * figure a real Query call would be admitted with. Between steps, `onMinute` runs at every minute
 * boundary (alarm evaluation) and `at` callbacks at their moments (the scheduled cost check).
 */
import type { SteppedClock } from '../../shared/clock.ts';
import type { QueryWork } from '../../emulator/timestream/capacity/query-work.ts';

export interface ReplayModel {
  admitMany(work: QueryWork, count: number): { readonly admitted: number; readonly throttled: number };
}

export interface ReplayLoad {
  readonly works: readonly QueryWork[];
  /** Arrivals a second, per query (0: idle). */
  readonly ratePerSecond: number;
}

export interface ReplayTally {
  admitted: number;
  throttled: number;
}

export interface ReplaySpan {
  readonly fromMs: number;
  readonly toMs: number;
  readonly load: ReplayLoad;
}

export interface ReplayHooks {
  /** Called at each minute boundary in (fromMs, toMs], after the minute's arrivals. */
  readonly onMinute: (atMs: number) => Promise<void>;
  /** One-off moments, each called once when time reaches it. */
  readonly at?: readonly { readonly atMs: number; readonly run: () => Promise<void> }[];
}

export const STEP_MS = 100;
const STEPS_PER_SECOND = 1000 / STEP_MS;
const MINUTE_MS = 60_000;

/** Arrivals in step `index` of a span at `rate` a second: an even spread, exact over any whole second. */
export function arrivalsInStep(rate: number, index: number): number {
  const perStep = rate / STEPS_PER_SECOND;
  return Math.floor((index + 1) * perStep + 1e-9) - Math.floor(index * perStep + 1e-9);
}

/** Runs the span; returns the queries admitted and throttled. */
export async function replay(
  span: ReplaySpan,
  model: ReplayModel,
  clock: SteppedClock,
  hooks: ReplayHooks,
): Promise<ReplayTally> {
  const tally: ReplayTally = { admitted: 0, throttled: 0 };
  const pending = [...(hooks.at ?? [])].filter((each) => each.atMs >= span.fromMs && each.atMs < span.toMs);
  pending.sort((a, b) => a.atMs - b.atMs);
  const steps = Math.round((span.toMs - span.fromMs) / STEP_MS);
  for (let index = 0; index < steps; index += 1) {
    const atMs = span.fromMs + index * STEP_MS;
    clock.moveTo(atMs);
    if (atMs % MINUTE_MS === 0 && atMs > span.fromMs) await hooks.onMinute(atMs);
    while (pending.length > 0 && pending[0]!.atMs <= atMs) await pending.shift()!.run();
    const count = arrivalsInStep(span.load.ratePerSecond, index);
    if (count === 0) continue;
    for (const work of span.load.works) {
      const outcome = model.admitMany(work, count);
      tally.admitted += outcome.admitted;
      tally.throttled += outcome.throttled;
    }
  }
  clock.moveTo(span.toMs);
  if (span.toMs % MINUTE_MS === 0) await hooks.onMinute(span.toMs);
  return tally;
}
