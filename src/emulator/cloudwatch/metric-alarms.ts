/**
 * CloudWatch metric alarms in the emulator: kept as PutMetricAlarm defined them, evaluated once a
 * minute on the emulator's own metrics, and on each state change the actions for the new state
 * published to their SNS topics as CloudWatch does — the alarm's JSON in the notification's
 * `Message` (CloudWatch User Guide, "Amazon SNS notifications when alarms change state" and
 * "Configuring how CloudWatch alarms treat missing data").
 *
 * Evaluation: the last `EvaluationPeriods` complete periods before now; a datapoint breaches when
 * it compares with the threshold as `ComparisonOperator` says; the alarm goes to ALARM when at least
 * `DatapointsToAlarm` of them breach. Missing datapoints count as `TreatMissingData` says: good
 * (notBreaching), bad (breaching), none at all (ignore: the state stays), or — if every period is
 * missing — INSUFFICIENT_DATA (missing, the default).
 */
import { regionDisplayName } from '../../alarms/region.ts';
import type { Clock } from '../../shared/clock.ts';
import type { CapacityReadings } from '../timestream/capacity/capacity-model.ts';
import { metricPoints, type MetricRef } from './get-metric-data.ts';

export type AlarmStateValue = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

export const COMPARISONS = {
  GreaterThanThreshold: (value: number, threshold: number) => value > threshold,
  GreaterThanOrEqualToThreshold: (value: number, threshold: number) => value >= threshold,
  LessThanThreshold: (value: number, threshold: number) => value < threshold,
  LessThanOrEqualToThreshold: (value: number, threshold: number) => value <= threshold,
} as const;
export type Comparison = keyof typeof COMPARISONS;
export const TREAT_MISSING = ['breaching', 'notBreaching', 'ignore', 'missing'] as const;
export type TreatMissing = (typeof TREAT_MISSING)[number];

/** What PutMetricAlarm stores (a single-metric alarm with a static threshold). */
export interface MetricAlarmDefinition {
  readonly AlarmName: string;
  readonly AlarmDescription?: string | undefined;
  readonly ActionsEnabled: boolean;
  readonly OKActions: readonly string[];
  readonly AlarmActions: readonly string[];
  readonly InsufficientDataActions: readonly string[];
  readonly Namespace: string;
  readonly MetricName: string;
  readonly Dimensions: readonly { readonly Name: string; readonly Value: string }[];
  readonly Statistic: string;
  readonly Period: number;
  readonly EvaluationPeriods: number;
  readonly DatapointsToAlarm: number;
  readonly Threshold: number;
  readonly ComparisonOperator: Comparison;
  readonly TreatMissingData: TreatMissing;
}

export interface MetricAlarm extends MetricAlarmDefinition {
  readonly AlarmArn: string;
  readonly configuredAtMs: number;
  state: AlarmStateValue;
  reason: string;
  stateUpdatedAtMs: number;
  /** The evaluation behind the state, as DescribeAlarms' StateReasonData carries it. */
  reasonData?: StateReasonData | undefined;
}

/** CloudWatch's StateReasonData for a threshold alarm (datapoints oldest first). */
export interface StateReasonData {
  readonly version: '1.0';
  readonly queryDate: string;
  readonly startDate: string;
  readonly statistic: string;
  readonly period: number;
  readonly recentDatapoints: readonly number[];
  readonly threshold: number;
}

/** One message to an SNS topic, as CloudWatch publishes it. */
export interface SnsPublication {
  readonly topicArn: string;
  readonly subject: string;
  readonly message: string;
}

export type Publish = (publication: SnsPublication) => Promise<void>;

export interface AlarmTransition {
  readonly alarmName: string;
  readonly from: AlarmStateValue;
  readonly to: AlarmStateValue;
  readonly atMs: number;
  readonly reason: string;
  /** Topics the new state's actions were published to. */
  readonly published: readonly string[];
}

export class MetricAlarms {
  private readonly alarms = new Map<string, MetricAlarm>();

  constructor(
    private readonly capacity: CapacityReadings,
    private readonly clock: Clock,
    private readonly account: { readonly region: string; readonly accountId: string },
    private readonly publish: Publish | undefined,
  ) {}

