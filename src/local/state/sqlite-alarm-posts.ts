/** AlarmPosts in the local state file: a recovery after a restart still finds its alarm's thread. */
import type { DatabaseSync } from 'node:sqlite';
import { ALARM_POST_TTL_MS, type AlarmPost, type AlarmPosts } from '../../chat/slack/alarm-posts.ts';

export class SqliteAlarmPosts implements AlarmPosts {
  constructor(private readonly db: DatabaseSync) {}

  remember(key: string, post: AlarmPost, expiresAtMs: number): Promise<void> {
    // Posts already past their expiry as of this write (whose recovery never came) go.
    this.db.prepare('DELETE FROM slack_posts WHERE expires_at_ms <= ?').run(expiresAtMs - ALARM_POST_TTL_MS);
    this.db
      .prepare('INSERT OR REPLACE INTO slack_posts (key, post, expires_at_ms) VALUES (?, ?, ?)')
      .run(key, JSON.stringify(post), expiresAtMs);
    return Promise.resolve();
  }

  find(key: string, nowMs: number): Promise<AlarmPost | undefined> {
    const row = this.db.prepare('SELECT post FROM slack_posts WHERE key = ? AND expires_at_ms > ?').get(key, nowMs) as
      { post: string } | undefined;
    return Promise.resolve(row ? (JSON.parse(row.post) as AlarmPost) : undefined);
  }

  forget(key: string): Promise<void> {
    this.db.prepare('DELETE FROM slack_posts WHERE key = ?').run(key);
    return Promise.resolve();
  }
}
