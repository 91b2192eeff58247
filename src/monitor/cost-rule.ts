/**
 * The daily cost rule, pure: compare the last two complete UTC days (D-1 vs D-2) and alert when the
 * increase is above the threshold (default 10 %) and both the increase and D-1 reach a dollar floor
 * (default $1) — percentages alone are noisy on small bills (users of
 * percentage-only cost alerts report the noise, e.g. getsentry/sentry#54736).
 * No data is said as such, never as "0 %"; D-2 = 0 with D-1 above the floor is "new spend".
 */
import { addDays, type DailyCost } from './cost-source.ts';

export interface CostRulePolicy {
  readonly thresholdPercent: number;
  readonly floor: number;
}

export interface UsageTypeGrowth {
  readonly usageType: string;
  readonly before: number;
  readonly after: number;
  readonly delta: number;
}

export type CostVerdict =
  | { readonly kind: 'no-data'; readonly day: string; readonly reason: 'no-cost-lines' | 'day-missing' }
  | {
      readonly kind: 'alert' | 'ok';
      readonly reason: 'increase' | 'new-spend' | 'below-threshold' | 'below-floor' | 'decrease';
      readonly day: string;
      readonly previousDay: string;
      readonly cost: number;
      readonly previousCost: number;
      readonly delta: number;
      /** null when the previous day was 0 (an increase from nothing has no percentage). */
      readonly deltaPercent: number | null;
      readonly unit: string;
      readonly isProvisional: boolean;
      readonly topGrowth: readonly UsageTypeGrowth[];
    };

/** `today` is the current UTC day: D-1 = today − 1, D-2 = today − 2. */
export function evaluateCostRule(days: readonly DailyCost[], today: string, policy: CostRulePolicy): CostVerdict {
  const day = addDays(today, -1);
  const previousDay = addDays(today, -2);
  const current = days.find((entry) => entry.day === day);
  const previous = days.find((entry) => entry.day === previousDay);
  if (!current?.hasData) {
    return { kind: 'no-data', day, reason: current ? 'no-cost-lines' : 'day-missing' };
  }
  const cost = current.total;
  const previousCost = previous?.hasData ? previous.total : 0;
  const delta = cost - previousCost;
  const deltaPercent = previousCost > 0 ? (delta / previousCost) * 100 : null;
  const isAboveFloor = delta >= policy.floor && cost >= policy.floor;
  const isIncrease = deltaPercent === null ? delta > 0 : deltaPercent > policy.thresholdPercent;
  const [kind, reason] = decide(isIncrease, isAboveFloor, previousCost === 0, delta);
  return {
    kind,
    reason,
    day,
    previousDay,
    cost,
    previousCost,
    delta,
    deltaPercent,
    unit: current.unit,
    isProvisional: current.isEstimated || (previous?.isEstimated ?? false),
    topGrowth: growth(previous?.byUsageType ?? {}, current.byUsageType).slice(0, 3),
  };
}

function decide(
  isIncrease: boolean,
  isAboveFloor: boolean,
  isFromZero: boolean,
  delta: number,
): ['alert' | 'ok', 'increase' | 'new-spend' | 'below-threshold' | 'below-floor' | 'decrease'] {
  if (isIncrease && isAboveFloor) return ['alert', isFromZero ? 'new-spend' : 'increase'];
  if (isIncrease) return ['ok', 'below-floor'];
  return ['ok', delta < 0 ? 'decrease' : 'below-threshold'];
}

function growth(before: Readonly<Record<string, number>>, after: Readonly<Record<string, number>>): UsageTypeGrowth[] {
  const types = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...types]
    .map((usageType) => ({
      usageType,
      before: before[usageType] ?? 0,
      after: after[usageType] ?? 0,
      delta: (after[usageType] ?? 0) - (before[usageType] ?? 0),
    }))
    .filter((entry) => entry.delta > 0)
    .sort((a, b) => b.delta - a.delta);
}
