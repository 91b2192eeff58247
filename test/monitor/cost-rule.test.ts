import { describe, expect, it } from 'vitest';
import { evaluateCostRule } from '../../src/monitor/cost-rule.ts';
import type { DailyCost } from '../../src/monitor/cost-source.ts';

const TODAY = '2025-06-01';
const policy = { thresholdPercent: 10, floor: 1 };

function day(
  date: string,
  byUsageType: Record<string, number>,
  options: { isEstimated?: boolean; hasData?: boolean } = {},
): DailyCost {
  const total = Object.values(byUsageType).reduce((sum, value) => sum + value, 0);
  return {
    day: date,
    total,
    unit: 'USD',
    byUsageType,
    isEstimated: options.isEstimated ?? false,
    hasData: options.hasData ?? total > 0,
  };
}

const verdict = (
  d2: Record<string, number> | null,
  d1: Record<string, number> | null,
  options: { estimated?: boolean } = {},
) =>
  evaluateCostRule(
    [
      ...(d2 ? [day('2025-05-30', d2)] : []),
      ...(d1 ? [day('2025-05-31', d1, { isEstimated: options.estimated })] : []),
    ],
    TODAY,
    policy,
  );

describe('evaluateCostRule (D-1 = 2025-05-31 vs D-2 = 2025-05-30, across the month end)', () => {
  it.each([
    ['+10 % exactly is not above the threshold', { a: 10 }, { a: 11 }, 'ok', 'below-threshold'],
    ['+10.1 % above the floor alerts', { a: 10 }, { a: 11.01 }, 'alert', 'increase'],
    ['+50 % but the increase is under $1', { a: 1 }, { a: 1.5 }, 'ok', 'below-floor'],
    ['+100 % but D-1 itself is under $1', { a: 0.4 }, { a: 0.8 }, 'ok', 'below-floor'],
    ['an increase of exactly $1 to $1 from 0 is new spend', null, { a: 1 }, 'alert', 'new-spend'],
    ['new spend under the floor', null, { a: 0.5 }, 'ok', 'below-floor'],
    ['a decrease', { a: 20 }, { a: 15 }, 'ok', 'decrease'],
    ['flat', { a: 20 }, { a: 20 }, 'ok', 'below-threshold'],
  ])('%s', (_case, d2, d1, kind, reason) => {
    expect(verdict(d2, d1)).toMatchObject({ kind, reason });
  });

  it('reports figures, a null percentage from zero, and provisional days', () => {
    expect(verdict({ a: 10 }, { a: 12.5 }, { estimated: true })).toMatchObject({
      day: '2025-05-31',
      previousDay: '2025-05-30',
      cost: 12.5,
      previousCost: 10,
      delta: 2.5,
      deltaPercent: 25,
      isProvisional: true,
    });
    expect(verdict(null, { a: 3 })).toMatchObject({ deltaPercent: null, previousCost: 0 });
  });

  it('names the usage types that grew most, largest first', () => {
    const result = verdict({ tcu: 10, writes: 2, memory: 1 }, { tcu: 18, writes: 2.5, memory: 0.5, magnetic: 1 });
    expect(result.kind === 'alert' && result.topGrowth).toEqual([
      { usageType: 'tcu', before: 10, after: 18, delta: 8 },
      { usageType: 'magnetic', before: 0, after: 1, delta: 1 },
      { usageType: 'writes', before: 2, after: 2.5, delta: 0.5 },
    ]);
  });

  it('says no data — never 0 % — when D-1 is missing or empty', () => {
    expect(verdict({ a: 10 }, null)).toEqual({ kind: 'no-data', day: '2025-05-31', reason: 'day-missing' });
    expect(
      evaluateCostRule([day('2025-05-30', { a: 10 }), day('2025-05-31', {}, { hasData: false })], TODAY, policy),
    ).toEqual({
      kind: 'no-data',
      day: '2025-05-31',
      reason: 'no-cost-lines',
    });
  });

  it('crosses a year boundary', () => {
    const result = evaluateCostRule([day('2024-12-30', { a: 10 }), day('2024-12-31', { a: 20 })], '2025-01-01', policy);
    expect(result).toMatchObject({ kind: 'alert', day: '2024-12-31', previousDay: '2024-12-30' });
  });
});
