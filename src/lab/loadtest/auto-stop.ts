/**
 * When a load test stops itself: the share of throttled (or failed) queries among those that finished
 * in the last 10 seconds goes above its ratio — judged only once the test has run 10 seconds and that
 * window holds at least 20 finished queries. A burst of fast throttles at the start (MaxQueryTCU 4 and
 * more than 7 workers: twenty 429s in 0.12 s) is noise the account absorbs within seconds, not a
 * verdict on the run.
 */
import type { StopReason } from './load-test.ts';

export const AUTO_STOP = { windowMs: 10_000, minElapsedMs: 10_000, minSamples: 20 } as const;

type Outcome = 'ok' | 'throttled' | 'failed';

export class AutoStop {
  /** Finished queries in the window, oldest first. */
  private readonly window: { atMs: number; outcome: Outcome }[] = [];
  private throttled = 0;
  private failed = 0;

  constructor(
    private readonly policy: { readonly maxThrottleRatio: number; readonly maxErrorRatio: number },
    private readonly startedAtMs: number,
  ) {}

  /** Notes one finished query; returns why the test should stop, if it should. */
  record(atMs: number, outcome: Outcome): StopReason | undefined {
    this.window.push({ atMs, outcome });
    if (outcome === 'throttled') this.throttled += 1;
    if (outcome === 'failed') this.failed += 1;
    while (this.window.length > 0 && this.window[0]!.atMs <= atMs - AUTO_STOP.windowMs) {
      const dropped = this.window.shift()!;
      if (dropped.outcome === 'throttled') this.throttled -= 1;
      if (dropped.outcome === 'failed') this.failed -= 1;
    }
    if (atMs - this.startedAtMs < AUTO_STOP.minElapsedMs || this.window.length < AUTO_STOP.minSamples) return undefined;
    // A ratio is the most tolerated: a run stops only above it, so 1 never stops it.
    if (this.throttled / this.window.length > this.policy.maxThrottleRatio) return 'throttle-ratio';
    if (this.failed / this.window.length > this.policy.maxErrorRatio) return 'error-ratio';
    return undefined;
  }
}
