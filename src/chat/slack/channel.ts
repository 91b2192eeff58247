/**
 * A Slack channel through the bot token (chat.postMessage), where an alarm's messages stay together:
 * its ALARM message carries "Acknowledge" and "Mute 1 h" buttons and is remembered (AlarmPosts); the
 * recovery is posted in that message's thread, and the message itself is updated to say it resolved
 * and after how long (chat.update). Replies and digests post plainly.
 *
 * What the platform accepted is never sent again: a post that succeeded stays a success even when
 * remembering it or updating the original then fails (that is logged; the outbox would otherwise
 * retry and post twice).
 */
import type { Locale } from '../../shared/locale.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';
import type { Destination, OutboundMessage, RatePolicy, SendResult } from '../destination.ts';
import type { Notice } from '../notice.ts';
import { alarmButtons, withNote } from './alarm-buttons.ts';
import { ALARM_POST_TTL_MS, alarmPostKey, type AlarmPosts } from './alarm-posts.ts';
import { renderSlackMessage, slackFitsWhole, type SlackBlock } from './render.ts';
import type { SlackBotClient } from './send.ts';
import type { SlackChatMessage } from './web-client.ts';

/** Where an alarm's messages are kept together, when the wiring has a place to remember them. */
export interface AlarmThreading {
  readonly posts: AlarmPosts;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** What send needs to know of the notice it renders (the body alone does not say). */
interface AlarmMessage extends OutboundMessage {
  readonly alarm?: { readonly key: string; readonly state: Notice['state']; readonly resolved?: string | undefined };
}

export class SlackChannel implements Destination {
  readonly id: string;
  readonly kind = 'slack' as const;
  readonly locale: Locale;
  readonly rate: RatePolicy;

  constructor(
    private readonly options: {
      readonly name: string;
      readonly locale: Locale;
      readonly rate: RatePolicy;
      readonly channel: string;
      readonly client: SlackBotClient;
      readonly threading?: AlarmThreading | undefined;
    },
  ) {
    this.id = `slack:${options.name}`;
    this.locale = options.locale;
    this.rate = options.rate;
  }

  fitsWhole(notice: Notice): boolean {
    return slackFitsWhole(notice, this.locale);
  }

  render(notice: Notice, key: string): AlarmMessage[] {
    const message = renderSlackMessage(notice, this.locale);
    const threaded = this.options.threading && notice.alarm ? notice.alarm : undefined;
    const buttons =
      threaded && notice.state === 'ALARM'
        ? alarmButtons({ post: alarmPostKey(this.options.channel, threaded.key), name: threaded.name }, this.locale)
        : undefined;
    return [
      {
        key,
        body: {
          channel: this.options.channel,
          text: message.text,
          blocks: buttons ? [...message.blocks, buttons] : message.blocks,
          unfurl_links: false,
        } satisfies SlackChatMessage,
        ...(threaded ? { alarm: { key: threaded.key, state: notice.state, resolved: threaded.resolved } } : {}),
      },
    ];
  }

  async send(message: AlarmMessage): Promise<SendResult> {
    const body = message.body as unknown as SlackChatMessage;
    const { threading, client } = this.options;
    if (!threading || !message.alarm) return client.postMessage(body);
    const postKey = alarmPostKey(this.options.channel, message.alarm.key);
    if (message.alarm.state === 'ALARM') {
      const result = await client.postMessage(body);
      if (result.ok && result.posted) {
        const post = { ...result.posted, text: body.text, blocks: body.blocks as SlackBlock[] };
        await this.quietly('remember the alarm message', () =>
          threading.posts.remember(postKey, post, threading.clock.now() + ALARM_POST_TTL_MS),
        );
      }
      return result;
    }
    const original = await this.quietly('find the alarm message', () =>
      threading.posts.find(postKey, threading.clock.now()),
    );
    if (!original) return client.postMessage(body);
    const result = await client.postMessage({ ...body, channel: original.channel, thread_ts: original.ts });
    if (result.ok && message.alarm.state === 'OK') {
      const note = message.alarm.resolved;
      const blocks = note ? withNote(original.blocks, note, 'all', this.locale) : original.blocks;
      await this.quietly('mark the alarm message resolved', async () => {
        const updated = await client.updateMessage({
          channel: original.channel,
          ts: original.ts,
          text: original.text,
          blocks,
        });
        if (!updated.ok) throw new Error(updated.reason);
      });
      // The alarm's episode is over either way: its next ALARM starts a message of its own.
      await this.quietly('forget the alarm message', () => threading.posts.forget(postKey));
    }
    return result;
  }

  /** Runs a step after the platform has accepted the post: its failure is logged, never retried as a send. */
  private async quietly<T>(what: string, step: () => Promise<T>): Promise<T | undefined> {
    try {
      return await step();
    } catch (error) {
      this.options.threading?.logger.warn(`could not ${what}`, { destination: this.id, error: error as Error });
      return undefined;
    }
  }
}
