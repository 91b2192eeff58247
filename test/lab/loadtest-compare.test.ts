import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UpdateAccountSettingsCommand } from '@aws-sdk/client-timestream-query';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { labTarget } from '../../src/deps.ts';
import { compareAnswers } from '../../src/lab/compare.ts';
import { legacyQueries, optimizedQueries } from '../../src/lab/queries.ts';
import { runQuery } from '../../src/lab/run-query.ts';
import { generateLab } from '../../src/lab/generate.ts';
import type { LabTarget } from '../../src/lab/lab-target.ts';
import { buildLoadTestConfig, type LoadTestConfig, type LoadTestInput } from '../../src/lab/loadtest/config.ts';
import { LoadTest } from '../../src/lab/loadtest/load-test.ts';
import { loadTestMarkdown } from '../../src/lab/loadtest/report.ts';
import type { DataWindow } from '../../src/lab/scenario.ts';
import { setupLab } from '../../src/lab/setup.ts';
import { CloudWatchTcuSource } from '../../src/monitor/cloudwatch-tcu-source.ts';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EMULATOR_CREDENTIALS } from '../../src/timestream/clients.ts';
import { useEmulator } from '../support/emulator.ts';

const fixture = useEmulator();
const folder = mkdtempSync(join(tmpdir(), 'tcu-lab-'));
let target: LabTarget;
let window: DataWindow;
afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
  target.clients.write.destroy();
  target.clients.query.destroy();
});

beforeAll(async () => {
  target = await labTarget(loadConfig({ LOG_LEVEL: 'silent' }), {
    endpoint: fixture.emulator.endpoint,
    database: 'lab',
  });
  await setupLab(target);
  const report = await generateLab(target, {
    scale: 0.3,
    spanMinutes: 90,
    checkpointPath: join(folder, 'checkpoint.json'),
  });
  window = { startMs: Date.parse(report.window.start), endMs: Date.parse(report.window.end) };
});

function config(input: LoadTestInput): LoadTestConfig {
  const built = buildLoadTestConfig(input, {
    maxWorkers: 200,
    maxTotalWorkers: 400,
    maxRatePerSecond: 200,
    maxDurationMs: 14 * 60_000,
  });
  if ('problems' in built) throw new Error(built.problems.join('; '));
  return built.config;
}

const tcuSource = () =>
  new CloudWatchTcuSource(
    new CloudWatchClient({
      region: 'us-east-1',
      endpoint: fixture.emulator.endpoint,
      credentials: EMULATOR_CREDENTIALS,
      maxAttempts: 1,
    }),
    fixture.clients.query,
  );

