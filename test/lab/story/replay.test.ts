/** The replay's arrivals: an even spread whose total over any whole second is the rate. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arrivalsInStep, STEP_MS } from '../../../src/lab/story/replay.ts';

const STEPS_PER_SECOND = 1000 / STEP_MS;

describe('arrivalsInStep', () => {
  it('sums to the rate over every whole second, and never bunches more than one above the mean', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 86_399 }), (rate, second) => {
        let total = 0;
        for (let step = 0; step < STEPS_PER_SECOND; step += 1) {
          const count = arrivalsInStep(rate, second * STEPS_PER_SECOND + step);
          expect(count).toBeGreaterThanOrEqual(Math.floor(rate / STEPS_PER_SECOND));
          expect(count).toBeLessThanOrEqual(Math.ceil(rate / STEPS_PER_SECOND));
          total += count;
        }
        expect(total).toBe(rate);
      }),
    );
  });

  it('spreads a low rate over the second instead of one burst', () => {
    expect(Array.from({ length: STEPS_PER_SECOND }, (_, step) => arrivalsInStep(5, step))).toEqual([
      0, 1, 0, 1, 0, 1, 0, 1, 0, 1,
    ]);
  });
});
