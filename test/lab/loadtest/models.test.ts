/** The closed and open load models on a virtual clock: exact schedules, counted shortfall, clean stops. */
import { describe, expect, it } from 'vitest';
import { ClosedModel } from '../../../src/lab/loadtest/closed.ts';
import { OpenModel } from '../../../src/lab/loadtest/open.ts';
import type { ExecuteQuery, QuerySample } from '../../../src/lab/loadtest/sample.ts';
import type { QueryName } from '../../../src/lab/queries.ts';
import { VirtualClock } from '../../support/virtual-clock.ts';

/** A query that takes `latencyMs` of virtual time per call (or per its query), then answers `outcome`. */
function fakeQuery(clock: VirtualClock, latencyMs: number | Record<QueryName, number>, outcome = 'ok'): ExecuteQuery {
  return async (query, intendedStart, signal) => {
    const start = clock.now();
    const took = typeof latencyMs === 'number' ? latencyMs : latencyMs[query];
    const finished = await clock.sleep(took, signal).then(
      () => true,
      () => false,
    );
    return {
      query,
      intendedStart,
      start,
      end: clock.now(),
      outcome: finished ? outcome : 'unfinished',
      bytesScanned: 100,
      pages: 1,
    };
  };
}

function runModel(
  clock: VirtualClock,
  model: ClosedModel | OpenModel,
  durationMs: number,
  abortAfterMs?: number,
): Promise<{ samples: QuerySample[]; dropped: Record<QueryName, number>; t0: number }> {
  const samples: QuerySample[] = [];
  const abort = new AbortController();
  const t0 = clock.now();
  if (abortAfterMs !== undefined) clock.schedule(abortAfterMs, () => abort.abort(new Error('stop')));
  return clock.run(
    model
      .run(abort.signal, t0 + durationMs, (sample) => samples.push(sample))
      .then(({ dropped }) => ({ samples, dropped: { ...dropped }, t0 })),
  );
}

const starts = (samples: QuerySample[], query: QueryName, t0: number) =>
  samples.filter((sample) => sample.query === query).map((sample) => sample.intendedStart - t0);