  /** Creates or replaces an alarm; a new alarm starts in INSUFFICIENT_DATA, a replaced one keeps its state. */
  put(definition: MetricAlarmDefinition): void {
    const now = this.clock.now();
    const existing = this.alarms.get(definition.AlarmName);
    this.alarms.set(definition.AlarmName, {
      ...definition,
      AlarmArn: `arn:aws:cloudwatch:${this.account.region}:${this.account.accountId}:alarm:${definition.AlarmName}`,
      configuredAtMs: now,
      state: existing?.state ?? 'INSUFFICIENT_DATA',
      reason: existing?.reason ?? 'Unchecked: Initial alarm creation',
      stateUpdatedAtMs: existing?.stateUpdatedAtMs ?? now,
    });
  }

  list(): readonly MetricAlarm[] {
    return [...this.alarms.values()].sort((a, b) => a.AlarmName.localeCompare(b.AlarmName));
  }

  delete(names: readonly string[]): void {
    for (const name of names) this.alarms.delete(name);
  }

  /**
   * Evaluates every alarm now. States change before anything is published, so two evaluations at the
   * same moment never publish a transition twice.
   */
  async evaluate(): Promise<AlarmTransition[]> {
    const now = this.clock.now();
    const changes: { alarm: MetricAlarm; from: AlarmStateValue }[] = [];
    for (const alarm of this.alarms.values()) {
      const verdict = evaluateAlarm(alarm, this.capacity, now);
      if (verdict === undefined || verdict.state === alarm.state) continue;
      changes.push({ alarm, from: alarm.state });
      alarm.state = verdict.state;
      alarm.reason = verdict.reason;
      alarm.reasonData = verdict.reasonData;
      alarm.stateUpdatedAtMs = now;
    }
    const transitions: AlarmTransition[] = [];
    for (const { alarm, from } of changes) {
      const topics = alarm.ActionsEnabled ? actionsFor(alarm).filter((arn) => arn.startsWith('arn:aws:sns:')) : [];
      const message = stateChangeMessage(alarm, from, this.account);
      const subject = `${alarm.state}: "${alarm.AlarmName}" in ${message.Region}`;
      // Without a subscriber (a standalone emulator), the state still changes; nothing is published.
      const published = this.publish ? topics : [];
      for (const topicArn of published) await this.publish!({ topicArn, subject, message: JSON.stringify(message) });
      transitions.push({
        alarmName: alarm.AlarmName,
        from,
        to: alarm.state,
        atMs: now,
        reason: alarm.reason,
        published,
      });
    }
    return transitions;
  }
}

function actionsFor(alarm: MetricAlarm): readonly string[] {
  if (alarm.state === 'ALARM') return alarm.AlarmActions;
  if (alarm.state === 'OK') return alarm.OKActions;
  return alarm.InsufficientDataActions;
}

