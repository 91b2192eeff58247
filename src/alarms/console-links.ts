/**
 * The way back from a message to AWS: the alarm's page in the CloudWatch console of its region and
 * partition, and — for a QueryTCU alarm — the Timestream console, where MaxQueryTCU is set. Console
 * hosts differ by partition: `<region>.console.aws.amazon.com`, `<region>.console.amazonaws.cn` (China)
 * and `console.amazonaws-us-gov.com` (GovCloud, one host for both regions).
 */
import type { CloudWatchAlarm } from './cloudwatch-alarm.ts';

export type Partition = 'aws' | 'aws-cn' | 'aws-us-gov';

/** The partition an alarm lives in: its ARN says so; else its region's name. */
export function partitionOf(alarm: Pick<CloudWatchAlarm, 'arn' | 'regionCode'>): Partition {
  const fromArn = alarm.arn?.split(':')[1];
  if (fromArn === 'aws' || fromArn === 'aws-cn' || fromArn === 'aws-us-gov') return fromArn;
  const region = alarm.regionCode ?? '';
  return region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
}

function consoleOrigin(partition: Partition, region: string): string {
  switch (partition) {
    case 'aws-cn':
      return `https://${region}.console.amazonaws.cn`;
    case 'aws-us-gov':
      return 'https://console.amazonaws-us-gov.com';
    case 'aws':
      return `https://${region}.console.aws.amazon.com`;
  }
}

/** The alarm's page in the CloudWatch console; undefined when its region is not known. */
export function alarmConsoleUrl(alarm: CloudWatchAlarm): string | undefined {
  const region = alarm.regionCode;
  if (!region) return undefined;
  return `${consoleOrigin(partitionOf(alarm), region)}/cloudwatch/home?region=${region}#alarmsV2:alarm/${encodeURIComponent(alarm.name)}`;
}

/**
 * The Timestream console of the alarm's region (its Settings hold MaxQueryTCU; the console has no
 * documented deep link to them). Undefined where Timestream for LiveAnalytics is not offered: China.
 */
export function timestreamConsoleUrl(alarm: CloudWatchAlarm): string | undefined {
  const region = alarm.regionCode;
  const partition = partitionOf(alarm);
  if (!region || partition === 'aws-cn') return undefined;
  return `${consoleOrigin(partition, region)}/timestream/home?region=${region}`;
}
