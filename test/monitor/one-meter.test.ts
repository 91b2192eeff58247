/**
 * One meter, one figure everywhere: after a 5 + 5 load test on the emulator, the TCU-hours its
 * report gives, the QueryTCU-hours the emulator's Cost Explorer bills for it, and `/tcu status`'s
 * "today so far" all read the same usage (the old model billed a 30-second test as ~29 TCU-hours).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { labTarget, monitorDeps } from '../../src/deps.ts';
import { generateLab } from '../../src/lab/generate.ts';
import type { LabTarget } from '../../src/lab/lab-target.ts';
import { buildLoadTestConfig } from '../../src/lab/loadtest/config.ts';
import { LoadTest } from '../../src/lab/loadtest/load-test.ts';
import { setupLab } from '../../src/lab/setup.ts';
import { utcDay, addDays } from '../../src/monitor/cost-source.ts';
import type { MonitorDeps } from '../../src/monitor/monitor.ts';
import { readStatus } from '../../src/monitor/monitor.ts';
import { TIMESTREAM_PRICES } from '../../src/shared/timestream-prices.ts';
import { useEmulator } from '../support/emulator.ts';

const fixture = useEmulator();
const folder = mkdtempSync(join(tmpdir(), 'tcu-meter-'));
let target: LabTarget;
let monitor: MonitorDeps;
let window: { startMs: number; endMs: number };
afterAll(() => rmSync(folder, { recursive: true, force: true }));

beforeAll(async () => {
  const config = loadConfig({ LOG_LEVEL: 'silent' });
  target = await labTarget(config, { endpoint: fixture.emulator.endpoint, database: 'meter' });
  await setupLab(target);
  const report = await generateLab(target, { scale: 0.3, spanMinutes: 60, checkpointPath: join(folder, 'c.json') });
  window = { startMs: Date.parse(report.window.start), endMs: Date.parse(report.window.end) };
  monitor = await monitorDeps(config, { endpoint: fixture.emulator.endpoint });
});

/** The QueryTCU-hours the emulator's Cost Explorer bills today so far. */
async function billedTcuHours(): Promise<number> {
  const today = utcDay(Date.now());
  const [day] = await monitor.cost.dailyCosts(today, addDays(today, 1));
  const cost = Object.entries(day?.byUsageType ?? {})
    .filter(([usageType]) => usageType.endsWith('QueryTCU-Hours'))
    .reduce((sum, [, value]) => sum + value, 0);
  return cost / TIMESTREAM_PRICES.perTcuHour;
}

describe('one meter', () => {
  it('bills a short load test as the TCU-hours its report gives, and /tcu status says the same day total', async () => {
    const before = await billedTcuHours();
    const built = buildLoadTestConfig(
      { sql1: '5', sql2: '5', duration: '5s' },
      { maxWorkers: 20, maxTotalWorkers: 40, maxRatePerSecond: 200, maxDurationMs: 60_000 },
    );
    if ('problems' in built) throw new Error(built.problems.join('; '));
    const result = await new LoadTest(built.config, { target, window, tcu: monitor.tcu }).run();
    // Capacity is held (and billed) 30 s past the last query: the meter is read once it has settled.
    // The emulator runs on the real clock, so this waits for real.
    await new Promise((resolve) => setTimeout(resolve, 31_000));
    const billed = (await billedTcuHours()) - before;
    const tcu = result.tcu as { tcuHoursMin: number; tcuHoursMax: number };
    expect(billed).toBeGreaterThan(0);
    // The report's range is the CloudWatch minutes' min and max; the bill must fall inside it.
    expect(billed).toBeGreaterThanOrEqual(tcu.tcuHoursMin - 1e-9);
    expect(billed).toBeLessThanOrEqual(tcu.tcuHoursMax + 1e-9);
    // Seconds of a test are not hours of bill: a 5-s test of 10 workers stays under 0.2 TCU-hours.
    expect(billed).toBeLessThan(0.2);

    const status = await readStatus(monitor);
    const today = utcDay(Date.now());
    const [day] = await monitor.cost.dailyCosts(today, addDays(today, 1));
    expect(status.today?.total).toBeCloseTo(day!.total, 9);
  }, 90_000);
});
