import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OPTIMIZE_RUNS, parseJobOptions, type JobLimits } from '../../src/jobs/job-options.ts';

const limits: JobLimits = { maxWorkers: 200, maxDurationMs: 14 * 60_000, maxScale: 10 };

describe('parseJobOptions', () => {
  it('fills the defaults when nothing is given', () => {
    expect(parseJobOptions('optimize', {}, limits)).toEqual({
      ok: true,
      request: { kind: 'optimize', options: { runs: OPTIMIZE_RUNS.fallback } },
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
    expect(parseJobOptions('optimize', { runs: '100' }, limits)).toMatchObject({ request: { options: { runs: 100 } } });
    const loadtest = parseJobOptions('loadtest', { sql1: '50', sql2: '50', duration: '1m' }, limits);
    expect(loadtest).toMatchObject({
      ok: true,
      request: { kind: 'loadtest', options: { workers: { sql1: 50, sql2: 50 }, durationMs: 60_000 } },
    });
  });

  it.each([
    ['runs', '0'],
    ['runs', '-1'],
    ['runs', '1.5'],
    ['runs', '101'],
    ['runs', ' '],
    ['runs', 'Infinity'],
    ['runs', '1e3'],
  ])('refuses optimize %s=%s in both languages, naming the range', (key, value) => {
    const parsed = parseJobOptions('optimize', { [key]: value }, limits);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems('en')).toEqual([`runs must be a whole number from 1 to 100, not ${value}`]);
    expect(parsed.problems('zh-CN')).toEqual([`runs 必须是 1 到 100 之间的整数，而不是 ${value}`]);
  });

  it('refuses a scale of 0 or above the configured cap, and accepts the cap itself', () => {
    for (const value of ['0', '10.01', 'NaN', '-0.5']) {
      const parsed = parseJobOptions('datagen', { scale: value }, limits);
      expect(parsed.ok ? [] : parsed.problems('en')).toEqual([
        `scale must be a number above 0 and at most 10, not ${value}`,
      ]);
    }
    expect(parseJobOptions('datagen', { scale: '10' }, limits).ok).toBe(true);
  });

  it('lists every load-test problem at once, per language', () => {
    const parsed = parseJobOptions('loadtest', { sql1: '500', duration: 'soon', schema: 'x' }, limits);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems('en')).toHaveLength(3);
    expect(parsed.problems('zh-CN').join(' ')).toContain('超过上限 200 个并发');
  });

  it('accepts exactly the whole numbers 1–100 as runs (property)', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const parsed = parseJobOptions('optimize', { runs: text }, limits);
        const value = Number(text);
        const expected = text.trim() !== '' && Number.isInteger(value) && value >= 1 && value <= 100;
        expect(parsed.ok).toBe(expected);
        if (parsed.ok) expect(parsed.request.options).toEqual({ runs: value });
      }),
    );
  });
});
