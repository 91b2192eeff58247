/**
 * The bot's production paths, run on the story's clock: CloudWatch's SNS publications go, as the
 * alarm function receives them (a Lambda SNS event), through `forwardSnsEvent` and the outbox to the
 * story's destinations; the morning cost check is `runDailyCostCheck` through the same outbox.
 */
import { MemoryAlarmHistory } from '../../alarms/alarm-history.ts';
import { forwardSnsEvent } from '../../alarms/forward.ts';
import { lambdaSnsEvent } from '../../alarms/lambda-sns-event.ts';
import type { Destination } from '../../chat/destination.ts';
import { MemoryDeliveryStore } from '../../chat/outbox/delivery-store.ts';
import { Outbox } from '../../chat/outbox/outbox.ts';
import type { AlarmTransition, SnsPublication } from '../../emulator/cloudwatch/metric-alarms.ts';
import type { CostVerdict } from '../../monitor/cost-rule.ts';
import { utcDay } from '../../monitor/cost-source.ts';
import { runDailyCostCheck, type MonitorDeps } from '../../monitor/monitor.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';

/** How long one notification or cost check may take to deliver (virtual time). */
const DELIVERY_BUDGET_MS = 60_000;

export interface StoryAlarmChange {
  readonly from: string;
  readonly to: string;
  readonly atMs: number;
  readonly reason: string;
  /** The alarm function's code forwarded it to every destination. */
  readonly delivered: boolean;
}

export interface StoryCostCheck {
  readonly atMs: number;
  readonly verdict: CostVerdict;
  /** The alert went out through the outbox. */
  readonly posted: boolean;
}

export class StoryDelivery {
  private readonly outbox: Outbox;
  private readonly history = new MemoryAlarmHistory();
  /** Outcomes of the publications made during the evaluation in progress. */
  private outcomes: boolean[] = [];

  constructor(
    private readonly deps: {
      readonly destinations: readonly Destination[];
      readonly logger: Logger;
      readonly timeZone: string;
    },
    private readonly clock: Clock,
  ) {
    this.outbox = new Outbox({
      destinations: deps.destinations,
      store: new MemoryDeliveryStore(),
      clock,
      logger: deps.logger,
      timeZone: deps.timeZone,
    });
  }

  /** The emulator's SNS subscriber. Never throws: a notification that did not go out is recorded as such. */
  readonly publish = async (publication: SnsPublication): Promise<void> => {
    try {
      await forwardSnsEvent(lambdaSnsEvent([publication], this.clock.now()), {
        outbox: this.outbox,
        history: this.history,
        timeZone: this.deps.timeZone,
        logger: this.deps.logger,
        deadlineAtMs: this.clock.now() + DELIVERY_BUDGET_MS,
      });
      this.outcomes.push(true);
    } catch (error) {
      this.outcomes.push(false);
      this.deps.logger.error('story: alarm notification not delivered', { error: error as Error });
    }
  };

  /** Runs one alarm evaluation; each state change says whether its notification was delivered. */
  async evaluate(evaluateAlarms: () => Promise<AlarmTransition[]>): Promise<StoryAlarmChange[]> {
    this.outcomes = [];
    const transitions = await evaluateAlarms();
    const delivered = this.outcomes.every(Boolean);
    return transitions.map((transition) => ({
      from: transition.from,
      to: transition.to,
      atMs: transition.atMs,
      reason: transition.reason,
      delivered: transition.published.length > 0 && delivered,
    }));
  }

  /** The scheduled daily cost check, for the day that starts at `dayMs` (it judges the day before). */
  async costCheck(monitor: MonitorDeps, dayMs: number): Promise<StoryCostCheck> {
    const outcome = await runDailyCostCheck(
      { ...monitor, outbox: this.outbox, logger: this.deps.logger },
      { today: utcDay(dayMs), deadlineAtMs: this.clock.now() + DELIVERY_BUDGET_MS },
    );
    return { atMs: this.clock.now(), ...outcome };
  }
}
