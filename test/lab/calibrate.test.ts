/**
 * Calibration against the emulator run with a known profile: the fitted constants must come back
 * within 10 %. The emulator's clock jumps over the idle waits instead of the test sleeping.
 */
import { UpdateAccountSettingsCommand } from '@aws-sdk/client-timestream-query';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { labTarget, monitorDeps } from '../../src/deps.ts';
import {
  DEFAULT_TCU_PROFILE,
  loadTcuProfile,
  type TcuProfile,
} from '../../src/emulator/timestream/capacity/tcu-profile.ts';
import { calibrate, calibratedProfile } from '../../src/lab/calibrate.ts';
import { findDataWindow } from '../../src/lab/data-window.ts';
import { generateLab } from '../../src/lab/generate.ts';
import { setupLab } from '../../src/lab/setup.ts';
import { systemClock, type Clock } from '../../src/shared/clock.ts';
import { useEmulator } from '../support/emulator.ts';

// Slow enough that the emulator's own speed (in this one test process) never sets the pace.
const KNOWN = { baseTcuSeconds: 0.3, heavyOperatorTcuSeconds: 0.15, bytesPerTcuSecond: 2e6 };
const profile: TcuProfile = {
  name: 'known',
  constants: {
    ...DEFAULT_TCU_PROFILE.constants,
    baseTcuSeconds: { value: KNOWN.baseTcuSeconds, label: 'assumed', source: 'test' },
    heavyOperatorTcuSeconds: { value: KNOWN.heavyOperatorTcuSeconds, label: 'assumed', source: 'test' },
    bytesPerTcuSecond: { value: KNOWN.bytesPerTcuSecond, label: 'assumed', source: 'test' },
    // The calibration folds partition costs into the fixed part; a small one keeps that fold small.
    partitionTcuSeconds: { value: 0.0002, label: 'assumed', source: 'test' },
  },
};

let offsetMs = 0;
const clock: Clock = { now: () => Date.now() + offsetMs, sleep: systemClock.sleep };
const fixture = useEmulator({ clock, tcuProfile: profile, maxQueryTcu: 4 }, { maxSockets: 64 });
const folder = mkdtempSync(join(tmpdir(), 'tcu-calibrate-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('lab calibrate', () => {
  let run: () => ReturnType<typeof calibrate>;
  beforeAll(async () => {
    const config = loadConfig({ LOG_LEVEL: 'silent' });
    const target = await labTarget(config, { endpoint: fixture.emulator.endpoint, database: 'calibrate' });
    await setupLab(target);
    await generateLab(target, { scale: 0.5, spanMinutes: 240, checkpointPath: join(folder, 'checkpoint.json') });
    const window = await findDataWindow(target, join(folder, 'checkpoint.json'));
    await fixture.clients.query.send(new UpdateAccountSettingsCommand({ MaxQueryTCU: 4 }));
    const tcu = (await monitorDeps(config, { endpoint: fixture.emulator.endpoint })).tcu;
    const settle = (untilMs: number) => {
      offsetMs += Math.max(0, untilMs - clock.now());
      return Promise.resolve();
    };
    run = () =>
      calibrate(
        { users: 12, durationMs: 8000 },
        {
          target,
          window,
          tcu,
          clock,
          settle,
        },
      );
  }, 60_000);

  it("recovers the emulator's constants within 10 %", async () => {
    const result = await run();
    for (const point of result.points) expect(point.tcu).toBe(4);
    expect(result.constants.heavyOperatorTcuSeconds / KNOWN.heavyOperatorTcuSeconds).toBeCloseTo(1, 0);
    for (const [name, value] of Object.entries(result.constants)) {
      expect(Math.abs(value / KNOWN[name as keyof typeof KNOWN] - 1), name).toBeLessThan(0.1);
    }
    const file = calibratedProfile(result, 'the emulator', '2026-12-04T00:00:00Z') as {
      constants: Record<string, { label: string; value: number }>;
    };
    expect(file.constants.bytesPerTcuSecond).toMatchObject({ label: 'measured' });
    // The file is what `tcu-bot emulator --tcu-profile` loads.
    writeFileSync(join(folder, 'profile.json'), JSON.stringify(file));
    const loaded = loadTcuProfile(join(folder, 'profile.json'));
    expect(loaded.constants.bytesPerTcuSecond.value).toBe(result.constants.bytesPerTcuSecond);
    expect(loaded.constants.tcuPerStep).toEqual(DEFAULT_TCU_PROFILE.constants.tcuPerStep);
  }, 90_000);
});
