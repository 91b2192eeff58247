/**
 * The monitoring use cases: read the status `/tcu status` shows, evaluate the daily cost rule, and the
 * scheduled check that posts the alert through the outbox at most once per day (the outbox's dedupe
 * by item id `cost-alert:<day>` holds across handler retries). Figures are always logged.
 */
import type { Outbox } from '../chat/outbox/outbox.ts';
import type { OpenAlarmSource } from './open-alarms.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import { costAlertNotice } from './cost-notice.ts';
import { evaluateCostRule, type CostRulePolicy, type CostVerdict } from './cost-rule.ts';
import { addDays, utcDay, type CostSource } from './cost-source.ts';
import type { StatusReport } from './status-notice.ts';
import { lastCompleteMinuteStart, tcuStatus } from './tcu-status.ts';
import type { TcuSource } from './tcu-source.ts';

export interface MonitorDeps {
  readonly tcu: TcuSource;
  /** The alarms now in ALARM (`/alarms`). */
  readonly alarms?: OpenAlarmSource;
  readonly cost: CostSource;
  readonly clock: Clock;
  readonly costPolicy: CostRulePolicy;
  readonly costMetric: string;
  /** The sources are the local emulator's models. */
  readonly isLocalEstimate: boolean;
}

export async function readStatus(deps: MonitorDeps): Promise<StatusReport> {
  const now = deps.clock.now();
  const end = lastCompleteMinuteStart(now) + 60_000;
  const today = utcDay(now);
  const monthStart = `${today.slice(0, 8)}01`;
  const from = [monthStart, addDays(today, -2)].sort()[0]!;
  const [minutes, settings, days] = await Promise.all([
    deps.tcu.minuteTcu(end - 24 * 3600_000, end),
    deps.tcu.accountSettings(),
    deps.cost.dailyCosts(from, addDays(today, 1)),
  ]);
  return {
    tcu: tcuStatus(minutes, settings, now),
    verdict: evaluateCostRule(days, today, deps.costPolicy),
    monthToDate: days.filter((day) => day.day >= monthStart && day.day < today),
    today: days.find((day) => day.day === today),
    costMetric: deps.costMetric,
    isLocalEstimate: deps.isLocalEstimate,
  };
}

/** The rule for the day before `today` (default: the current UTC day). */
export async function checkCost(deps: MonitorDeps, today = utcDay(deps.clock.now())): Promise<CostVerdict> {
  const days = await deps.cost.dailyCosts(addDays(today, -3), today);
  return evaluateCostRule(days, today, deps.costPolicy);
}

export interface DailyCheckDeps extends MonitorDeps {
  readonly outbox: Outbox;
  readonly logger: Logger;
}

export async function runDailyCostCheck(
  deps: DailyCheckDeps,
  options: { today?: string; deadlineAtMs?: number } = {},
): Promise<{ verdict: CostVerdict; posted: boolean }> {
  const verdict = await checkCost(deps, options.today);
  deps.logger.info('daily cost check', { verdict });
  if (verdict.kind !== 'alert') return { verdict, posted: false };
  await deps.outbox.deliver(
    {
      id: `cost-alert:${verdict.day}`,
      compose: (locale) => costAlertNotice(verdict, deps.costPolicy, deps.costMetric, locale, deps.isLocalEstimate),
      digest: {
        id: `cost-alert:${verdict.day}`,
        severity: 'warning',
        state: 'MESSAGE',
        name: `Timestream cost ${verdict.day}`,
        regionCode: undefined,
        atMs: deps.clock.now(),
      },
    },
    options.deadlineAtMs === undefined ? {} : { deadlineAtMs: options.deadlineAtMs },
  );
  return { verdict, posted: true };
}
