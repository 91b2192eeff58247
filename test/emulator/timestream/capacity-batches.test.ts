/**
 * Batch admission (`admitMany`, used to replay days in virtual time) is the same model as admitting the
 * queries one by one at the same moment; history replacement swaps exactly the minutes asked for.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CapacityModel } from '../../../src/emulator/timestream/capacity/capacity-model.ts';
import type { QueryWork } from '../../../src/emulator/timestream/capacity/query-work.ts';
import { SteppedClock } from '../../../src/shared/clock.ts';

const T0 = Date.UTC(2026, 11, 1);
const work = fc.record({
  tcuSeconds: fc.double({ min: 0.01, max: 5, noNaN: true }),
  parallelismTcu: fc.constantFrom(4 / 7, 0.75, 1.625, 3.25, 8),
});
const arrival = fc.record({ afterMs: fc.integer({ min: 0, max: 3000 }), work, count: fc.integer({ min: 1, max: 40 }) });

function run(arrivals: readonly { afterMs: number; work: QueryWork; count: number }[], batched: boolean) {
  const clock = new SteppedClock(T0);
  const model = new CapacityModel(clock, () => 16);
  let admitted = 0;
  let throttled = 0;
  for (const each of arrivals) {
    clock.moveTo(clock.now() + each.afterMs);
    if (batched) {
      const outcome = model.admitMany(each.work, each.count);
      admitted += outcome.admitted;
      throttled += outcome.throttled;
      continue;
    }
    for (let index = 0; index < each.count; index += 1) {
      try {
        model.admit(each.work);
        admitted += 1;
      } catch {
        throttled += 1;
      }
    }
  }
  clock.moveTo(clock.now() + 600_000);
  return { admitted, throttled, minutes: model.minuteStats(T0, clock.now()), hours: model.tcuHours(T0, clock.now()) };
}

describe('CapacityModel.admitMany', () => {
  it('admits, throttles and bills exactly as the same queries admitted one by one', () => {
    fc.assert(
      fc.property(fc.array(arrival, { minLength: 1, maxLength: 30 }), (arrivals) => {
        const one = run(arrivals, false);
        const many = run(arrivals, true);
        expect(many.admitted).toBe(one.admitted);
        expect(many.throttled).toBe(one.throttled);
        expect(many.minutes).toEqual(one.minutes);
        expect(many.hours).toBeCloseTo(one.hours, 9);
      }),
      { numRuns: 60 },
    );
  });
});

describe('CapacityModel.replaceHistory', () => {
  it('replaces the minutes in range only', () => {
    const clock = new SteppedClock(T0 + 3 * 3600_000);
    const model = new CapacityModel(clock, () => 16);
    const minute = (hours: number) => (T0 + hours * 3600_000) / 60_000;
    model.restore({
      minutes: [
        [minute(0), 4, 4],
        [minute(2), 8, 8],
      ],
      billedSeconds: [
        [minute(0), 240],
        [minute(2), 480],
      ],
    });
    model.replaceHistory({ minutes: [[minute(1), 12, 16]], billedSeconds: [[minute(1), 960]] }, T0, T0 + 2 * 3600_000);
    expect(model.minuteStats(T0, T0 + 3 * 3600_000).map((each) => [each.minuteStartMs, each.max])).toEqual([
      [T0 + 3600_000, 16],
      [T0 + 2 * 3600_000, 8],
    ]);
    expect(model.tcuHours(T0, T0 + 3 * 3600_000)).toBeCloseTo((960 + 480) / 3600, 9);
  });
});
