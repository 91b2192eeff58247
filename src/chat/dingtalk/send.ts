/**
 * A DingTalk custom group robot as a Destination: render markdown (or an ActionCard), sign the URL per
 * request, POST once, read success from `errcode` (never from the HTTP status, which is 200 on failure too).
 */
import type { MentionConfig } from '../../config.ts';
import type { Locale } from '../../shared/locale.ts';
import { timeoutSignal, type Clock } from '../../shared/clock.ts';
import { redactSecrets } from '../../shared/redact.ts';
import { uuidFromKey } from '../../shared/stable-id.ts';
import {
  classifyHttpFailure,
  classifyNetworkFailure,
  type Destination,
  type OutboundMessage,
  type RatePolicy,
  type SendResult,
} from '../destination.ts';
import type { Notice } from '../notice.ts';
import { classifyDingTalkReply } from './errors.ts';
import { dingTalkFitsWhole, renderDingTalkMarkdown, renderDingTalkMessage } from './render.ts';
import { signWebhookUrl } from './sign.ts';

export interface DingTalkRobotOptions {
  readonly name: string;
  readonly webhookUrl: string;
  readonly secret: string | undefined;
  readonly locale: Locale;
  readonly mentions: MentionConfig | undefined;
  readonly rate: RatePolicy;
  readonly timeoutMs: number;
  readonly clock: Clock;
  readonly fetch?: typeof fetch;
  /**
   * Links on ActionCard buttons when no one is mentioned (default true: custom robots take them). A
   * command's sessionWebhook reply is sent as markdown: the types it takes beyond text and markdown
   * are not confirmed.
   */
  readonly actionCards?: boolean;
}

export class DingTalkRobot implements Destination {
  readonly id: string;
  readonly kind = 'dingtalk' as const;
  readonly locale: Locale;
  readonly rate: RatePolicy;

  constructor(private readonly options: DingTalkRobotOptions) {
    this.id = `dingtalk:${options.name}`;
    this.locale = options.locale;
    this.rate = options.rate;
  }

  fitsWhole(notice: Notice): boolean {
    return dingTalkFitsWhole(notice, { locale: this.locale, mentions: this.options.mentions });
  }

  render(notice: Notice, key: string): OutboundMessage[] {
    const render = this.options.actionCards === false ? renderDingTalkMarkdown : renderDingTalkMessage;
    const body = render(notice, {
      locale: this.locale,
      mentions: this.options.mentions,
      msgUuid: uuidFromKey(key),
    });
    return [{ key, body }];
  }

  async send(message: OutboundMessage): Promise<SendResult> {
    const { webhookUrl, secret, timeoutMs, clock } = this.options;
    const url = secret ? signWebhookUrl(webhookUrl, secret, clock.now()) : webhookUrl;
    const doFetch = this.options.fetch ?? fetch;
    const timeout = timeoutSignal(clock, timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json;charset=utf-8' },
        body: JSON.stringify(message.body),
        signal: timeout.signal,
      });
      text = await response.text();
    } catch (error) {
      // DingTalk: "when an API call times out or returns an unknown error, retry with the same msgUuid to
      // avoid sending duplicate chats" (open.dingtalk.com, custom-robots-send-group-messages).
      return classifyNetworkFailure(error, timeoutMs, { isIdempotent: true });
    } finally {
      timeout.cancel();
    }
    if (!response.ok) return classifyHttpFailure(response.status, text.slice(0, 200));
    let reply: { errcode?: unknown; errmsg?: unknown };
    try {
      reply = JSON.parse(text) as typeof reply;
    } catch {
      return {
        ok: false,
        retryable: true,
        reason: redactSecrets(`unreadable reply (HTTP ${response.status}): ${text.slice(0, 120)}`),
      };
    }
    if (typeof reply.errcode !== 'number') {
      return { ok: false, retryable: true, reason: redactSecrets(`reply without errcode: ${text.slice(0, 120)}`) };
    }
    return classifyDingTalkReply(reply.errcode, typeof reply.errmsg === 'string' ? reply.errmsg : '');
  }
}
