/** A workload's stages on a virtual clock: exact arrivals per stage, weights, dropped arrivals, worker shares. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { QuerySample } from '../../../src/lab/loadtest/sample.ts';
import {
  pickByWeight,
  shareWorkers,
  StageRunner,
  type ExecuteWorkloadQuery,
  type StageLevel,
} from '../../../src/lab/workload/stage-runner.ts';
import { VirtualClock } from '../../support/virtual-clock.ts';

/** Each query takes `latencyMs` of virtual time. */
function fakeExecute(clock: VirtualClock, latencyMs: number): ExecuteWorkloadQuery {
  return async (query, intendedStart, signal) => {
    const start = clock.now();
    const finished = await clock.sleep(latencyMs, signal).then(
      () => true,
      () => false,
    );
    return {
      query: `q${query}`,
      intendedStart,
      start,
      end: clock.now(),
      outcome: finished ? 'ok' : 'unfinished',
      bytesScanned: 0,
      pages: 1,
    };
  };
}

async function run(
  stages: StageLevel[],
  weights: number[],
  latencyMs: number,
  maxInFlight = 1000,
  random: () => number = () => 0.5,
) {
  const clock = new VirtualClock();
  const samples: QuerySample<string>[] = [];
  const runner = new StageRunner({
    stages,
    weights,
    execute: fakeExecute(clock, latencyMs),
    clock,
    random,
    maxInFlight,
  });
  const t0 = clock.now();
  const { dropped } = await clock.run(runner.run(new AbortController().signal, (sample) => samples.push(sample)));
  return { samples, dropped, t0, endedAt: clock.now(), totalMs: runner.totalMs };
}

describe('pickByWeight and shareWorkers', () => {
  it('picks each query in proportion to its weight', () => {
    expect([0, 0.29, 0.3, 0.99].map((u) => pickByWeight([3, 7], u))).toEqual([0, 0, 1, 1]);
  });

  it('shares workers by largest remainder and never loses one', () => {
    expect(shareWorkers([3, 1, 1], 4)).toEqual([2, 1, 1]);
    expect(shareWorkers([3, 1], 2)).toEqual([2, 0]);
    expect(shareWorkers([1, 1], 3)).toEqual([2, 1]);
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 200 }),
        (weights, workers) => shareWorkers(weights, workers).reduce((sum, share) => sum + share, 0) === workers,
      ),
    );
  });
});

describe('StageRunner', () => {
  it('open stages: arrival k of each stage at its start + k/rate, stage boundaries fixed', async () => {
    const { samples, t0, endedAt } = await run(
      [
        { durationMs: 2000, rate: 5 },
        { durationMs: 1000, rate: 10 },
      ],
      [1],
      50,
    );
    const starts = samples.map((sample) => sample.intendedStart - t0).sort((a, b) => a - b);
    expect(starts).toEqual([
      0, 200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800, 2000, 2100, 2200, 2300, 2400, 2500, 2600, 2700, 2800, 2900,
    ]);
    expect(samples.every((sample) => sample.start === sample.intendedStart)).toBe(true);
    expect(endedAt - t0).toBe(3000);
  });

  it('open stages: weights share the arrivals', async () => {
    let draw = 0;
    const { samples } = await run([{ durationMs: 10_000, rate: 10 }], [3, 1], 10, 1000, () => (draw++ % 4) / 4);
    const count = (name: string) => samples.filter((sample) => sample.query === name).length;
    expect([count('q0'), count('q1')]).toEqual([75, 25]);
  });

  it('counts an arrival that finds every slot busy as dropped, and never sends it', async () => {
    const { samples, dropped } = await run([{ durationMs: 1000, rate: 10 }], [1], 450, 2);
    // Arrivals at 0, 100, …, 900; each answer takes 450 ms: at most 2 in flight.
    expect(samples.map((sample) => sample.intendedStart % 1000)).toHaveLength(4);
    expect(dropped).toEqual([6]);
  });

  it('closed stages: workers shared by weight, back to back, a new level at each stage', async () => {
    const { samples, t0, endedAt } = await run(
      [
        { durationMs: 1000, workers: 3 },
        { durationMs: 1000, workers: 1 },
      ],
      [2, 1],
      100,
    );
    const inFirst = samples.filter((sample) => sample.intendedStart - t0 < 1000);
    const inSecond = samples.filter((sample) => sample.intendedStart - t0 >= 1000);
    expect(inFirst.filter((sample) => sample.query === 'q0')).toHaveLength(20);
    expect(inFirst.filter((sample) => sample.query === 'q1')).toHaveLength(10);
    expect(inSecond.map((sample) => sample.query)).toEqual(Array(10).fill('q0'));
    expect(endedAt - t0).toBe(2000);
  });

  it('a stopped run sends nothing more and cancels what is in flight', async () => {
    const clock = new VirtualClock();
    const samples: QuerySample<string>[] = [];
    const stop = new AbortController();
    const runner = new StageRunner({
      stages: [{ durationMs: 10_000, rate: 10 }],
      weights: [1],
      execute: fakeExecute(clock, 250),
      clock,
      random: () => 0,
      maxInFlight: 100,
    });
    const t0 = clock.now();
    clock.schedule(1000, () => stop.abort(new Error('stop')));
    await clock.run(runner.run(stop.signal, (sample) => samples.push(sample)));
    expect(clock.now() - t0).toBe(1000);
    expect(samples.filter((sample) => sample.outcome === 'ok')).toHaveLength(8);
    expect(samples.filter((sample) => sample.outcome === 'unfinished')).toHaveLength(2);
  });
});
