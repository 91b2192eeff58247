/**
 * A Clock whose time moves only when every task is waiting on it: `run(work)` lets the work's promises
 * settle, then jumps to the earliest sleeper and wakes it, until the work is done. Exact and instant,
 * whatever the schedule — the scheduler tests use it instead of real sleeps.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Clock } from '../../src/shared/clock.ts';

interface Sleeper {
  readonly at: number;
  readonly order: number;
  readonly wake: () => void;
}

export class VirtualClock implements Clock {
  private time: number;
  private sleepers: Sleeper[] = [];
  private order = 0;

  constructor(startMs = 1_000_000) {
    this.time = startMs;
  }

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason as Error);
      const sleeper: Sleeper = {
        at: this.time + Math.max(0, ms),
        order: this.order++,
        wake: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.sleepers = this.sleepers.filter((each) => each !== sleeper);
        reject(signal?.reason as Error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.sleepers.push(sleeper);
    });
  }

  /** When each sleeper wakes: a test waits until the work under it sleeps where it should. */
  get wakeTimes(): number[] {
    return this.sleepers.map((sleeper) => sleeper.at);
  }

  /** Moves time on by `ms`, waking (in order) every sleeper due by then. */
  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      const due = this.sleepers
        .filter((sleeper) => sleeper.at <= until)
        .sort((a, b) => a.at - b.at || a.order - b.order);
      const next = due[0];
      if (!next) break;
      this.sleepers = this.sleepers.filter((each) => each !== next);
      this.time = Math.max(this.time, next.at);
      next.wake();
    }
    this.time = until;
  }

  /** Calls `at(ms)` when virtual time reaches `ms` after now (e.g. to press stop mid-run). */
  schedule(afterMs: number, action: () => void): void {
    this.sleep(afterMs).then(action, () => undefined);
  }

  /** Runs `work` to completion in virtual time; throws if it waits on something that is not the clock. */
  async run<T>(work: Promise<T>): Promise<T> {
    let settled = false;
    const outcome = work.finally(() => (settled = true));
    for (;;) {
      // Let every ready continuation run before time moves.
      for (let turn = 0; turn < 5 && !settled; turn += 1) await nextTurn();
      if (settled) return outcome;
      const next = this.sleepers.reduce<Sleeper | undefined>(
        (earliest, each) =>
          !earliest || each.at < earliest.at || (each.at === earliest.at && each.order < earliest.order)
            ? each
            : earliest,
        undefined,
      );
      if (!next) throw new Error('the work waits on something other than the virtual clock');
      this.sleepers = this.sleepers.filter((each) => each !== next);
      this.time = Math.max(this.time, next.at);
      next.wake();
    }
  }
}
