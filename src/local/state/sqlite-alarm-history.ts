/** AlarmHistory in the local state file: "lasted 2 h" survives a restart of the bot between ALARM and OK. */
import type { DatabaseSync } from 'node:sqlite';
import { alarmHistoryKey, type AlarmHistory } from '../../alarms/alarm-history.ts';
import type { CloudWatchAlarm } from '../../alarms/cloudwatch-alarm.ts';

export class SqliteAlarmHistory implements AlarmHistory {
  constructor(private readonly db: DatabaseSync) {}

  recordStateChange(alarm: CloudWatchAlarm): Promise<number | undefined> {
    const key = alarmHistoryKey(alarm);
    const row = this.db.prepare('SELECT since_ms FROM alarm_since WHERE key = ?').get(key) as
      { since_ms: number } | undefined;
    if (alarm.state === 'ALARM') {
      // Keep the earliest start if the same ALARM arrives twice (SNS redelivery).
      if (row === undefined || row.since_ms > alarm.stateChangedAtMs)
        this.db
          .prepare('INSERT OR REPLACE INTO alarm_since (key, since_ms) VALUES (?, ?)')
          .run(key, alarm.stateChangedAtMs);
      return Promise.resolve(undefined);
    }
    if (row === undefined || row.since_ms > alarm.stateChangedAtMs) return Promise.resolve(undefined);
    if (alarm.state === 'OK') this.db.prepare('DELETE FROM alarm_since WHERE key = ?').run(key);
    return Promise.resolve(row.since_ms);
  }
}
