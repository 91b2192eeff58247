/** The way back from a message: the alarm's console page in its partition, and the Timestream console for QueryTCU. */
import { describe, expect, it } from 'vitest';
import { parseCloudWatchAlarm, type CloudWatchAlarm } from '../../src/alarms/cloudwatch-alarm.ts';
import { alarmConsoleUrl, partitionOf, timestreamConsoleUrl } from '../../src/alarms/console-links.ts';

function alarm(arn: string, region: string): CloudWatchAlarm {
  const parsed = parseCloudWatchAlarm({
    AlarmName: 'tcu high/1',
    NewStateValue: 'ALARM',
    StateChangeTime: '2026-12-04T10:00:00.000+0000',
    AlarmArn: arn,
    Region: region,
    Trigger: { MetricName: 'ResourceCount', Namespace: 'AWS/Usage', Period: 60, EvaluationPeriods: 1, Threshold: 1 },
  });
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return parsed.alarm;
}

describe('console links', () => {
  it.each([
    [
      'arn:aws:cloudwatch:eu-west-1:111122223333:alarm:tcu high/1',
      'EU (Ireland)',
      'aws',
      'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/tcu%20high%2F1',
      'https://eu-west-1.console.aws.amazon.com/timestream/home?region=eu-west-1',
    ],
    [
      'arn:aws-cn:cloudwatch:cn-northwest-1:111122223333:alarm:tcu high/1',
      'China (Ningxia)',
      'aws-cn',
      'https://cn-northwest-1.console.amazonaws.cn/cloudwatch/home?region=cn-northwest-1#alarmsV2:alarm/tcu%20high%2F1',
      undefined,
    ],
    [
      'arn:aws-us-gov:cloudwatch:us-gov-west-1:111122223333:alarm:tcu high/1',
      'AWS GovCloud (US-West)',
      'aws-us-gov',
      'https://console.amazonaws-us-gov.com/cloudwatch/home?region=us-gov-west-1#alarmsV2:alarm/tcu%20high%2F1',
      'https://console.amazonaws-us-gov.com/timestream/home?region=us-gov-west-1',
    ],
  ])('%s', (arn, region, partition, alarmPage, timestream) => {
    const each = alarm(arn, region);
    expect(partitionOf(each)).toBe(partition);
    expect(alarmConsoleUrl(each)).toBe(alarmPage);
    expect(timestreamConsoleUrl(each)).toBe(timestream);
  });
});
