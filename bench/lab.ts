/**
 * `npm run bench:lab`: the lab against an emulator running in its own process (as `tcu-bot emulator`).
 *  1. generate at the default scale (10 devices × 52 metrics × 12 h, all four tables) in records/s
 *     (target ≥ 50,000/s; the case study's tool wrote ≈ 15/s);
 *  2. compare's reductions on that data (targets: scan ≥ 70 % less, latency ≥ 80 % less, equal answers);
 *  3. the load generator's ceiling: 100 closed-model workers running `SELECT 1` through the load test's
 *     own client and query call, vs autocannon sending the same request with 100 connections (target ≥ 0.7×),
 *     with the p99 start lag (actual start − intended start) of our workers.
 * Prints JSON. Options: --scale N (default 1), --seconds N for part 3 (default 5).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { compareAnswers } from '../src/lab/compare.ts';
import { queriesFor } from '../src/lab/queries.ts';
import type { LabTarget } from '../src/lab/lab-target.ts';
import type { DataWindow } from '../src/lab/scenario.ts';
import { generateLab } from '../src/lab/generate.ts';
import { runQuery } from '../src/lab/run-query.ts';
import { ClosedModel } from '../src/lab/loadtest/closed.ts';
import type { QuerySample } from '../src/lab/loadtest/sample.ts';
import { percentile } from '../src/lab/loadtest/stats.ts';
import { setupLab } from '../src/lab/setup.ts';
import { preciseClock as clock } from '../src/shared/clock.ts';
import { loadConfig } from '../src/config.ts';
import { labTarget } from '../src/deps.ts';

const { values } = parseArgs({ options: { scale: { type: 'string' }, seconds: { type: 'string' } } });
const SCALE = Number(values.scale ?? 1);
const SECONDS = Number(values.seconds ?? 5);
const WORKERS = 100;

/** The emulator in its own process, so the load generator is measured, not the server's share of one thread. */
async function spawnEmulator(): Promise<{ endpoint: string; stop: () => void }> {
  const child = spawn(
    process.execPath,
    [
      `${import.meta.dirname}/../bin/tcu-bot.mjs`,
      'emulator',
      '--port',
      '0',
      '--data',
      ':memory:',
      '--max-query-tcu',
      '1000',
      // The load generator is measured against the emulator's own speed, not modelled Timestream time.
      '--no-pace',
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const endpoint = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(buffered);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  return { endpoint, stop: () => child.kill('SIGTERM') };
}

/** p50 of `runs` timed runs after a warm-up, and the last run (for its bytes and rows). */
async function timed(target: LabTarget, sql: string, runs: number) {
  await runQuery(target.clients.query, sql);
  const times: number[] = [];
  let last = await runQuery(target.clients.query, sql, { keepRows: true });
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    last = await runQuery(target.clients.query, sql, { keepRows: true });
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50Ms: Math.round(percentile(times, 50) * 100) / 100, last };
}

async function timedPairs(target: LabTarget, window: DataWindow, runs: number) {
  const legacy = queriesFor('legacy', target.database, window);
  const optimized = queriesFor('optimized', target.database, window);
  const pairs = [];
  for (const query of ['sql1', 'sql2'] as const) {
    const before = await timed(target, legacy[query], runs);
    const after = await timed(target, optimized[query], runs);
    const reduction = (a: number, b: number) => (a > 0 ? Math.round((1 - b / a) * 1000) / 10 : 0);
    pairs.push({
      query,
      difference: compareAnswers(query, before.last, after.last),
      legacy: { p50Ms: before.p50Ms },
      optimized: { p50Ms: after.p50Ms },
      reduction: {
        scanPercent: reduction(before.last.bytesScanned, after.last.bytesScanned),
        latencyPercent: reduction(before.p50Ms, after.p50Ms),
      },
    });
  }
  return pairs;
}

const emulator = await spawnEmulator();
const folder = mkdtempSync(join(tmpdir(), 'tcu-bench-lab-'));
const target = await labTarget(loadConfig({ LOG_LEVEL: 'silent', AWS_REGION: 'us-east-1' }), {
  endpoint: emulator.endpoint,
  database: 'bench_lab',
});
const { clients } = target;
try {
  // 1. generate
  await setupLab(target);
  const generation = await generateLab(target, { scale: SCALE, checkpointPath: join(folder, 'checkpoint.json') });
  const window = { startMs: Date.parse(generation.window.start), endMs: Date.parse(generation.window.end) };

  // 2. compare: each legacy query and its optimized twin, 10 timed runs each after a warm-up, answers checked
  const comparison = await timedPairs(target, window, 10);

  // 3. load generator ceiling
  const requestBody = JSON.stringify({ QueryString: 'SELECT 1' });
  // The load test's own client and per-query call (runQuery), bound to a stop signal as in LoadTest.
  const stop = new AbortController();
  const loadClient = target.loadTestClient(WORKERS + 8, stop.signal);
  await runQuery(loadClient, 'SELECT 1');
  const samples: QuerySample[] = [];
  const model = new ClosedModel(
    { sql1: WORKERS, sql2: 0 },
    undefined,
    async (query, intendedStart) => {
      const start = clock.now();
      try {
        await runQuery(loadClient, 'SELECT 1');
        return { query, intendedStart, start, end: clock.now(), outcome: 'ok', bytesScanned: 0, pages: 1 };
      } catch (error) {
        return {
          query,
          intendedStart,
          start,
          end: clock.now(),
          outcome: (error as Error).name,
          bytesScanned: 0,
          pages: 0,
        };
      }
    },
    clock,
  );
  const started = clock.now();
  await model.run(stop.signal, started + SECONDS * 1000, (sample) => samples.push(sample));
  const elapsed = (clock.now() - started) / 1000;
  const ours = samples.filter((sample) => sample.outcome === 'ok').length / elapsed;
  const lags = samples.map((sample) => sample.start - sample.intendedStart).sort((a, b) => a - b);
  loadClient.destroy();
  const cannon = await autocannon({
    url: emulator.endpoint,
    method: 'POST',
    headers: { 'x-amz-target': 'Timestream_20181101.Query', 'content-type': 'application/x-amz-json-1.0' },
    body: requestBody,
    connections: WORKERS,
    duration: SECONDS,
  });

  const pair = (query: 'sql1' | 'sql2') => comparison.find((each) => each.query === query)!;
  const result = {
    benchmark: 'lab',
    generate: {
      records: generation.records.written,
      seconds: generation.seconds,
      recordsPerSecond: generation.recordsPerSecond,
      target: 50_000,
      caseStudyRecordsPerSecond: 15,
      complete: generation.validation?.isComplete ?? false,
    },
    compare: {
      equalAnswers: comparison.every((each) => each.difference === undefined),
      sql1: {
        scanReductionPercent: pair('sql1').reduction.scanPercent,
        latencyReductionPercent: pair('sql1').reduction.latencyPercent,
        p50MsBeforeAfter: [pair('sql1').legacy.p50Ms, pair('sql1').optimized.p50Ms],
      },
      sql2: {
        scanReductionPercent: pair('sql2').reduction.scanPercent,
        latencyReductionPercent: pair('sql2').reduction.latencyPercent,
        p50MsBeforeAfter: [pair('sql2').legacy.p50Ms, pair('sql2').optimized.p50Ms],
      },
      targets: { scanReductionPercent: 70, latencyReductionPercent: 80 },
    },
    loadGenerator: {
      workers: WORKERS,
      seconds: SECONDS,
      queriesPerSecond: Math.round(ours),
      autocannonRequestsPerSecond: Math.round(cannon.requests.average),
      ratio: Math.round((ours / cannon.requests.average) * 100) / 100,
      target: '≥ 0.7',
      startLagMs: {
        p50: Math.round(percentile(lags, 50) * 1000) / 1000,
        p99: Math.round(percentile(lags, 99) * 1000) / 1000,
      },
      errors: samples.length - samples.filter((sample) => sample.outcome === 'ok').length,
    },
    node: process.version,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  clients.write.destroy();
  clients.query.destroy();
  emulator.stop();
  rmSync(folder, { recursive: true, force: true });
}
