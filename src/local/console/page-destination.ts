/**
 * The console page as a chat destination: each message rendered exactly as DingTalk (markdown) and
 * Slack (Block Kit) would get it, published to the page, and printed to the terminal as before.
 * The alarms feed is rate-limited like a DingTalk robot, so a storm shows the digests a group would see.
 */
import type { Locale, PlatformLocales } from '../../shared/locale.ts';
import {
  dingTalkFitsWhole,
  dingTalkView,
  renderDingTalkMessage,
  type DingTalkView,
} from '../../chat/dingtalk/render.ts';
import type { Destination, OutboundMessage, RatePolicy, SendResult } from '../../chat/destination.ts';
import type { Notice } from '../../chat/notice.ts';
import { renderSlackMessage, slackFitsWhole, type SlackMessage } from '../../chat/slack/render.ts';
import type { Clock } from '../../shared/clock.ts';
import { printFramed } from '../console-destination.ts';
import type { ConsoleHub } from './hub.ts';

export interface PageMessage {
  /** The robot's message: its markdown text, and an ActionCard's buttons when it is one. */
  readonly dingtalk: DingTalkView;
  readonly slack: SlackMessage;
}

/**
 * Both renderings: DingTalk from the notice, composed in DingTalk's locale, Slack from the same message
 * composed in Slack's when the sender can compose it again (else the same notice).
 */
export function renderForPage(
  notice: Notice,
  locales: PlatformLocales,
  composeIn?: (locale: Locale) => Notice,
): PageMessage {
  const slackNotice = composeIn && locales.slack !== locales.dingtalk ? composeIn(locales.slack) : notice;
  return {
    dingtalk: dingTalkView(renderDingTalkMessage(notice, { locale: locales.dingtalk })),
    slack: renderSlackMessage(slackNotice, locales.slack),
  };
}

export class PageDestination implements Destination {
  readonly id: string;
  readonly kind = 'console' as const;

  constructor(
    private readonly options: {
      readonly feed: 'alarms' | 'replies';
      readonly hub: ConsoleHub;
      readonly clock: Clock;
      readonly locales: PlatformLocales;
      readonly rate: RatePolicy;
      readonly write?: (text: string) => void;
    },
  ) {
    this.id = `console:${options.feed}`;
  }

  /** The outbox composes in DingTalk's locale first; `render` asks for Slack's. */
  get locale(): Locale {
    return this.options.locales.dingtalk;
  }

  get rate(): RatePolicy {
    return this.options.rate;
  }

  /** The page shows what DingTalk and Slack would: it fits when both renderings do. */
  fitsWhole(notice: Notice, composeIn?: (locale: Locale) => Notice): boolean {
    const { locales } = this.options;
    return (
      dingTalkFitsWhole(notice, { locale: locales.dingtalk }) &&
      slackFitsWhole(composeIn ? composeIn(locales.slack) : notice, locales.slack)
    );
  }

  render(notice: Notice, key: string, composeIn?: (locale: Locale) => Notice): OutboundMessage[] {
    return [{ key, body: { ...renderForPage(notice, this.options.locales, composeIn) } }];
  }

  send(message: OutboundMessage): Promise<SendResult> {
    const body = message.body as unknown as PageMessage;
    this.options.hub.publish({ type: 'message', at: this.options.clock.now(), feed: this.options.feed, ...body });
    if (this.options.write) printFramed(this.options.write, body.dingtalk.text);
    return Promise.resolve({ ok: true });
  }
}
