/**
 * A workload run on virtual time: every query of every stage counted by its outcome, latency from the
 * intended start, QueryTCU over the run, the thresholds judged (a metric not measured fails), and the
 * `--json` contract's exact shape.
 */
import type { QueryCommand, TimestreamQueryClient } from '@aws-sdk/client-timestream-query';
import { describe, expect, it } from 'vitest';
import type { LabTarget } from '../../../src/lab/lab-target.ts';
import type { TcuSource } from '../../../src/monitor/tcu-source.ts';
import { readWorkload } from '../../../src/lab/workload/read-workload.ts';
import { WorkloadRun } from '../../../src/lab/workload/run-workload.ts';
import { workloadJson } from '../../../src/lab/workload/workload-output.ts';
import { evaluateThresholds } from '../../../src/lab/workload/thresholds.ts';
import { summarize } from '../../../src/lab/loadtest/stats.ts';
import { VirtualClock } from '../../support/virtual-clock.ts';

const WORKLOAD = `name: w
database: demo
tables:
  - name: cpu_m
    dimensions: [{ name: host, cardinality: 4 }]
    measureName: metrics
    measures: [{ name: cpu, type: DOUBLE }]
    every: 1m
    span: 1h
queries:
  - name: fast
    weight: 3
    sql: SELECT avg(cpu) FROM "demo"."cpu_m" WHERE host = '{{host}}' AND time > ago(1h)
    params: { host: { dimension: cpu_m.host } }
  - name: throttled
    weight: 1
    sql: SELECT max(cpu) FROM "demo"."cpu_m" WHERE time > ago(1h)
stages:
  - { duration: 10s, rate: 4 }
  - { duration: 10s, workers: 2 }
thresholds:
  - { metric: latency_p95_ms, query: fast, below: 100 }
  - { metric: throttled_ratio, below: 0.5 }
  - { metric: latency_p50_ms, query: throttled, below: 1000 }
  - { metric: tcu_peak, below: 10 }
`;

/** A Timestream query client on the virtual clock: 20 ms an answer; the `max(` query is always throttled. */
function fakeTarget(clock: VirtualClock, sent: string[]): LabTarget {
  const client = {
    send: async (command: QueryCommand, options?: { abortSignal?: AbortSignal }) => {
      const sql = command.input.QueryString!;
      sent.push(sql);
      await clock.sleep(20, options?.abortSignal);
      if (sql.includes('max(')) throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      return { Rows: [], ColumnInfo: [], QueryStatus: { CumulativeBytesScanned: 1000 } };
    },
    destroy: () => undefined,
  } as unknown as TimestreamQueryClient;
  return {
    clients: {} as LabTarget['clients'],
    database: 'demo',
    region: 'us-east-1',
    isLocal: true,
    loadTestClient: () => client,
  };
}

const tcu = (peak: number): TcuSource => ({
  minuteTcu: (fromMs) =>
    Promise.resolve([
      { minuteStartMs: fromMs, min: 0, max: peak },
      { minuteStartMs: fromMs + 60_000, min: 0, max: peak / 2 },
    ]),
  accountSettings: () => Promise.resolve({ maxQueryTcu: 200, pricingModel: 'COMPUTE_UNITS' }),
});

