import { describe, expect, it } from 'vitest';
import { CapacityModel, tcuFor } from '../../../src/emulator/timestream/capacity.ts';
import type { Clock } from '../../../src/shared/clock.ts';

function manualClock(startMs: number): Clock & { advance(ms: number): void } {
  let now = startMs;
  return { now: () => now, sleep: () => Promise.resolve(), advance: (ms) => (now += ms) };
}

const T0 = Date.UTC(2025, 4, 28, 10, 0, 0);

describe('tcuFor (AWS sizing: 7 → 4, 14 → 8, 21 → 12)', () => {
  it.each([
    [0, 0],
    [1, 4],
    [7, 4],
    [8, 8],
    [14, 8],
    [15, 12],
    [21, 12],
    [100, 60],
  ])('%i running → %i TCU', (running, tcu) => {
    expect(tcuFor(running)).toBe(tcu);
  });
});

describe('CapacityModel', () => {
  it('throttles the query that would need more than MaxQueryTCU', () => {
    const model = new CapacityModel(manualClock(T0), () => 8);
    const tickets = Array.from({ length: 14 }, () => model.admit());
    expect(model.tcuInUse()).toBe(8);
    expect(() => model.admit()).toThrow(/MaxQueryTCU exceeded/);
    model.release(tickets[0]!);
    expect(() => model.admit()).not.toThrow();
  });

  it('records per-minute minimum and maximum for active minutes only, and fills long-running minutes', () => {
    const clock = manualClock(T0);
    const model = new CapacityModel(clock, () => 200);
    clock.advance(10_000);
    const first = Array.from({ length: 8 }, () => model.admit()); // 8 TCU at 10:00:10
    clock.advance(20_000);
    for (const ticket of first.slice(0, 4)) model.release(ticket); // 4 TCU at 10:00:30
    clock.advance(150_000); // still 4 TCU through 10:01 and 10:02
    for (const ticket of first.slice(4)) model.release(ticket); // 0 at 10:03:00
    clock.advance(300_000); // idle: no datapoints
    expect(model.minuteStats(T0, T0 + 3600_000)).toEqual([
      { minuteStartMs: T0, min: 0, max: 8 },
      { minuteStartMs: T0 + 60_000, min: 4, max: 4 },
      { minuteStartMs: T0 + 120_000, min: 4, max: 4 },
      { minuteStartMs: T0 + 180_000, min: 0, max: 4 },
    ]);
  });

  it('accrues TCU-hours per second with a 30-second minimum per 4-TCU allocation', () => {
    const clock = manualClock(T0);
    const model = new CapacityModel(clock, () => 200);
    const short = model.admit(); // 4 TCU for 2 s → billed 30 s
    clock.advance(2000);
    model.release(short);
    clock.advance(60_000);
    const long = model.admit(); // 4 TCU for 90 s
    clock.advance(90_000);
    model.release(long);
    expect(model.tcuHours(T0, T0 + 3600_000)).toBeCloseTo((4 * 30 + 4 * 90) / 3600, 10);
    expect(model.tcuHours(T0 + 3600_000, T0 + 7200_000)).toBe(0);
  });
});