/** The state the alarm's last periods call for, with CloudWatch's kind of reason; undefined: keep the state. */
export function evaluateAlarm(
  alarm: MetricAlarmDefinition,
  capacity: CapacityReadings,
  nowMs: number,
): { state: AlarmStateValue; reason: string; reasonData?: StateReasonData } | undefined {
  const periodMs = alarm.Period * 1000;
  const end = Math.floor(nowMs / periodMs) * periodMs;
  const start = end - alarm.EvaluationPeriods * periodMs;
  const metric: MetricRef = alarm;
  const points = metricPoints(capacity, metric, alarm.Statistic, alarm.Period, start, end) ?? [];
  const reasonData: StateReasonData = {
    version: '1.0',
    queryDate: new Date(nowMs).toISOString(),
    startDate: new Date(start).toISOString(),
    statistic: alarm.Statistic,
    period: alarm.Period,
    recentDatapoints: points.map(([, value]) => value),
    threshold: alarm.Threshold,
  };
  const breaches = COMPARISONS[alarm.ComparisonOperator];
  const breaching = points.filter(([, value]) => breaches(value, alarm.Threshold));
  const missing = alarm.EvaluationPeriods - points.length;
  const missingBreach = alarm.TreatMissingData === 'breaching' ? missing : 0;
  const needed = alarm.DatapointsToAlarm;
  const words = COMPARISON_WORDS[alarm.ComparisonOperator];
  const threshold = cloudWatchNumber(alarm.Threshold);
  if (points.length === 0) {
    if (alarm.TreatMissingData === 'ignore') return undefined;
    if (alarm.TreatMissingData === 'missing')
      return {
        state: 'INSUFFICIENT_DATA',
        reason: `Insufficient Data: ${alarm.EvaluationPeriods} datapoints were unknown.`,
      };
    const treated = alarm.TreatMissingData === 'breaching' ? 'Breaching' : 'NonBreaching';
    return {
      state: alarm.TreatMissingData === 'breaching' && missing >= needed ? 'ALARM' : 'OK',
      reason: `Threshold Crossed: no datapoints were received for ${alarm.EvaluationPeriods} periods and ${missing} missing datapoints were treated as [${treated}].`,
    };
  }
  const listed = (chosen: readonly [number, number][]) =>
    [...chosen]
      .reverse()
      .map(([ms, value]) => `${cloudWatchNumber(value)} (${reasonTime(ms)})`)
      .join(', ');
  if (breaching.length + missingBreach >= needed) {
    return {
      state: 'ALARM',
      reasonData,
      reason: `Threshold Crossed: ${breaching.length} out of the last ${points.length} datapoints [${listed(breaching)}] ${breaching.length === 1 ? 'was' : 'were'} ${words} the threshold (${threshold}) (minimum ${needed} datapoint${needed === 1 ? '' : 's'} for OK -> ALARM transition).`,
    };
  }
  const good = points.filter(([, value]) => !breaches(value, alarm.Threshold));
  return {
    state: 'OK',
    reasonData,
    reason: `Threshold Crossed: ${good.length} out of the last ${points.length} datapoints [${listed(good)}] ${good.length === 1 ? 'was' : 'were'} not ${words} the threshold (${threshold}) (minimum 1 datapoint for ALARM -> OK transition).`,
  };
}

const COMPARISON_WORDS: Readonly<Record<Comparison, string>> = {
  GreaterThanThreshold: 'greater than',
  GreaterThanOrEqualToThreshold: 'greater than or equal to',
  LessThanThreshold: 'less than',
  LessThanOrEqualToThreshold: 'less than or equal to',
};

/** CloudWatch writes numbers with at least one decimal: 100.0, 12.5. */
function cloudWatchNumber(value: number): string {
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}

/** CloudWatch's reasons write times as dd/MM/yy HH:mm:ss (UTC). */
function reasonTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(2, 4)} ${iso.slice(11, 19)}`;
}

/** `2026-12-04T00:05:00.000+0000`, as alarm notifications write times. */
function notificationTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** The JSON CloudWatch puts in the SNS notification's Message when an alarm changes state. */
export function stateChangeMessage(
  alarm: MetricAlarm,
  oldState: AlarmStateValue,
  account: { readonly region: string; readonly accountId: string },
): Record<string, unknown> & { Region: string } {
  return {
    AlarmName: alarm.AlarmName,
    AlarmDescription: alarm.AlarmDescription ?? null,
    AWSAccountId: account.accountId,
    AlarmConfigurationUpdatedTimestamp: notificationTime(alarm.configuredAtMs),
    NewStateValue: alarm.state,
    NewStateReason: alarm.reason,
    StateChangeTime: notificationTime(alarm.stateUpdatedAtMs),
    Region: regionDisplayName(account.region) ?? account.region,
    AlarmArn: alarm.AlarmArn,
    OldStateValue: oldState,
    OKActions: alarm.OKActions,
    AlarmActions: alarm.AlarmActions,
    InsufficientDataActions: alarm.InsufficientDataActions,
    Trigger: {
      MetricName: alarm.MetricName,
      Namespace: alarm.Namespace,
      StatisticType: 'Statistic',
      Statistic: alarm.Statistic.toUpperCase(),
      Unit: null,
      Dimensions: alarm.Dimensions.map((dimension) => ({ value: dimension.Value, name: dimension.Name })),
      Period: alarm.Period,
      EvaluationPeriods: alarm.EvaluationPeriods,
      DatapointsToAlarm: alarm.DatapointsToAlarm,
      ComparisonOperator: alarm.ComparisonOperator,
      Threshold: alarm.Threshold,
      TreatMissingData: alarm.TreatMissingData,
      EvaluateLowSampleCountPercentile: '',
    },
  };
}
