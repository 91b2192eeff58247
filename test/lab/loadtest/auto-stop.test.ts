/** Auto-stop decides on a window of finished queries, not on the first burst (issue finding 10). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AUTO_STOP, AutoStop } from '../../../src/lab/loadtest/auto-stop.ts';

const policy = { maxThrottleRatio: 0.9, maxErrorRatio: 0.5 };

describe('AutoStop', () => {
  it('ignores twenty fast throttles at the start (0.12 s), which stopped a run before', () => {
    const stop = new AutoStop(policy, 0);
    const verdicts = Array.from({ length: 40 }, (_, index) => stop.record(index * 3, 'throttled'));
    expect(verdicts.every((verdict) => verdict === undefined)).toBe(true);
  });

  it('stops once the run has lasted 10 s and the last 10 s are mostly throttled', () => {
    const stop = new AutoStop(policy, 0);
    let verdict;
    for (let ms = 0; ms <= 12_000 && !verdict; ms += 100) verdict = stop.record(ms, 'throttled');
    expect(verdict).toBe('throttle-ratio');
  });

  it('judges the last 10 s only: an early storm of throttles that cleared does not stop the run', () => {
    const stop = new AutoStop(policy, 0);
    for (let ms = 0; ms < 5_000; ms += 10) expect(stop.record(ms, 'throttled')).toBeUndefined();
    for (let ms = 5_000; ms < 30_000; ms += 50) expect(stop.record(ms, 'ok')).toBeUndefined();
  });

  it('never stops with ratio 1, and never before the minimum time and sample', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ gap: fc.integer({ min: 0, max: 2000 }), outcome: fc.constantFrom('ok', 'throttled', 'failed') }),
          {
            maxLength: 300,
          },
        ),
        (events) => {
          const never = new AutoStop({ maxThrottleRatio: 1, maxErrorRatio: 1 }, 0);
          const strict = new AutoStop({ maxThrottleRatio: 0.01, maxErrorRatio: 0.01 }, 0);
          let at = 0;
          let seen = 0;
          for (const event of events) {
            at += event.gap;
            seen += 1;
            expect(never.record(at, event.outcome as 'ok')).toBeUndefined();
            const verdict = strict.record(at, event.outcome);
            if (verdict) {
              expect(at).toBeGreaterThanOrEqual(AUTO_STOP.minElapsedMs);
              expect(seen).toBeGreaterThanOrEqual(AUTO_STOP.minSamples);
            }
          }
        },
      ),
    );
  });
});
