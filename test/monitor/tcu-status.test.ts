import { describe, expect, it } from 'vitest';
import { summarizeWindow, tcuStatus, tcuTestWindow } from '../../src/monitor/tcu-status.ts';

const T0 = Date.UTC(2025, 4, 28, 10, 0, 0);
const minute = (offset: number, min: number, max: number) => ({ minuteStartMs: T0 + offset * 60_000, min, max });

describe('summarizeWindow', () => {
  it('counts minutes without a datapoint as idle (0) for the minimum, and takes the peak of maxima', () => {
    const minutes = [minute(0, 4, 8), minute(1, 8, 12), minute(2, 4, 4)];
    expect(summarizeWindow(minutes, T0, T0 + 3 * 60_000)).toEqual({
      minutes: 3,
      activeMinutes: 3,
      peak: 12,
      minimum: 4,
    });
    expect(summarizeWindow(minutes, T0, T0 + 5 * 60_000)).toEqual({
      minutes: 5,
      activeMinutes: 3,
      peak: 12,
      minimum: 0,
    });
    expect(summarizeWindow([], T0, T0 + 15 * 60_000)).toEqual({ minutes: 15, activeMinutes: 0, peak: 0, minimum: 0 });
  });
});

describe('tcuStatus', () => {
  const settings = { maxQueryTcu: 12, pricingModel: 'COMPUTE_UNITS' };
  const now = T0 + 10 * 60_000 + 30_000; // 10:10:30 → the last complete minute is 10:09

  it('reports the last complete minute, windows, utilisation and capped', () => {
    const status = tcuStatus([minute(-90, 0, 4), minute(5, 4, 12), minute(9, 8, 8)], settings, now);
    expect(status).toMatchObject({
      nowMinuteStartMs: T0 + 9 * 60_000,
      now: 8,
      isIdleNow: false,
      last15m: { peak: 12, activeMinutes: 2, minimum: 0 },
      last1h: { peak: 12, activeMinutes: 2 },
      last24h: { peak: 12, activeMinutes: 3 },
      utilisation: 1,
      isCapped: true,
    });
  });

  it('says idle when the last minute has no datapoint, and not capped below MaxQueryTCU', () => {
    const status = tcuStatus([minute(5, 4, 8)], settings, now);
    expect(status).toMatchObject({ now: 0, isIdleNow: true, isCapped: false });
    expect(status.utilisation).toBeCloseTo(8 / 12);
  });
});

describe('tcuTestWindow', () => {
  it('gives baseline, peak and a TCU-hours range Σmin/60 … Σmax/60', () => {
    const minutes = [minute(-3, 0, 4), minute(0, 4, 8), minute(1, 8, 12), minute(2, 4, 12), minute(6, 4, 4)];
    expect(tcuTestWindow(minutes, T0 + 10_000, T0 + 3 * 60_000, 12)).toEqual({
      baseline: 4,
      peak: 12,
      tcuHoursMin: (4 + 8 + 4) / 60,
      tcuHoursMax: (8 + 12 + 12) / 60,
      maxQueryTcu: 12,
      isCapped: true,
      activeMinutes: 3,
    });
  });

  it('counts the minute the window ends in only up to the end for the lower bound', () => {
    const minutes = [minute(0, 4, 8), minute(1, 8, 8)];
    const window = tcuTestWindow(minutes, T0 + 10_000, T0 + 60_000 + 15_000, 12);
    expect(window.tcuHoursMin).toBeCloseTo((4 + 8 * 0.25) / 60, 12);
    expect(window.tcuHoursMax).toBeCloseTo((8 + 8) / 60, 12);
  });
});