describe('WorkloadRun', () => {
  it('runs every stage, fills the placeholders, counts each outcome and judges the thresholds', async () => {
    const clock = new VirtualClock();
    const sent: string[] = [];
    const run = new WorkloadRun(readWorkload(WORKLOAD, 'w.yaml'), {
      target: fakeTarget(clock, sent),
      tcu: tcu(8),
      clock,
      seed: 7,
    });
    const result = await clock.run(run.run());
    const { fast, throttled } = result.perQuery;
    // Open stage: 40 arrivals shared 3:1 at random; closed stage: 2 workers shared 3:1 → both on fast,
    // back to back for 10 s at 20 ms each (500 each).
    expect(fast!.started + throttled!.started).toBe(40 + 1000);
    expect(throttled!.started).toBeGreaterThan(0);
    expect(throttled!.throttled).toBe(throttled!.started);
    expect(fast!.succeeded).toBe(fast!.started);
    expect(fast!.latencyMs).toMatchObject({ p50: 20, p95: 20, p99: 20 });
    expect(fast!.bytesScanned).toBe(1000 * fast!.succeeded);
    expect(sent.some((sql) => sql.includes('{{'))).toBe(false);
    expect(new Set(sent.filter((sql) => sql.includes('host =')).map((sql) => /host-\d/.exec(sql)![0])).size).toBe(4);
    expect(result.tcu).toMatchObject({ peak: 8, hours: 0.2, maxQueryTcu: 200 });
    expect(result.seconds).toBe(20);
    // Latency over time: every call in one bucket or another, each bucket's p95 the 20 ms answers.
    const timeline = result.timeline.fast!;
    expect(timeline.reduce((sum, point) => sum + point.count, 0)).toBe(fast!.started);
    expect(new Set(timeline.filter((point) => point.count > 0).map((point) => point.p95Ms))).toEqual(new Set([20]));
    expect(timeline.at(-1)!.atSeconds).toBe(20);
    expect(workloadJson(result)).toEqual({
      queries: {
        fast: {
          count: fast!.started,
          succeeded: fast!.started,
          throttled: 0,
          failed: 0,
          latencyMs: { p50: 20, p95: 20, p99: 20 },
          bytesScanned: 1000 * fast!.started,
        },
        throttled: {
          count: throttled!.started,
          succeeded: 0,
          throttled: throttled!.started,
          failed: 0,
          latencyMs: { p50: null, p95: null, p99: null },
          bytesScanned: 0,
        },
      },
      tcu: { peak: 8, hours: 0.2 },
      thresholds: [
        { metric: 'latency_p95_ms', query: 'fast', below: 100, actual: 20, ok: true },
        {
          metric: 'throttled_ratio',
          query: null,
          below: 0.5,
          actual: expect.closeTo(throttled!.started / 1040, 4) as number,
          ok: true,
        },
        // No answer of that query: its latency was not measured, so the threshold fails.
        { metric: 'latency_p50_ms', query: 'throttled', below: 1000, actual: null, ok: false },
        { metric: 'tcu_peak', query: null, below: 10, actual: 8, ok: true },
      ],
      ok: false,
    });
  });

  it('is the same run for the same seed', async () => {
    const sentBy = async (seed: number) => {
      const clock = new VirtualClock();
      const sent: string[] = [];
      await clock.run(
        new WorkloadRun(readWorkload(WORKLOAD, 'w.yaml'), { target: fakeTarget(clock, sent), clock, seed }).run(),
      );
      return sent;
    };
    expect(await sentBy(3)).toEqual(await sentBy(3));
    expect(await sentBy(3)).not.toEqual(await sentBy(4));
  });

  it('--time-factor shortens every stage', async () => {
    const clock = new VirtualClock();
    const result = await clock.run(
      new WorkloadRun(readWorkload(WORKLOAD, 'w.yaml'), {
        target: fakeTarget(clock, []),
        clock,
        timeFactor: 0.1,
      }).run(),
    );
    expect(result.seconds).toBe(2);
    expect(result.tcu).toEqual({ unavailable: 'no QueryTCU source for this target' });
  });
});

describe('evaluateThresholds', () => {
  const stats = summarize(
    [
      { query: 'q', intendedStart: 0, start: 0, end: 50, outcome: 'ok', bytesScanned: 0, pages: 1 },
      {
        query: 'q',
        intendedStart: 0,
        start: 0,
        end: 10,
        outcome: 'InternalServerException',
        bytesScanned: 0,
        pages: 1,
      },
    ],
    1000,
  );
  it('holds below the bound only: equal to it fails', () => {
    const results = evaluateThresholds(
      [
        { metric: 'failed_ratio', below: 0.5 },
        { metric: 'failed_ratio', below: 0.51 },
        { metric: 'tcu_hours', below: 1 },
      ],
      { perQuery: { q: stats }, combined: stats, tcu: undefined },
    );
    expect(results.map((result) => [result.actual, result.ok])).toEqual([
      [0.5, false],
      [0.5, true],
      [null, false],
    ]);
  });
});

describe('WorkloadRun in another database', () => {
  it('names a query the parser cannot move before anything runs', async () => {
    const clock = new VirtualClock();
    const sent: string[] = [];
    const broken = readWorkload(WORKLOAD.replace('SELECT max(cpu) FROM', 'SELECT max(cpu FROM'), 'w.yaml');
    const target = { ...fakeTarget(clock, sent), database: 'lab' };
    // Refused before the first stage: no time passes, nothing is sent.
    await expect(new WorkloadRun(broken, { target, clock }).run()).rejects.toThrow(
      /queries\.throttled: cannot be moved to database lab: line 1:/,
    );
    expect(sent).toEqual([]);
  });

  it('sends every query to the target’s database', async () => {
    const clock = new VirtualClock();
    const sent: string[] = [];
    const target = { ...fakeTarget(clock, sent), database: 'tcu_lab' };
    await clock.run(new WorkloadRun(readWorkload(WORKLOAD, 'w.yaml'), { target, clock, timeFactor: 0.1 }).run());
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((sql) => sql.includes('FROM "tcu_lab"."cpu_m"'))).toBe(true);
  });
});
