/**
 * Muted alarms (`/mute <alarm> 1h`, `/unmute <alarm>`, Slack's "Mute 1 h" button): nothing an
 * on-call person might need is dropped, and nothing pages anyone (no @-mention): the alarm's repeats go
 * into the digest, its recovery posts and says who muted it until when. Keyed by alarm name, as people
 * type it. Memory here; the local state file and the state
 * table on Lambda hold them across restarts and invocations.
 */

/** The longest a mute may last: a silenced alarm must come back by itself within a day. */
export const MAX_MUTE_MS = 24 * 3600_000;
export const MIN_MUTE_MS = 60_000;

export interface Mute {
  readonly untilMs: number;
  /** `platform:userId` of whoever muted it. */
  readonly by: string;
}

export interface AlarmMutes {
  mute(alarmName: string, mute: Mute): Promise<void>;
  /** True when the alarm was muted (and now is not). */
  unmute(alarmName: string): Promise<boolean>;
  /** The mute in force at `nowMs`, if any. */
  mutedAt(alarmName: string, nowMs: number): Promise<Mute | undefined>;
}

export class MemoryAlarmMutes implements AlarmMutes {
  private readonly mutes = new Map<string, Mute>();

  mute(alarmName: string, mute: Mute): Promise<void> {
    this.mutes.set(alarmName, mute);
    return Promise.resolve();
  }

  unmute(alarmName: string): Promise<boolean> {
    return Promise.resolve(this.mutes.delete(alarmName));
  }

  mutedAt(alarmName: string, nowMs: number): Promise<Mute | undefined> {
    const mute = this.mutes.get(alarmName);
    return Promise.resolve(mute && mute.untilMs > nowMs ? mute : undefined);
  }
}
