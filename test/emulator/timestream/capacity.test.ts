/** The work-based TCU model's arithmetic: sizing rule, fitted points, sharing, throttling, billing. */
import { describe, expect, it } from 'vitest';
import { CapacityModel } from '../../../src/emulator/timestream/capacity/capacity-model.ts';
import { runClosedLoop } from '../../../src/emulator/timestream/capacity/closed-loop.ts';
import {
  queryWork,
  uncontendedSeconds,
  type QueryShape,
} from '../../../src/emulator/timestream/capacity/query-work.ts';
import { constantsOf, DEFAULT_TCU_PROFILE } from '../../../src/emulator/timestream/capacity/tcu-profile.ts';
import type { Clock } from '../../../src/shared/clock.ts';

function manualClock(startMs: number): Clock & { advance(ms: number): void } {
  let now = startMs;
  return { now: () => now, sleep: () => Promise.resolve(), advance: (ms) => (now += ms) };
}

const T0 = Date.UTC(2025, 4, 28, 10, 0, 0);
const constants = constantsOf(DEFAULT_TCU_PROFILE);
/** One host over the last 10 minutes: ~600 rows, ~60 KB, 1 partition (the published harness's queries). */
const LAST_POINT: QueryShape = { bytesScanned: 60_000, partitions: 1, heavyOperators: 1 };
const GROUP_BY: QueryShape = { bytesScanned: 60_000, partitions: 1, heavyOperators: 2 };
const light = queryWork({ bytesScanned: 0, partitions: 1, heavyOperators: 0 }, constants, 200);
/** A light query that runs `seconds` alone (its bytes make the work). */
const lasting = (seconds: number) =>
  queryWork({ bytesScanned: 14.4e6 * (4 / 7) * seconds, partitions: 1, heavyOperators: 0 }, constants, 200);

describe('queryWork', () => {
  it('adds the fixed part, the operators, the bytes and the partitions; light queries hold 4/7 TCU', () => {
    const work = queryWork({ bytesScanned: 14.4e6, partitions: 10, heavyOperators: 2 }, constants, 200);
    expect(work.tcuSeconds).toBeCloseTo(0.0215 + 2 * 0.022 + 1 + 10 * 0.002, 10);
    expect(work.parallelismTcu).toBeCloseTo(10 / 8, 10);
    expect(light.parallelismTcu).toBeCloseTo(4 / 7, 10);
  });

  it('lets a query use at most MaxQueryTCU at once', () => {
    expect(queryWork({ bytesScanned: 0, partitions: 100_000, heavyOperators: 0 }, constants, 16).parallelismTcu).toBe(
      16,
    );
  });

  it('reproduces the fitted points alone: last-point 87 ms, about 81 QPS with 7 users on 4 TCU', () => {
    const work = queryWork(LAST_POINT, constants, 4);
    expect(uncontendedSeconds(work) * 1000).toBeCloseTo(87, 0);
  });
});

