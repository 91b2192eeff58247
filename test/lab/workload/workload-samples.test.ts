/** A workload run's samples: the same figures as summarizing every sample kept, bucketed by end time. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { QuerySample } from '../../../src/lab/loadtest/sample.ts';
import { summarize } from '../../../src/lab/loadtest/stats.ts';
import { WorkloadSamples } from '../../../src/lab/workload/workload-samples.ts';

const NAMES = ['a', 'b', 'c'] as const;
const FROM = 50_000;
const PLANNED = 120_000;

const sample = fc
  .record({
    query: fc.constantFrom(...NAMES),
    intendedStart: fc.double({ min: FROM, max: FROM + PLANNED, noNaN: true }),
    wait: fc.double({ min: 0, max: 5000, noNaN: true }),
    service: fc.double({ min: 0, max: 60_000, noNaN: true }),
    outcome: fc.constantFrom('ok', 'ok', 'ok', 'ThrottlingException', 'ValidationException', 'unfinished'),
    bytesScanned: fc.nat(10_000_000),
    pages: fc.nat(5),
  })
  .map(({ wait, service, ...rest }): QuerySample<string> => ({
    ...rest,
    start: rest.intendedStart + wait,
    end: rest.intendedStart + wait + service,
  }));

describe('WorkloadSamples', () => {
  it('gives every query, and all together, exactly the figures of summarizing the samples kept whole', () => {
    fc.assert(
      fc.property(fc.array(sample, { maxLength: 300 }), fc.integer({ min: 1, max: 200_000 }), (all, elapsed) => {
        const samples = new WorkloadSamples(NAMES, FROM, PLANNED);
        for (const each of all) samples.add(each);
        for (const name of NAMES) {
          expect(samples.statsOf(name, elapsed, 3)).toEqual(
            summarize(
              all.filter((each) => each.query === name),
              elapsed,
              3,
            ),
          );
        }
        expect(samples.combined(elapsed, 7)).toEqual(summarize(all, elapsed, 7));
        expect(samples.throttled).toBe(all.filter((each) => each.outcome === 'ThrottlingException').length);
      }),
      { numRuns: 200 },
    );
  });

  it('puts each call in the bucket it ended in; one ending after the planned end in the last', () => {
    const samples = new WorkloadSamples(['q'], FROM, PLANNED);
    const call = (endAfterMs: number, latencyMs: number): QuerySample<string> => ({
      query: 'q',
      intendedStart: FROM + endAfterMs - latencyMs,
      start: FROM + endAfterMs - latencyMs,
      end: FROM + endAfterMs,
      outcome: 'ok',
      bytesScanned: 0,
      pages: 1,
    });
    samples.add(call(500, 10));
    samples.add(call(1999, 30));
    samples.add(call(2000, 50));
    samples.add(call(PLANNED + 25_000, 70));
    // 120 s planned: 60 buckets of 2 s.
    const timeline = samples.timeline().q!;
    expect(timeline).toHaveLength(60);
    expect(timeline[0]).toEqual({ atSeconds: 2, p50Ms: 10, p95Ms: 30, count: 2 });
    expect(timeline[1]).toEqual({ atSeconds: 4, p50Ms: 50, p95Ms: 50, count: 1 });
    expect(timeline[59]).toEqual({ atSeconds: 120, p50Ms: 70, p95Ms: 70, count: 1 });
    expect(timeline.slice(2, 59).every((point) => point.count === 0 && point.p95Ms === null)).toBe(true);
  });

  it('hands each call to the progress line once, and ignores a query it does not know', () => {
    const samples = new WorkloadSamples(['q'], FROM, PLANNED);
    const one: QuerySample<string> = {
      query: 'q',
      intendedStart: FROM,
      start: FROM,
      end: FROM + 5,
      outcome: 'ok',
      bytesScanned: 0,
      pages: 1,
    };
    samples.add(one);
    samples.add({ ...one, query: 'elsewhere' });
    expect(samples.takeRecent()).toEqual([one]);
    expect(samples.takeRecent()).toEqual([]);
    expect(samples.combined(1000, 0).started).toBe(1);
  });
});
