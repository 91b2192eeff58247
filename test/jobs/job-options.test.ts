import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OPTIMIZE_WORKLOAD, parseJobOptions, type JobLimits } from '../../src/jobs/job-options.ts';

const limits: JobLimits = {
  maxWorkers: 200,
  maxTotalWorkers: 200,
  maxRatePerSecond: 200,
  maxDurationMs: 14 * 60_000,
  maxScale: 10,
};

describe('parseJobOptions', () => {
  it('fills the defaults when nothing is given', () => {
    expect(parseJobOptions('optimize', {}, limits)).toEqual({
      ok: true,
      request: {
        kind: 'optimize',
        options: { rate: OPTIMIZE_WORKLOAD.rate.fallback, duration: OPTIMIZE_WORKLOAD.durationMs.fallback },
      },
    });
    expect(parseJobOptions('datagen', {}, limits)).toEqual({
      ok: true,
      request: { kind: 'datagen', options: { scale: 1 } },
    });
    expect(parseJobOptions('setup', {}, limits)).toEqual({ ok: true, request: { kind: 'setup', options: {} } });
  });

  it('types the settings: text becomes numbers the worker runs with', () => {
    expect(parseJobOptions('datagen', { scale: '0.5' }, limits)).toMatchObject({
      request: { options: { scale: 0.5 } },
    });
    expect(parseJobOptions('optimize', { rate: '2.5', duration: '2m', maxquerytcu: '8' }, limits)).toMatchObject({
      request: { options: { rate: 2.5, duration: 120_000, maxquerytcu: 8 } },
    });
    const loadtest = parseJobOptions('loadtest', { sql1: '50', sql2: '50', duration: '1m' }, limits);
    expect(loadtest).toMatchObject({
      ok: true,
      request: { kind: 'loadtest', options: { workers: { sql1: 50, sql2: 50 }, durationMs: 60_000 } },
    });
  });

  it.each([
    ['rate', '0', 'rate must be a number above 0 and at most 50, not 0', 'rate 必须大于 0 且不超过 50，而不是 0'],
    ['rate', '51', 'rate must be a number above 0 and at most 50, not 51', 'rate 必须大于 0 且不超过 50，而不是 51'],
    [
      'duration',
      '30',
      'duration must be a duration with its unit from 10s to 4m, not 30',
      'duration 必须是带单位的时长，从 10s 到 4m，而不是 30',
    ],
    [
      'duration',
      '6m',
      'duration must be a duration with its unit from 10s to 4m, not 6m',
      'duration 必须是带单位的时长，从 10s 到 4m，而不是 6m',
    ],
    [
      'maxquerytcu',
      '6',
      'maxquerytcu must be a multiple of 4 from 4 to 1000, not 6',
      'maxquerytcu 必须是 4 到 1000 之间 4 的倍数，而不是 6',
    ],
  ])('refuses optimize %s=%s in both languages, naming the range', (key, value, english, chinese) => {
    const parsed = parseJobOptions('optimize', { [key]: value }, limits);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems('en')).toEqual([english]);
    expect(parsed.problems('zh-CN')).toEqual([chinese]);
  });

  it('refuses a scale of 0 or above the configured cap, and accepts the cap itself', () => {
    for (const value of ['0', '10.01', 'NaN', '-0.5']) {
      const parsed = parseJobOptions('datagen', { scale: value }, limits);
      expect(parsed.ok ? [] : parsed.problems('en')).toEqual([`scale must be a number from 0.1 to 10, not ${value}`]);
    }
    expect(parseJobOptions('datagen', { scale: '10' }, limits).ok).toBe(true);
  });

  it('caps the arrival rate per query and the workers in total, before anything starts (both languages)', () => {
    const flood = parseJobOptions('loadtest', { sql1: '1', rate: '100000000', duration: '5s' }, limits);
    if (flood.ok) throw new Error('a rate of 100,000,000 a second was accepted');
    expect(flood.problems('en')).toEqual(['rate=100000000 is over the limit of 200 arrivals a second per query']);
    expect(flood.problems('zh-CN')[0]).toContain('每秒最多 200 次');
    const crowd = parseJobOptions('loadtest', { sql1: '150', sql2: '150' }, limits);
    if (crowd.ok) throw new Error('300 workers in total were accepted');
    expect(crowd.problems('en')).toEqual(['sql1 + sql2 = 300 workers is over the limit of 200 in total']);
    expect(parseJobOptions('loadtest', { sql1: '100', sql2: '100', rate: '200' }, limits).ok).toBe(true);
  });

  it('lists every load-test problem at once, per language', () => {
    const parsed = parseJobOptions('loadtest', { sql1: '500', duration: 'soon', schema: 'x' }, limits);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems('en')).toHaveLength(3);
    expect(parsed.problems('zh-CN').join(' ')).toContain('超过上限 200 个并发');
  });

  it('accepts exactly the multiples of 4 from 4 to 1000 as maxquerytcu (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.integer({ min: -10, max: 1100 }).map(String)), (text) => {
        const parsed = parseJobOptions('optimize', { maxquerytcu: text }, limits);
        const value = Number(text);
        const expected =
          text.trim() !== '' && Number.isInteger(value) && value >= 4 && value <= 1000 && value % 4 === 0;
        expect(parsed.ok).toBe(expected);
        if (parsed.ok && parsed.request.kind === 'optimize') expect(parsed.request.options.maxquerytcu).toBe(value);
      }),
    );
  });
});