describe('CapacityModel', () => {
  it.each([
    [7, 4],
    [8, 8],
    [14, 8],
    [15, 12],
    [21, 12],
  ])('allocates %i concurrent light queries %i TCU (AWS: 7 → 4, 14 → 8, 21 → 12)', (queries, tcu) => {
    const model = new CapacityModel(manualClock(T0), () => 200);
    for (let index = 0; index < queries; index += 1) model.admit(light);
    expect(model.tcuInUse()).toBe(tcu);
  });

  it('shares capacity when demand exceeds MaxQueryTCU, and throttles past the slowdown limit', () => {
    const clock = manualClock(T0);
    const model = new CapacityModel(clock, () => 4);
    // 10 × demand of 4 TCU = 40 TCU: 70 light queries are admitted, the 71st is refused.
    for (let index = 0; index < 70; index += 1) model.admit(light);
    expect(model.tcuInUse()).toBe(4);
    expect(() => model.admit(light)).toThrow(/MaxQueryTCU exceeded/);
    // Shared 10 ways, each light query takes 10× its 48 ms alone.
    const alone = uncontendedSeconds(light) * 1000;
    clock.advance(alone * 9.9);
    expect(model.runningQueries).toBe(70);
    clock.advance(alone * 0.2);
    expect(model.runningQueries).toBe(0);
    expect(() => model.admit(light)).not.toThrow();
  });

  it('bills allocated capacity per second, each 4-TCU block held at least 30 seconds', () => {
    const clock = manualClock(T0);
    const model = new CapacityModel(clock, () => 200);
    model.admit(light); // 48 ms of work, 4 TCU allocated for the 30-second minimum
    clock.advance(120_000);
    expect(model.tcuHours(T0, T0 + 3600_000) * 3600).toBeCloseTo(4 * 30, 6);
    expect(model.tcuInUse()).toBe(0);
    // A query running 100 s alone is billed its 100 s.
    const long = lasting(100);
    model.admit(long);
    clock.advance(200_000);
    const billed = model.tcuHours(T0, T0 + 3600_000) * 3600 - 4 * 30;
    expect(billed).toBeCloseTo(4 * (long.tcuSeconds / long.parallelismTcu), 3);
  });

  it('does not multiply the minimum: back-to-back queries keep one block, billed once', () => {
    const clock = manualClock(T0);
    const model = new CapacityModel(clock, () => 200);
    for (let second = 0; second < 30; second += 1) {
      model.admit(light);
      clock.advance(1000);
    }
    clock.advance(60_000);
    // One block, allocated at 10:00:00 and released once held 30 s with nothing running: 120 TCU-s,
    // not 30 queries × the minimum (3,600).
    expect(model.tcuHours(T0, T0 + 3600_000) * 3600).toBeCloseTo(4 * 30, 6);
  });

  it('records the per-minute minimum and maximum of allocated TCU, for minutes with capacity only', () => {
    const clock = manualClock(T0);
    const model = new CapacityModel(clock, () => 200);
    clock.advance(10_000);
    const long = lasting(200);
    for (let index = 0; index < 8; index += 1) model.admit(long); // 8 × 4/7 → 8 TCU from 10:00:10 to ~10:03:30
    clock.advance(400_000);
    expect(model.minuteStats(T0, T0 + 3600_000)).toEqual([
      { minuteStartMs: T0, min: 0, max: 8 },
      { minuteStartMs: T0 + 60_000, min: 8, max: 8 },
      { minuteStartMs: T0 + 120_000, min: 8, max: 8 },
      { minuteStartMs: T0 + 180_000, min: 0, max: 8 },
    ]);
    expect(model.minuteStats(T0 + 3600_000, T0 + 7200_000)).toEqual([]);
  });

  it('survives a restart: history out, history in', () => {
    const clock = manualClock(T0);
    const model = new CapacityModel(clock, () => 200);
    model.admit(light);
    clock.advance(60_000);
    const copy = new CapacityModel(clock, () => 200);
    copy.restore(model.history());
    expect(copy.tcuHours(T0, T0 + 3600_000)).toBeCloseTo(model.tcuHours(T0, T0 + 3600_000), 9);
    expect(copy.minuteStats(T0, T0 + 3600_000)).toEqual(model.minuteStats(T0, T0 + 3600_000));
  });
});

describe('closed-loop runs against the published points (awslabs TCU harness, 4 TCU)', () => {
  const at4 = (users: number, shape: QueryShape) =>
    runClosedLoop({ users, maxQueryTcu: 4, shape, seconds: 60 }, DEFAULT_TCU_PROFILE);

  it('last-point, 7 users: ≈ 81 QPS, p90 < 150 ms (fitted: within 5 %)', () => {
    const run = at4(7, LAST_POINT);
    expect(run.queriesPerSecond / 81).toBeGreaterThan(0.95);
    expect(run.queriesPerSecond / 81).toBeLessThan(1.05);
    expect(run.latencyMs.p90).toBeLessThan(150);
    expect(run.throttled).toBe(0);
  });

  it('group-by, 14 users: ≈ 55 QPS (fitted: within 5 %)', () => {
    expect(at4(14, GROUP_BY).queriesPerSecond / 55).toBeCloseTo(1, 1);
  });

  it('last-point, 35 users: ≥ 67 QPS under 500 ms; group-by, 30 users: ≈ 46 QPS (within 25 %)', () => {
    const many = at4(35, LAST_POINT);
    expect(many.queriesPerSecond).toBeGreaterThanOrEqual(67);
    expect(many.queriesPerSecond / 67).toBeLessThan(1.25);
    expect(many.latencyMs.p50).toBeLessThan(500);
    expect(Math.abs(at4(30, GROUP_BY).queriesPerSecond / 46 - 1)).toBeLessThan(0.25);
  });

  it('60 last-point users on 4 TCU slow down without a throttle (as the harness saw)', () => {
    expect(at4(60, LAST_POINT).throttled).toBe(0);
  });
});
