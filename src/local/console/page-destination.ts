/**
 * The console page as a chat destination: each message rendered exactly as DingTalk (markdown) and
 * Slack (Block Kit) would get it, published to the page, and printed to the terminal as before.
 * The alarms feed is rate-limited like a DingTalk robot, so a storm shows the digests a group would see.
 */
import type { Locale } from '../../config.ts';
import { renderDingTalkMarkdown } from '../../chat/dingtalk/render.ts';
import type { Destination, OutboundMessage, RatePolicy, SendResult } from '../../chat/destination.ts';
import type { Notice } from '../../chat/notice.ts';
import { renderSlackMessage, type SlackMessage } from '../../chat/slack/render.ts';
import type { Clock } from '../../shared/clock.ts';
import { printFramed } from '../console-destination.ts';
import type { ConsoleHub } from './hub.ts';

export interface PageMessage {
  readonly dingtalk: { readonly title: string; readonly text: string };
  readonly slack: SlackMessage;
}

/**
 * Both renderings: DingTalk from the notice in its locale (zh-CN by default), Slack from the same
 * message composed in English (Slack's default) when the sender can compose it again, else the same notice.
 */
export function renderForPage(notice: Notice, dingTalkLocale: Locale, composeIn?: (locale: Locale) => Notice): PageMessage {
  const slackNotice = composeIn && dingTalkLocale !== 'en' ? composeIn('en') : notice;
  return { dingtalk: renderDingTalkMarkdown(notice, { locale: dingTalkLocale }).markdown, slack: renderSlackMessage(slackNotice, 'en') };
}

export class PageDestination implements Destination {
  readonly id: string;
  readonly kind = 'console' as const;

  constructor(
    private readonly options: {
      readonly feed: 'alarms' | 'replies';
      readonly hub: ConsoleHub;
      readonly clock: Clock;
      readonly locale: Locale;
      readonly rate: RatePolicy;
      readonly write?: (text: string) => void;
    },
  ) {
    this.id = `console:${options.feed}`;
  }

  get locale(): Locale {
    return this.options.locale;
  }

  get rate(): RatePolicy {
    return this.options.rate;
  }

  render(notice: Notice, key: string, composeIn?: (locale: Locale) => Notice): OutboundMessage[] {
    return [{ key, body: { ...renderForPage(notice, this.options.locale, composeIn) } }];
  }

  send(message: OutboundMessage): Promise<SendResult> {
    const body = message.body as unknown as PageMessage;
    this.options.hub.publish({ type: 'message', at: this.options.clock.now(), feed: this.options.feed, ...body });
    if (this.options.write) printFramed(this.options.write, body.dingtalk.text);
    return Promise.resolve({ ok: true });
  }
}
