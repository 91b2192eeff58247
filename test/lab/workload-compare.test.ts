/**
 * The before/after on the same workload, against the real emulator: the emulator's clock moves on
 * between the sides (as the account goes idle) instead of the test waiting a minute and a half.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { labTarget, monitorDeps } from '../../src/deps.ts';
import { findDataWindow } from '../../src/lab/data-window.ts';
import { generateLab } from '../../src/lab/generate.ts';
import { compareNotice } from '../../src/lab/lab-notices.ts';
import type { LabTarget } from '../../src/lab/lab-target.ts';
import type { DataWindow } from '../../src/lab/scenario.ts';
import { setupLab } from '../../src/lab/setup.ts';
import {
  compareJson,
  compareWorkloads,
  type WorkloadCompareReport,
  type WorkloadCompareOptions,
} from '../../src/lab/workload-compare.ts';
import type { TcuSource } from '../../src/monitor/tcu-source.ts';
import { systemClock, type Clock } from '../../src/shared/clock.ts';
import { useEmulator } from '../support/emulator.ts';

let offsetMs = 0;
const clock: Clock = { now: () => Date.now() + offsetMs, sleep: systemClock.sleep };
const fixture = useEmulator({ clock });
const folder = mkdtempSync(join(tmpdir(), 'tcu-compare-'));
let target: LabTarget;
let window: DataWindow;
let tcu: TcuSource;
afterAll(() => rmSync(folder, { recursive: true, force: true }));

beforeAll(async () => {
  const config = loadConfig({ LOG_LEVEL: 'silent' });
  target = await labTarget(config, { endpoint: fixture.emulator.endpoint, database: 'compare' });
  await setupLab(target);
  await generateLab(target, { scale: 0.5, spanMinutes: 180, checkpointPath: join(folder, 'checkpoint.json') });
  window = await findDataWindow(target, join(folder, 'checkpoint.json'));
  tcu = (await monitorDeps(config, { endpoint: fixture.emulator.endpoint })).tcu!;
}, 60_000);

/** The account goes idle at once: the emulator's clock jumps to the moment the comparison waits for. */
const settle = (untilMs: number) => {
  offsetMs += Math.max(0, untilMs - clock.now());
  return Promise.resolve();
};

const run = (options: Partial<WorkloadCompareOptions> = {}): Promise<WorkloadCompareReport> =>
  compareWorkloads(
    { ratePerSecond: 10, durationMs: 4000, maxInFlight: 100, maxQueryTcu: undefined, ...options },
    { target, window, tcu, clock, settle },
  );

describe('compareWorkloads', () => {
  it('the optimized side needs fewer TCU-hours and dollars for the same arrivals, with the same answers', async () => {
    const report = await run();
    expect(report.answersEqual).toBe(true);
    expect(report.legacy.succeeded).toBeGreaterThan(0);
    expect(report.optimized.succeeded).toBeGreaterThan(0);
    expect(report.optimized.tcu.hours).toBeLessThan(report.legacy.tcu.hours);
    expect(report.optimized.costUsd).toBeLessThan(report.legacy.costUsd);
    expect(report.legacy.costUsd).toBeCloseTo(report.legacy.tcu.hours * 0.518, 9);
    expect(report.optimized.bytesScanned).toBeLessThan(report.legacy.bytesScanned);
    // Each side's minutes are its own: they end before the other side starts.
    expect(report.legacy.tcu.minutes.at(-1)!.minuteStartMs).toBeLessThan(report.optimized.fromMs);
    // QueryInsights say why: the optimized tables are partitioned by the dimension the queries filter on.
    expect(report.legacy.insights.sql2?.spatialCoverage).toBe(1);
    expect(report.optimized.insights.sql2?.spatialCoverage).toBeLessThan(0.5);
    expect(report.optimized.insights.sql1?.spatialCoverage).toBeLessThanOrEqual(0.5);
    expect(report.optimized.insights.sql1!.temporalRangeNs).toBeLessThan(report.legacy.insights.sql1!.temporalRangeNs);
    const words = compareNotice(report, 'en');
    expect(
      words.facts.some((fact) => /SQL2 read 100% of the spatial axis over .*; optimized: \d/.test(fact.value)),
    ).toBe(true);
    expect(compareNotice(report, 'zh-CN').facts.some((fact) => fact.value.includes('旧表读取空间轴的 100%'))).toBe(
      true,
    );
  }, 60_000);

  it('prints the documented JSON: legacy and optimized sides and answersEqual', async () => {
    const json = compareJson(await run({ durationMs: 2000 }));
    expect(Object.keys(json)).toEqual(['legacy', 'optimized', 'answersEqual']);
    for (const side of [json.legacy, json.optimized] as Record<string, unknown>[]) {
      expect(Object.keys(side)).toEqual(['tcu', 'throttled', 'latencyMs', 'bytesScanned', 'costUsd', 'insights']);
      expect(Object.keys(side.tcu as object)).toEqual(['peak', 'hours']);
      expect(Object.keys(side.latencyMs as object)).toEqual(['p50', 'p99']);
      expect(Object.keys(side.insights as object)).toEqual(['sql1', 'sql2']);
      expect(Object.keys((side.insights as Record<string, object>).sql2 ?? {})).toEqual([
        'spatialCoverage',
        'temporalRangeNs',
      ]);
    }
  }, 60_000);

  it('with MaxQueryTCU low enough, legacy throttles and optimized does not at the same arrivals', async () => {
    const report = await run({ maxQueryTcu: 4, ratePerSecond: 20, durationMs: 6000 });
    expect(report.legacy.throttled).toBeGreaterThan(0);
    expect(report.optimized.throttled).toBe(0);
    // Throttles never stop a side: both ran their full time and answered queries.
    expect(report.legacy.toMs - report.legacy.fromMs).toBeGreaterThanOrEqual(6000);
    expect(report.legacy.succeeded).toBeGreaterThan(0);
    expect(report.maxQueryTcu).toBe(4);
    expect((await tcu.accountSettings()).maxQueryTcu).toBe(200);
  }, 60_000);
});
