/**
 * What the console page shows, as a stream of events: messages (each rendered for DingTalk and for
 * Slack), commands typed, live load-test figures, reports. Keeps the recent ones so a page opened
 * (or reloaded) later sees the transcript so far.
 */
import type { DingTalkView } from '../../chat/dingtalk/render.ts';
import type { SlackMessage } from '../../chat/slack/render.ts';
import type { StoryJson } from '../../lab/story/story-json.ts';

export type ConsoleEvent =
  | { readonly type: 'command'; readonly at: number; readonly user: string; readonly text: string }
  | {
      readonly type: 'message';
      readonly at: number;
      /** `alarms` as a DingTalk robot would get them (20 a minute, storms as digests); `replies` to commands and jobs. */
      readonly feed: 'alarms' | 'replies';
      readonly dingtalk: DingTalkView;
      readonly slack: SlackMessage;
    }
  | {
      readonly type: 'tick';
      readonly at: number;
      readonly jobId: string;
      readonly elapsedSeconds: number;
      readonly durationSeconds: number;
      readonly perQuery: Readonly<
        Record<
          string,
          {
            queriesPerSecond: number;
            latencyMs: { p50: number; p95: number; p99: number } | null;
            throttled: number;
            failed: number;
          }
        >
      >;
      /** The emulator's capacity model: TCU in use now, and the account's MaxQueryTCU. */
      readonly tcu: { readonly inUse: number; readonly max: number } | undefined;
    }
  | {
      readonly type: 'loadtest-result';
      readonly at: number;
      readonly jobId: string;
      readonly description: string;
      readonly seconds: number;
      readonly perQuery: Readonly<
        Record<
          string,
          {
            queriesPerSecond: number;
            succeeded: number;
            throttled: number;
            failed: number;
            latencyMs: { p50: number; p95: number; p99: number; max: number } | null;
          }
        >
      >;
      readonly tcuPeak: number | undefined;
    }
  | {
      readonly type: 'compare';
      readonly at: number;
      readonly jobId: string;
      readonly answersEqual: boolean;
      readonly sides: readonly {
        readonly schema: 'legacy' | 'optimized';
        readonly tcuPeak: number;
        readonly tcuHours: number;
        readonly costUsd: number;
        readonly throttled: number;
        readonly p50Ms: number | null;
        readonly bytesScanned: number;
      }[];
    }
  | {
      /** `lab story` from the page: where the replay is (virtual time), or why it failed. */
      readonly type: 'story-stage';
      readonly at: number;
      readonly stage: string;
      readonly virtualAtMs: number;
      readonly failure?: string;
    }
  | {
      readonly type: 'story';
      readonly at: number;
      readonly report: StoryJson;
      /** The report in the page's language: title, one line per fact, footer. */
      readonly title: string;
      readonly lines: readonly string[];
      readonly footer: string;
    };

type Listener = (event: ConsoleEvent) => void;

export class ConsoleHub {
  private readonly recent: ConsoleEvent[] = [];
  private readonly listeners = new Set<Listener>();

  constructor(private readonly keep = 300) {}

  publish(event: ConsoleEvent): void {
    this.recent.push(event);
    if (this.recent.length > this.keep) this.recent.splice(0, this.recent.length - this.keep);
    for (const listener of this.listeners) listener(event);
  }

  /** Past events first, then live ones; returns the unsubscribe. */
  subscribe(listener: Listener): () => void {
    for (const event of this.recent) listener(event);
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
