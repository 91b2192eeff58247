/**
 * The AlarmHistory port: remembers when each alarm entered ALARM, so the recovery (OK) message can say
 * how long it lasted. CloudWatch's OK notification does not carry that. Memory implementation here;
 * on Lambda the state table's (dynamo-alarm-history.ts), like the outbox state.
 */
import type { CloudWatchAlarm } from './cloudwatch-alarm.ts';

export interface AlarmHistory {
  /**
   * Records this state change. For a change to OK (or INSUFFICIENT_DATA) after ALARM, returns when that
   * ALARM began, if known.
   */
  recordStateChange(alarm: CloudWatchAlarm): Promise<number | undefined>;
}

const MAX_ALARMS = 10_000;

/** One alarm's identity across its state changes: its ARN, else region and name. */
export function alarmHistoryKey(alarm: CloudWatchAlarm): string {
  return alarm.arn ?? `${alarm.regionCode ?? '?'}:${alarm.name}`;
}

export class MemoryAlarmHistory implements AlarmHistory {
  private readonly alarmSince = new Map<string, number>();

  recordStateChange(alarm: CloudWatchAlarm): Promise<number | undefined> {
    const key = alarmHistoryKey(alarm);
    if (alarm.state === 'ALARM') {
      // Keep the earliest start if the same ALARM arrives twice (SNS redelivery).
      const known = this.alarmSince.get(key);
      if (known === undefined || known > alarm.stateChangedAtMs) this.alarmSince.set(key, alarm.stateChangedAtMs);
      if (this.alarmSince.size > MAX_ALARMS) this.alarmSince.delete(this.alarmSince.keys().next().value!);
      return Promise.resolve(undefined);
    }
    const since = this.alarmSince.get(key);
    if (since === undefined || since > alarm.stateChangedAtMs) return Promise.resolve(undefined);
    if (alarm.state === 'OK') this.alarmSince.delete(key);
    return Promise.resolve(since);
  }
}
