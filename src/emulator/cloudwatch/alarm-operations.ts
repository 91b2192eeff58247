/**
 * CloudWatch PutMetricAlarm, DescribeAlarms and DeleteAlarms (AWS JSON 1.0, as GetMetricData) for
 * single-metric alarms with a static threshold — the kind serverless.yml's QueryTCU alarm is.
 * Metric-math, anomaly-detection and composite alarms are refused by name.
 */
import { z } from 'zod';
import { AwsError } from '../errors.ts';
import { defineOperation } from '../timestream/operations/operation.ts';
import { COMPARISONS, TREAT_MISSING, type Comparison, type MetricAlarm } from './metric-alarms.ts';

const NAMESPACE = 'com.amazonaws.cloudwatch';
const invalid = (message: string) => new AwsError('InvalidParameterValueException', message, {}, NAMESPACE);
const STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'] as const;

const name = z.string().min(1).max(255);
const actions = z.array(z.string().min(1).max(1024)).max(5).optional();

const putMetricAlarmInput = z.object({
  AlarmName: name,
  AlarmDescription: z.string().max(1024).optional(),
  ActionsEnabled: z.boolean().optional(),
  OKActions: actions,
  AlarmActions: actions,
  InsufficientDataActions: actions,
  MetricName: z.string().min(1).max(255).optional(),
  Namespace: z.string().min(1).max(255).optional(),
  Statistic: z.enum(STATISTICS).optional(),
  ExtendedStatistic: z.string().optional(),
  Dimensions: z
    .array(z.object({ Name: z.string().min(1).max(255), Value: z.string().min(1).max(1024) }))
    .max(30)
    .optional(),
  Period: z.number().int().positive().optional(),
  Unit: z.string().optional(),
  EvaluationPeriods: z.number().int().min(1),
  DatapointsToAlarm: z.number().int().min(1).optional(),
  Threshold: z.number().optional(),
  ComparisonOperator: z.string(),
  TreatMissingData: z.enum(TREAT_MISSING).optional(),
  EvaluateLowSampleCountPercentile: z.string().optional(),
  Metrics: z.array(z.unknown()).optional(),
  ThresholdMetricId: z.string().optional(),
  Tags: z.array(z.object({ Key: z.string(), Value: z.string() })).optional(),
});

export const putMetricAlarm = defineOperation('PutMetricAlarm', putMetricAlarmInput, (input, { alarms }) => {
  if (input.Metrics || input.ThresholdMetricId)
    throw invalid('Metric-math and anomaly-detection alarms are not supported by the tcu-bot emulator.');
  if (input.ExtendedStatistic) throw invalid('Extended statistics are not supported by the tcu-bot emulator.');
  if (!input.MetricName || !input.Namespace || !input.Statistic || input.Period === undefined)
    throw invalid('A metric alarm needs MetricName, Namespace, Statistic and Period.');
  if (input.Threshold === undefined) throw invalid('A static-threshold alarm needs Threshold.');
  if (!(input.ComparisonOperator in COMPARISONS))
    throw invalid(
      `ComparisonOperator ${input.ComparisonOperator} is not supported by the tcu-bot emulator (${Object.keys(COMPARISONS).join(', ')} are).`,
    );
  if (input.Period % 60 !== 0) throw invalid('The emulator evaluates periods that are multiples of 60 seconds.');
  const datapoints = input.DatapointsToAlarm ?? input.EvaluationPeriods;
  if (datapoints > input.EvaluationPeriods)
    throw invalid('DatapointsToAlarm must be less than or equal to EvaluationPeriods.');
  alarms.put({
    AlarmName: input.AlarmName,
    AlarmDescription: input.AlarmDescription,
    ActionsEnabled: input.ActionsEnabled ?? true,
    OKActions: input.OKActions ?? [],
    AlarmActions: input.AlarmActions ?? [],
    InsufficientDataActions: input.InsufficientDataActions ?? [],
    Namespace: input.Namespace,
    MetricName: input.MetricName,
    Dimensions: input.Dimensions ?? [],
    Statistic: input.Statistic,
    Period: input.Period,
    EvaluationPeriods: input.EvaluationPeriods,
    DatapointsToAlarm: datapoints,
    Threshold: input.Threshold,
    ComparisonOperator: input.ComparisonOperator as Comparison,
    TreatMissingData: input.TreatMissingData ?? 'missing',
  });
  return {};
});

