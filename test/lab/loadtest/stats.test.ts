import { describe, expect, it } from 'vitest';
import type { QuerySample } from '../../../src/lab/loadtest/sample.ts';
import { percentile, SampleLog, summarize } from '../../../src/lab/loadtest/stats.ts';

function sample(outcome: string, latencyMs: number, overrides: Partial<QuerySample> = {}): QuerySample {
  return {
    query: 'sql1',
    intendedStart: 1000,
    start: 1000,
    end: 1000 + latencyMs,
    outcome,
    bytesScanned: 10,
    pages: 1,
    ...overrides,
  };
}

describe('percentile (nearest rank)', () => {
  it('reads the value at ceil(p/100 × n), clamped to the array', () => {
    const sorted = Array.from({ length: 100 }, (_, index) => index + 1);
    expect([50, 90, 95, 99, 100].map((p) => percentile(sorted, p))).toEqual([50, 90, 95, 99, 100]);
    expect(percentile([7], 0)).toBe(7);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBe(0);
  });
});

describe('summarize', () => {
  it('with no success: counts stay honest and latency is absent, not 0', () => {
    const stats = summarize([sample('ValidationException', 5), sample('unfinished', 9)], 1000);
    expect(stats).toMatchObject({ started: 2, succeeded: 0, failed: 1, unfinished: 1, throttled: 0 });
    expect(stats.latencyMs).toBeNull();
    expect(stats.serviceTimeMs).toBeNull();
    expect(stats.queriesPerSecond).toBe(0);
    expect(stats.bytesScanned).toBe(0);
    expect(stats.pages).toBe(2);
  });

  it('all throttled: throttles apart from failures, each by its exception name', () => {
    const stats = summarize(
      Array.from({ length: 30 }, () => sample('ThrottlingException', 2)),
      1000,
    );
    expect(stats).toMatchObject({ started: 30, succeeded: 0, throttled: 30, failed: 0 });
    expect(stats.errorsByName).toEqual({ ThrottlingException: 30 });
  });

  it('one sample is every percentile', () => {
    const stats = summarize([sample('ok', 42.26, { start: 1010 })], 2000);
    expect(stats.latencyMs).toEqual({ p50: 42.3, p90: 42.3, p95: 42.3, p99: 42.3, max: 42.3 });
    expect(stats.serviceTimeMs?.p50).toBe(32.3);
    expect(stats.queriesPerSecond).toBe(0.5);
  });

  it('latency counts from the intended start, service time from the actual one', () => {
    const late = sample('ok', 0, { intendedStart: 0, start: 900, end: 1000 });
    const stats = summarize([late], 1000);
    expect(stats.latencyMs?.p50).toBe(1000);
    expect(stats.serviceTimeMs?.p50).toBe(100);
  });

  it('keeps huge values exact and orders them numerically, not as text', () => {
    const huge = [9e12, 1e3, 2e13, 5, 8e11].map((latency) => sample('ok', latency));
    const stats = summarize(huge, 60_000);
    expect(stats.latencyMs).toEqual({ p50: 8e11, p90: 2e13, p95: 2e13, p99: 2e13, max: 2e13 });
  });

  it('passes dropped arrivals through and sums bytes of successes only', () => {
    const stats = summarize([sample('ok', 1, { bytesScanned: 500 }), sample('ThrottlingException', 1)], 1000, 7);
    expect(stats.dropped).toBe(7);
    expect(stats.bytesScanned).toBe(500);
  });
});

describe('SampleLog', () => {
  it("keeps each query's totals, and hands each view the calls since it last looked, once", () => {
    const log = new SampleLog(['progress', 'ticks']);
    log.add(sample('ok', 10));
    log.add(sample('ok', 20, { query: 'sql2' }));
    expect(log.take('progress').map((each) => each.end)).toEqual([1010, 1020]);
    log.add(sample('ThrottlingException', 30));
    expect(log.take('progress').map((each) => each.end)).toEqual([1030]);
    expect(log.take('progress')).toEqual([]);
    expect(log.take('ticks')).toHaveLength(3);
    expect(log.size).toBe(3);
    expect(log.totalsOf('sql1').stats(1000)).toEqual(
      summarize([sample('ok', 10), sample('ThrottlingException', 30)], 1000),
    );
    expect(log.totalsOf().stats(1000, 2)).toEqual(
      summarize([sample('ok', 10), sample('ok', 20, { query: 'sql2' }), sample('ThrottlingException', 30)], 1000, 2),
    );
    expect(() => log.take('elsewhere')).toThrow(/no view elsewhere/);
  });
});
