/** Time as the domain sees it. Tests drive it with fake timers; nothing else reads the wall clock. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export const systemClock: Clock = { now: () => Date.now(), sleep };

/** The system clock with sub-millisecond `now()` (performance.now on the epoch), for latency measurements. */
export const preciseClock: Clock = { now: () => performance.timeOrigin + performance.now(), sleep };

/**
 * An AbortSignal that fires after `ms` on the given clock (so fake timers drive it in tests, which
 * `AbortSignal.timeout` ignores). Call `cancel` once the guarded work is done.
 */
export function timeoutSignal(clock: Clock, ms: number): { signal: AbortSignal; cancel: () => void } {
  const timeout = new AbortController();
  const done = new AbortController();
  clock.sleep(ms, done.signal).then(
    () => timeout.abort(new DOMException(`timeout after ${ms} ms`, 'TimeoutError')),
    () => undefined,
  );
  return { signal: timeout.signal, cancel: () => done.abort() };
}

/**
 * Virtual time for simulations that run faster than real time (the TCU model's closed loop, `lab
 * story`): it moves only when told to, never backwards. A task that sleeps on it moves it on by as
 * much, so code that waits (a retry's backoff) runs at once in virtual time.
 */
export class SteppedClock implements Clock {
  constructor(private time: number) {}
  now(): number {
    return this.time;
  }
  moveTo(ms: number): void {
    this.time = Math.max(this.time, ms);
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    this.moveTo(this.time + Math.max(0, ms));
    return Promise.resolve();
  }
}