describe('load test against the emulator', () => {
  it('2 + 2 workers for 3 s give coherent figures and the QueryTCU window', async () => {
    const progress: unknown[] = [];
    const result = await new LoadTest(config({ sql1: '2', sql2: '2', duration: '3s' }), {
      target,
      window,
      tcu: tcuSource(),
      onProgress: (each) => progress.push(each),
      progressEveryMs: 1000,
    }).run();
    expect(result.stoppedBy).toBe('duration');
    for (const stats of [result.perQuery.sql1, result.perQuery.sql2]) {
      expect(stats.succeeded).toBeGreaterThan(0);
      expect(stats.throttled + stats.failed).toBe(0);
      expect(stats.started).toBe(stats.succeeded + stats.unfinished);
      const latency = stats.latencyMs!;
      expect(latency.p50).toBeLessThanOrEqual(latency.p90);
      expect(latency.p90).toBeLessThanOrEqual(latency.p99);
      expect(latency.p99).toBeLessThanOrEqual(latency.max);
      expect(stats.serviceTimeMs!.p50).toBeLessThanOrEqual(latency.p50);
      expect(stats.queriesPerSecond).toBeCloseTo(stats.succeeded / 3, 0);
      expect(stats.bytesScanned).toBeGreaterThan(0);
    }
    expect(result.combined.succeeded).toBe(result.perQuery.sql1.succeeded + result.perQuery.sql2.succeeded);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    // The model allocates 4-TCU blocks for what 4 workers' queries can use at once, far below the cap.
    expect(result.tcu).toMatchObject({ maxQueryTcu: 200, isCapped: false });
    const { peak } = result.tcu as { peak: number };
    expect(peak % 4).toBe(0);
    expect(peak).toBeGreaterThanOrEqual(4);
    expect(peak).toBeLessThanOrEqual(32);
    expect(loadTestMarkdown(result)).toContain('| SQL1 |');
  });

  it('with MaxQueryTCU 4, arrivals beyond what it serves are throttled; counted apart, capacity-capped', async () => {
    await fixture.clients.query.send(new UpdateAccountSettingsCommand({ MaxQueryTCU: 4 }));
    try {
      // 2 × 50 legacy queries a second want far more than 4 TCU serve: demand builds past 10 × 4 TCU.
      const options = { sql1: '60', sql2: '60', rate: '50', duration: '2s', maxThrottleRatio: '1' };
      const result = await new LoadTest(config(options), {
        target,
        window,
        tcu: tcuSource(),
      }).run();
      expect(result.combined.throttled).toBeGreaterThan(0);
      expect(result.combined.errorsByName.ThrottlingException).toBe(result.combined.throttled);
      expect(result.combined.succeeded).toBeGreaterThan(0);
      // The minute's peak may still hold blocks the previous test allocated under MaxQueryTCU 200.
      expect(result.tcu).toMatchObject({ maxQueryTcu: 4, isCapped: true });
      expect(loadTestMarkdown(result)).toContain('capacity-capped');
    } finally {
      await fixture.clients.query.send(new UpdateAccountSettingsCommand({ MaxQueryTCU: 200 }));
    }
  });

  it('stop() ends the run within 2 s and still reports what it measured', async () => {
    let stoppedAt = 0;
    // Stopped on the first figures with an answer in them, not after a sleep.
    const test: LoadTest = new LoadTest(config({ sql1: '2', sql2: '2', duration: '60s' }), {
      target,
      window,
      tickEveryMs: 50,
      onTick: (tick) => {
        if (stoppedAt === 0 && tick.perQuery.sql1.queriesPerSecond + tick.perQuery.sql2.queriesPerSecond > 0) {
          stoppedAt = Date.now();
          test.stop();
        }
      },
    });
    const result = await test.run();
    expect(Date.now() - stoppedAt).toBeLessThan(2000);
    expect(result.stoppedBy).toBe('stop');
    expect(result.combined.succeeded).toBeGreaterThan(0);
  });

  it('the open model keeps its arrival schedule and counts what it could not start', async () => {
    const result = await new LoadTest(config({ sql1: '1', sql2: '50', rate: '20', duration: '1s' }), {
      target,
      window,
    }).run();
    // 20 arrivals per second per query for one second; SQL1 has room for one at a time.
    expect(result.perQuery.sql2.started + result.perQuery.sql2.dropped).toBe(20);
    expect(result.perQuery.sql1.started + result.perQuery.sql1.dropped).toBe(20);
    expect(result.perQuery.sql2.dropped).toBe(0);
  });
});

describe('configuration', () => {
  it('reports every problem at once', () => {
    expect(
      buildLoadTestConfig(
        { sql1: '-1', sql2: '500', duration: 'forever', every: '5m', rate: '2', schema: 'new' },
        { maxWorkers: 100, maxTotalWorkers: 1000, maxRatePerSecond: 200, maxDurationMs: 60_000 },
      ),
    ).toEqual({
      problems: [
        'sql1 must be a whole number of workers, not -1',
        'sql2=500 is over the limit of 100 workers',
        'duration must be a duration with its unit, such as 90s, 5m or 1h, not forever',
        'every= paces closed-model workers and rate= sets an open arrival rate: use one of them',
        'schema must be legacy or optimized, not new',
      ],
    });
  });
});

describe('answer equivalence', () => {
  it('finds the legacy and optimized answers equal on the same data, and says how they differ when not', async () => {
    const legacy = legacyQueries(target.database, window);
    const optimized = optimizedQueries(target.database, window);
    for (const query of ['sql1', 'sql2'] as const) {
      const before = await runQuery(target.clients.query, legacy[query], { keepRows: true });
      const after = await runQuery(target.clients.query, optimized[query], { keepRows: true });
      expect(before.rows.length).toBeGreaterThan(0);
      expect(compareAnswers(query, before, after)).toBeUndefined();
      expect(after.bytesScanned).toBeLessThan(before.bytesScanned);
      if (query === 'sql1') expect(before.rows).toHaveLength(3 * 44);
      const missing = { ...after, rows: after.rows.slice(1) };
      expect(compareAnswers(query, before, missing)).toMatch(/row counts differ/);
    }
  });
});