function describe(alarm: MetricAlarm): Record<string, unknown> {
  const seconds = (ms: number) => ms / 1000;
  return {
    AlarmName: alarm.AlarmName,
    AlarmArn: alarm.AlarmArn,
    AlarmDescription: alarm.AlarmDescription,
    AlarmConfigurationUpdatedTimestamp: seconds(alarm.configuredAtMs),
    ActionsEnabled: alarm.ActionsEnabled,
    OKActions: alarm.OKActions,
    AlarmActions: alarm.AlarmActions,
    InsufficientDataActions: alarm.InsufficientDataActions,
    StateValue: alarm.state,
    StateReason: alarm.reason,
    ...(alarm.reasonData ? { StateReasonData: JSON.stringify(alarm.reasonData) } : {}),
    StateUpdatedTimestamp: seconds(alarm.stateUpdatedAtMs),
    StateTransitionedTimestamp: seconds(alarm.stateUpdatedAtMs),
    MetricName: alarm.MetricName,
    Namespace: alarm.Namespace,
    Statistic: alarm.Statistic,
    Dimensions: alarm.Dimensions,
    Period: alarm.Period,
    EvaluationPeriods: alarm.EvaluationPeriods,
    DatapointsToAlarm: alarm.DatapointsToAlarm,
    Threshold: alarm.Threshold,
    ComparisonOperator: alarm.ComparisonOperator,
    TreatMissingData: alarm.TreatMissingData,
  };
}

export const describeAlarms = defineOperation(
  'DescribeAlarms',
  z.object({
    AlarmNames: z.array(name).max(100).optional(),
    AlarmNamePrefix: z.string().optional(),
    AlarmTypes: z.array(z.enum(['CompositeAlarm', 'MetricAlarm'])).optional(),
    StateValue: z.enum(['OK', 'ALARM', 'INSUFFICIENT_DATA']).optional(),
    ActionPrefix: z.string().optional(),
    MaxRecords: z.number().int().min(1).max(100).optional(),
    NextToken: z.string().optional(),
  }),
  (input, { alarms }) => {
    const wantsMetric = !input.AlarmTypes || input.AlarmTypes.includes('MetricAlarm');
    const matching = alarms
      .list()
      .filter(
        (alarm) =>
          wantsMetric &&
          (!input.AlarmNames || input.AlarmNames.includes(alarm.AlarmName)) &&
          (!input.AlarmNamePrefix || alarm.AlarmName.startsWith(input.AlarmNamePrefix)) &&
          (!input.StateValue || alarm.state === input.StateValue) &&
          (!input.ActionPrefix ||
            [...alarm.OKActions, ...alarm.AlarmActions, ...alarm.InsufficientDataActions].some((arn) =>
              arn.startsWith(input.ActionPrefix!),
            )),
      );
    const offset = input.NextToken ? Number(input.NextToken) : 0;
    if (!Number.isInteger(offset) || offset < 0) throw invalid('The NextToken is not valid.');
    const size = input.MaxRecords ?? 50;
    const page = matching.slice(offset, offset + size);
    return {
      MetricAlarms: page.map(describe),
      CompositeAlarms: [],
      ...(offset + size < matching.length ? { NextToken: String(offset + size) } : {}),
    };
  },
);

export const deleteAlarms = defineOperation(
  'DeleteAlarms',
  z.object({ AlarmNames: z.array(name).max(100) }),
  (input, { alarms }) => {
    alarms.delete(input.AlarmNames);
    return {};
  },
);
