/**
 * The console's alarm buttons: the Lambda SNS events CloudWatch → SNS → the alarm function would
 * receive for a QueryTCU alarm (one), or for a storm of them (many at once), stamped now.
 */
import { lambdaSnsEvent } from '../../alarms/lambda-sns-event.ts';

const TOPIC = 'arn:aws:sns:ap-northeast-1:123456789012:tcu-bot-local-alarms';

function cloudWatchTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** A QueryTCU alarm's SNS message (CloudWatch's JSON), named `name`, peaking at `peak` TCU. */
export function queryTcuAlarm(nowMs: number, name: string, peak: number): Record<string, unknown> {
  const minute = (back: number) => new Date(nowMs - back * 60_000).toISOString().slice(0, 16).replace('T', ' ');
  return {
    AlarmName: name,
    AlarmDescription: 'Account-wide QueryTCU above 100 for 3 of 3 minutes (sample from the local console)',
    AWSAccountId: '123456789012',
    NewStateValue: 'ALARM',
    NewStateReason: `Threshold Crossed: 3 out of the last 3 datapoints [${peak}.0 (${minute(1)}), ${peak - 4}.0 (${minute(2)}), ${peak - 8}.0 (${minute(3)})] were greater than the threshold (100.0) (minimum 3 datapoints for OK -> ALARM transition).`,
    StateChangeTime: cloudWatchTime(nowMs),
    Region: 'Asia Pacific (Tokyo)',
    AlarmArn: `arn:aws:cloudwatch:ap-northeast-1:123456789012:alarm:${name}`,
    OldStateValue: 'OK',
    Trigger: {
      MetricName: 'ResourceCount',
      Namespace: 'AWS/Usage',
      StatisticType: 'Statistic',
      Statistic: 'MAXIMUM',
      Unit: null,
      Dimensions: [
        { value: 'Timestream', name: 'Service' },
        { value: 'QueryTCU', name: 'Resource' },
        { value: 'Resource', name: 'Type' },
        { value: 'OnDemand', name: 'Class' },
      ],
      Period: 60,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 100.0,
      TreatMissingData: 'notBreaching',
    },
  };
}

function published(message: Record<string, unknown>) {
  return {
    topicArn: TOPIC,
    subject: `ALARM: "${String(message.AlarmName)}" in Asia Pacific (Tokyo)`,
    message: JSON.stringify(message),
  };
}

/** One QueryTCU alarm, as the alarm function's SNS event. */
export function sampleAlarmEvent(nowMs: number): { Records: unknown[] } {
  return lambdaSnsEvent([published(queryTcuAlarm(nowMs, 'TimestreamQueryTCUHigh', 132))], nowMs);
}

/** `count` different QueryTCU alarms at once (one per team's account view), as one event. */
export function sampleStormEvent(nowMs: number, count = 30): { Records: unknown[] } {
  return lambdaSnsEvent(
    Array.from({ length: count }, (_, index) =>
      published(queryTcuAlarm(nowMs, `TimestreamQueryTCUHigh-team-${String(index + 1).padStart(2, '0')}`, 110 + index)),
    ),
    nowMs,
  );
}
