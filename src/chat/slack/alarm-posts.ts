/**
 * The AlarmPosts port: the Slack message that announced an alarm (channel, ts and what it showed), so
 * the recovery is posted in its thread and the message is updated — resolved, acknowledged, muted —
 * in place. Keyed by channel and the alarm's identity across state changes. Memory here; the local
 * state file and the state table on Lambda keep them across restarts and invocations.
 */
import type { SlackBlock } from './render.ts';

/** How long an alarm's message is remembered: a recovery after this starts a new message. */
export const ALARM_POST_TTL_MS = 7 * 24 * 3600_000;

export interface AlarmPost {
  /** The channel id Slack answered with (chat.update needs the id, not a name). */
  readonly channel: string;
  readonly ts: string;
  /** The message as it shows now, for the next update. */
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
  /** Who acknowledged the alarm from its message's button, and when. */
  readonly acknowledged?: { readonly by: string; readonly atMs: number };
}

export interface AlarmPosts {
  remember(key: string, post: AlarmPost, expiresAtMs: number): Promise<void>;
  find(key: string, nowMs: number): Promise<AlarmPost | undefined>;
  forget(key: string): Promise<void>;
}

/** `C0123|arn:aws:cloudwatch:…:alarm:x`: one alarm's message in one channel. */
export function alarmPostKey(channel: string, alarmKey: string): string {
  return `${channel}|${alarmKey}`;
}

const MAX_POSTS = 10_000;

export class MemoryAlarmPosts implements AlarmPosts {
  private readonly posts = new Map<string, { post: AlarmPost; expiresAtMs: number }>();

  remember(key: string, post: AlarmPost, expiresAtMs: number): Promise<void> {
    this.posts.delete(key);
    this.posts.set(key, { post, expiresAtMs });
    if (this.posts.size > MAX_POSTS) this.posts.delete(this.posts.keys().next().value!);
    return Promise.resolve();
  }

  find(key: string, nowMs: number): Promise<AlarmPost | undefined> {
    const kept = this.posts.get(key);
    return Promise.resolve(kept && kept.expiresAtMs > nowMs ? kept.post : undefined);
  }

  forget(key: string): Promise<void> {
    this.posts.delete(key);
    return Promise.resolve();
  }
}
