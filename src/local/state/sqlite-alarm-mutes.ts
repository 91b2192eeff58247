/** AlarmMutes in the local state file: a mute survives a restart of the bot. */
import type { DatabaseSync } from 'node:sqlite';
import type { AlarmMutes, Mute } from '../../alarms/alarm-mutes.ts';

export class SqliteAlarmMutes implements AlarmMutes {
  constructor(private readonly db: DatabaseSync) {}

  mute(alarmName: string, mute: Mute): Promise<void> {
    this.db
      .prepare('INSERT OR REPLACE INTO mutes (name, until_ms, by_user) VALUES (?, ?, ?)')
      .run(alarmName, mute.untilMs, mute.by);
    return Promise.resolve();
  }

  unmute(alarmName: string): Promise<boolean> {
    return Promise.resolve(Number(this.db.prepare('DELETE FROM mutes WHERE name = ?').run(alarmName).changes) > 0);
  }

  mutedAt(alarmName: string, nowMs: number): Promise<Mute | undefined> {
    const row = this.db
      .prepare('SELECT until_ms, by_user FROM mutes WHERE name = ? AND until_ms > ?')
      .get(alarmName, nowMs) as { until_ms: number; by_user: string } | undefined;
    return Promise.resolve(row ? { untilMs: row.until_ms, by: row.by_user } : undefined);
  }
}
