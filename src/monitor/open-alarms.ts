/**
 * `/alarms`: the alarms now in ALARM (CloudWatch DescribeAlarms, metric and composite), worst first —
 * metric alarms by how far their latest datapoint is past the threshold (StateReasonData), then
 * the longest in ALARM; composite alarms after them. Each is read into the same alarm model as an SNS
 * message, so its graph and console link are drawn by the alarm path's own code.
 */
import { DescribeAlarmsCommand, type CloudWatchClient, type MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { parseCloudWatchAlarm, type CloudWatchAlarm } from '../alarms/cloudwatch-alarm.ts';

/** At most this many alarms are read (two pages). */
export const MAX_OPEN_ALARMS = 100;

export interface OpenAlarm {
  readonly alarm: CloudWatchAlarm;
  /** Latest datapoint ÷ threshold, as "how far past" (≥ 1 when breaching); undefined when not known. */
  readonly breach: number | undefined;
}

export interface OpenAlarmSource {
  openAlarms(): Promise<OpenAlarm[]>;
}

const ABOVE = new Set(['GreaterThanThreshold', 'GreaterThanOrEqualToThreshold']);
const BELOW = new Set(['LessThanThreshold', 'LessThanOrEqualToThreshold']);

/** How far the latest datapoint is past the threshold, from StateReasonData. */
function breachOf(metric: MetricAlarm): number | undefined {
  if (!metric.StateReasonData || metric.Threshold === undefined || metric.Threshold === 0) return undefined;
  let latest: number | undefined;
  try {
    const data = JSON.parse(metric.StateReasonData) as { recentDatapoints?: unknown };
    const points = Array.isArray(data.recentDatapoints)
      ? data.recentDatapoints.filter((v) => typeof v === 'number')
      : [];
    latest = points.at(-1);
  } catch {
    return undefined;
  }
  if (latest === undefined) return undefined;
  if (ABOVE.has(metric.ComparisonOperator ?? '')) return latest / metric.Threshold;
  if (BELOW.has(metric.ComparisonOperator ?? ''))
    return latest === 0 ? Number.POSITIVE_INFINITY : metric.Threshold / latest;
  return undefined;
}

/** A DescribeAlarms metric alarm in the shape of an SNS alarm message, read by the same parser. */
function asAlarm(metric: MetricAlarm): CloudWatchAlarm | undefined {
  const parsed = parseCloudWatchAlarm({
    AlarmName: metric.AlarmName,
    AlarmArn: metric.AlarmArn,
    AlarmDescription: metric.AlarmDescription,
    NewStateValue: metric.StateValue,
    NewStateReason: metric.StateReason,
    StateChangeTime: (metric.StateTransitionedTimestamp ?? metric.StateUpdatedTimestamp ?? new Date()).toISOString(),
    Trigger: metric.Metrics?.length
      ? {
          Metrics: metric.Metrics.map((query) => ({ ...query })),
          ThresholdMetricId: metric.ThresholdMetricId,
          EvaluationPeriods: metric.EvaluationPeriods,
          ComparisonOperator: metric.ComparisonOperator,
          Threshold: metric.Threshold,
        }
      : {
          MetricName: metric.MetricName,
          Namespace: metric.Namespace,
          Statistic: metric.Statistic?.toUpperCase(),
          ExtendedStatistic: metric.ExtendedStatistic,
          Dimensions: (metric.Dimensions ?? []).map((dimension) => ({ name: dimension.Name, value: dimension.Value })),
          Period: metric.Period,
          EvaluationPeriods: metric.EvaluationPeriods,
          DatapointsToAlarm: metric.DatapointsToAlarm,
          ComparisonOperator: metric.ComparisonOperator,
          Threshold: metric.Threshold,
          TreatMissingData: metric.TreatMissingData,
        },
  });
  return parsed.ok ? parsed.alarm : undefined;
}

/** Worst first: the furthest past the threshold, then the longest in ALARM; composite alarms last. */
export function worstFirst(alarms: readonly OpenAlarm[]): OpenAlarm[] {
  const rank = (open: OpenAlarm) => (open.alarm.kind === 'composite' ? 2 : open.breach === undefined ? 1 : 0);
  return [...alarms].sort(
    (a, b) =>
      rank(a) - rank(b) || (b.breach ?? 0) - (a.breach ?? 0) || a.alarm.stateChangedAtMs - b.alarm.stateChangedAtMs,
  );
}

export function cloudWatchOpenAlarms(client: CloudWatchClient): OpenAlarmSource {
  return {
    async openAlarms() {
      const found: OpenAlarm[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new DescribeAlarmsCommand({
            StateValue: 'ALARM',
            AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
            MaxRecords: 50,
            NextToken: token,
          }),
        );
        for (const metric of page.MetricAlarms ?? []) {
          const alarm = asAlarm(metric);
          if (alarm) found.push({ alarm, breach: breachOf(metric) });
        }
        for (const composite of page.CompositeAlarms ?? []) {
          const parsed = parseCloudWatchAlarm({
            AlarmName: composite.AlarmName,
            AlarmArn: composite.AlarmArn,
            AlarmDescription: composite.AlarmDescription,
            NewStateValue: composite.StateValue,
            NewStateReason: composite.StateReason,
            StateChangeTime: (composite.StateTransitionedTimestamp ?? new Date()).toISOString(),
            AlarmRule: composite.AlarmRule,
          });
          if (parsed.ok) found.push({ alarm: parsed.alarm, breach: undefined });
        }
        token = page.NextToken;
      } while (token && found.length < MAX_OPEN_ALARMS);
      return worstFirst(found.slice(0, MAX_OPEN_ALARMS));
    },
  };
}