describe('ClosedModel', () => {
  it('runs each worker back to back until the deadline: 2 + 1 workers × 10 queries of 100 ms in 1 s', async () => {
    const clock = new VirtualClock();
    const model = new ClosedModel({ sql1: 2, sql2: 1 }, undefined, fakeQuery(clock, 100), clock);
    const { samples, dropped, t0 } = await runModel(clock, model, 1000);
    expect(samples.filter((sample) => sample.query === 'sql1')).toHaveLength(20);
    expect(starts(samples, 'sql2', t0)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
    expect(dropped).toEqual({ sql1: 0, sql2: 0 });
    expect(samples.every((sample) => sample.outcome === 'ok' && sample.end - sample.start === 100)).toBe(true);
  });

  it('paces each worker with every=: starts on the schedule, not after the previous answer', async () => {
    const clock = new VirtualClock();
    const model = new ClosedModel({ sql1: 1, sql2: 0 }, 250, fakeQuery(clock, 100), clock);
    const { samples, t0 } = await runModel(clock, model, 1000);
    expect(starts(samples, 'sql1', t0)).toEqual([0, 250, 500, 750]);
    expect(samples.map((sample) => sample.start - t0)).toEqual([0, 250, 500, 750]);
  });

  it('shows a slow answer as latency from the intended start instead of lowering the load', async () => {
    const clock = new VirtualClock();
    const model = new ClosedModel({ sql1: 1, sql2: 0 }, 100, fakeQuery(clock, 250), clock);
    const { samples, t0 } = await runModel(clock, model, 500);
    expect(starts(samples, 'sql1', t0)).toEqual([0, 100, 200, 300, 400]);
    expect(samples.map((sample) => sample.end - sample.intendedStart)).toEqual([250, 400, 550, 700, 850]);
  });

  it('stops at once when aborted: the query in flight is unfinished, nothing new starts', async () => {
    const clock = new VirtualClock();
    const model = new ClosedModel({ sql1: 3, sql2: 0 }, undefined, fakeQuery(clock, 100), clock);
    const { samples, t0 } = await runModel(clock, model, 60_000, 350);
    expect(samples).toHaveLength(12);
    expect(samples.filter((sample) => sample.outcome === 'unfinished')).toHaveLength(3);
    expect(Math.max(...samples.map((sample) => sample.end - t0))).toBe(350);
  });

  it('reports every problem with its settings', () => {
    const clock = new VirtualClock();
    expect(new ClosedModel({ sql1: 0, sql2: 0 }, 0, fakeQuery(clock, 1), clock).validate()).toEqual([
      'no workers',
      'every must be above 0',
    ]);
    expect(new ClosedModel({ sql1: 1, sql2: 0 }, undefined, fakeQuery(clock, 1), clock).validate()).toEqual([]);
  });
});

describe('OpenModel', () => {
  it('starts arrival k at t0 + k/rate for each query, whatever the answers do', async () => {
    const clock = new VirtualClock();
    const model = new OpenModel(10, { sql1: 5, sql2: 5 }, fakeQuery(clock, { sql1: 30, sql2: 420 }), clock);
    const { samples, dropped, t0 } = await runModel(clock, model, 1000);
    const schedule = [0, 100, 200, 300, 400, 500, 600, 700, 800, 900];
    expect(starts(samples, 'sql1', t0)).toEqual(schedule);
    expect(starts(samples, 'sql2', t0).sort((a, b) => a - b)).toEqual(schedule);
    expect(dropped).toEqual({ sql1: 0, sql2: 0 });
  });

  it('counts an arrival that finds no room in flight as dropped, never queues it', async () => {
    const clock = new VirtualClock();
    // One in flight, 250 ms each, an arrival every 100 ms: 0 runs, 100 and 200 find it busy, 300 runs, …
    const model = new OpenModel(10, { sql1: 1, sql2: 0 }, fakeQuery(clock, 250), clock);
    const { samples, dropped, t0 } = await runModel(clock, model, 1000);
    expect(starts(samples, 'sql1', t0)).toEqual([0, 300, 600, 900]);
    expect(dropped).toEqual({ sql1: 6, sql2: 0 });
  });

  it('keeps the schedule exact at a rate that does not divide a second', async () => {
    const clock = new VirtualClock();
    const model = new OpenModel(3, { sql1: 10, sql2: 0 }, fakeQuery(clock, 10), clock);
    const { samples, t0 } = await runModel(clock, model, 2000);
    expect(starts(samples, 'sql1', t0).map((ms) => Math.round(ms))).toEqual([0, 333, 667, 1000, 1333, 1667]);
  });

  it('waits for the queries in flight at the deadline, and stops launching when aborted', async () => {
    const clock = new VirtualClock();
    const model = new OpenModel(10, { sql1: 50, sql2: 0 }, fakeQuery(clock, 500), clock);
    const finished = await runModel(clock, model, 1000);
    expect(finished.samples).toHaveLength(10);
    expect(Math.max(...finished.samples.map((sample) => sample.end - finished.t0))).toBe(1400);
    const stopClock = new VirtualClock();
    const stopped = new OpenModel(10, { sql1: 50, sql2: 0 }, fakeQuery(stopClock, 500), stopClock);
    const aborted = await runModel(stopClock, stopped, 1000, 250);
    expect(starts(aborted.samples, 'sql1', aborted.t0)).toEqual([0, 100, 200]);
    expect(aborted.samples.every((sample) => sample.outcome === 'unfinished')).toBe(true);
  });

  it('reports every problem with its settings', () => {
    const clock = new VirtualClock();
    expect(new OpenModel(0, { sql1: 0, sql2: 0 }, fakeQuery(clock, 1), clock).validate()).toEqual([
      'rate must be above 0',
      'no query has room in flight',
    ]);
  });
});

describe('OpenModel at an extreme rate', () => {
  it('gives the event loop turns while it catches up, instead of launching every overdue arrival in one go', async () => {
    // Every arrival of a one-second run is overdue at once: 100,000 slots, one query in flight at most.
    let time = 0;
    const clock = {
      now: () => time,
      sleep: (ms: number) => {
        time += ms;
        return Promise.resolve();
      },
    };
    const execute: ExecuteQuery = (query, intended) =>
      Promise.resolve({
        query,
        intendedStart: intended,
        start: time,
        end: time,
        outcome: 'ok',
        bytesScanned: 0,
        pages: 0,
      });
    const model = new OpenModel(100_000, { sql1: 1, sql2: 0 }, execute, clock);
    let turns = 0;
    let running = true;
    const probe = () => {
      if (!running) return;
      turns += 1;
      setImmediate(probe);
    };
    setImmediate(probe);
    const run = model.run(new AbortController().signal, 1000, () => undefined);
    // The scheduler wakes late: everything up to 999 ms is due at once.
    time = 999;
    const { dropped } = await run;
    running = false;
    expect(turns).toBeGreaterThan(10);
    expect(dropped.sql1).toBeGreaterThan(90_000);
  });
});
