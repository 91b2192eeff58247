/** `/cost check` shows the rule's verdict: a day that did not alert is never titled as a rise. */
import { describe, expect, it } from 'vitest';
import { costAlertNotice } from '../../src/monitor/cost-notice.ts';
import type { CostVerdict } from '../../src/monitor/cost-rule.ts';

const base = {
  day: '2026-12-03',
  previousDay: '2026-12-02',
  unit: 'USD',
  isProvisional: false,
  topGrowth: [],
} as const;
const policy = { thresholdPercent: 10, floor: 1 };
const down: CostVerdict = {
  ...base,
  kind: 'ok',
  reason: 'decrease',
  cost: 300,
  previousCost: 1600,
  delta: -1300,
  deltaPercent: -81.25,
};
const up: CostVerdict = {
  ...down,
  kind: 'alert',
  reason: 'increase',
  cost: 1600,
  previousCost: 300,
  delta: 1300,
  deltaPercent: 433.3,
};

describe('costAlertNotice', () => {
  it('titles a decrease as one, as information, with no next steps', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const notice = costAlertNotice(down, policy, 'UnblendedCost', locale, true);
      expect(notice.severity).toBe('info');
      expect(notice.title).not.toMatch(/up day over day|上涨/);
      expect(notice.sections).toEqual([]);
    }
    expect(
      costAlertNotice(down as Extract<CostVerdict, { kind: 'ok' }>, policy, 'UnblendedCost', 'en', true).title,
    ).toContain('cost down');
  });

  it('titles an alert as a rise, as a warning', () => {
    const notice = costAlertNotice(up, policy, 'UnblendedCost', 'en', false);
    expect(notice.severity).toBe('warning');
    expect(notice.title).toContain('cost up day over day');
  });
});
