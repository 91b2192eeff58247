/**
 * `npm run bench:lab-samples`: the memory a workload run's samples take. A run may reach 14.4 million
 * calls (WORKLOAD_LIMITS: 20 stages of an hour at 200 a second). N synthetic calls of three queries go
 * into WorkloadSamples, and — the measured comparison — into an array of sample objects, as runs kept
 * them before; heap growth is read after a full GC (node --expose-gc). Also the time per call added and
 * the time to compute the run's figures and timeline at the end.
 * Target: ≤ 40 bytes a call (so the largest run allowed stays under 600 MB).
 * Prints JSON. Options: --samples N (default 2,000,000).
 */
import { parseArgs } from 'node:util';
import type { QuerySample } from '../src/lab/loadtest/sample.ts';
import { WorkloadSamples } from '../src/lab/workload/workload-samples.ts';

const { values } = parseArgs({ options: { samples: { type: 'string' } } });
const COUNT = Number(values.samples ?? 2_000_000);
const NAMES = ['latest_reading', 'hourly_rollup', 'fleet_scan'];
const PLANNED_MS = 20 * 3600_000;
const TARGET_BYTES = 40;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (npm run bench:lab-samples does)');

/** The i-th call: spread evenly over the planned run, a few throttled, a few failed. */
function call(index: number): QuerySample<string> {
  const intendedStart = (index / COUNT) * PLANNED_MS;
  const start = intendedStart + (index % 7);
  const outcome = index % 50 === 0 ? 'ThrottlingException' : index % 997 === 0 ? 'ValidationException' : 'ok';
  return {
    query: NAMES[index % NAMES.length]!,
    intendedStart,
    start,
    end: start + 20 + (index % 400),
    outcome,
    bytesScanned: outcome === 'ok' ? 1_000_000 + (index % 1000) : 0,
    pages: 1,
  };
}

function heapAfterGc(): number {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
}

// Kept objects, as before.
let before = heapAfterGc();
const kept: QuerySample<string>[] = [];
for (let index = 0; index < COUNT; index += 1) kept.push(call(index));
const keptBytes = heapAfterGc() - before;
kept.length = 0;

before = heapAfterGc();
const samples = new WorkloadSamples(NAMES, 0, PLANNED_MS);
const addStarted = performance.now();
for (let index = 0; index < COUNT; index += 1) {
  samples.add(call(index));
  // The progress line takes the recent calls once a second; here every 10,000 calls.
  if (index % 10_000 === 0) samples.takeRecent();
}
const addMs = performance.now() - addStarted;
samples.takeRecent();
const samplesBytes = heapAfterGc() - before;
const figuresStarted = performance.now();
const perQuery = NAMES.map((name) => samples.statsOf(name, PLANNED_MS, 0));
const combined = samples.combined(PLANNED_MS, 0);
const timeline = samples.timeline();
const figuresMs = performance.now() - figuresStarted;

const bytesPerCall = samplesBytes / COUNT;
console.log(
  JSON.stringify({
    calls: COUNT,
    workloadSamples: {
      bytesPerCall: Math.round(bytesPerCall * 10) / 10,
      addNsPerCall: Math.round((addMs * 1e6) / COUNT),
      figuresMs: Math.round(figuresMs),
    },
    keptObjects: { bytesPerCall: Math.round((keptBytes / COUNT) * 10) / 10 },
    keptOverSamples: Math.round((keptBytes / samplesBytes) * 10) / 10,
    largestRunMb: Math.round((bytesPerCall * 14_400_000) / 1e6),
    check: {
      started: combined.started === COUNT,
      perQuery: perQuery.reduce((sum, stats) => sum + stats.started, 0) === COUNT,
      timelinePoints: Object.values(timeline).every((points) => points.length === 60),
    },
    target: `≤ ${TARGET_BYTES} bytes a call`,
    meetsTarget: bytesPerCall <= TARGET_BYTES,
  }),
);
