/**
 * Where a command's progress and report go: back to the conversation that asked. Slack: the command's
 * `response_url` (5 posts in 30 minutes — the lane enforces it), then `chat.postMessage` to the
 * channel with the bot token, else the configured Slack destinations; DingTalk: the callback's
 * `sessionWebhook` while it is valid, else the configured robots. Only Slack's and DingTalk's own hosts
 * are accepted (a reply address is caller-supplied data), except loopback in local mode.
 */
import type { PlatformLocales } from '../shared/locale.ts';
import type { ReplyAddress } from '../jobs/job.ts';
import type { Clock } from '../shared/clock.ts';
import { uuidFromKey } from '../shared/stable-id.ts';
import { dingTalkRate } from './dingtalk/rate.ts';
import { DingTalkRobot } from './dingtalk/send.ts';
import type { Destination, RatePolicy } from './destination.ts';
import { SlackChannel, SlackWebhook, type SlackBotClient } from './slack/send.ts';

const SLACK_RESPONSE_URL_RATE: RatePolicy = { limit: 5, windowMs: 30 * 60_000, soloLimit: 4, digestMaxEntries: 20 };
/** chat.postMessage allows about one message a second per channel. */
const SLACK_CHANNEL_RATE: RatePolicy = { limit: 60, windowMs: 60_000, soloLimit: 30, digestMaxEntries: 40 };
const DINGTALK_RATE: RatePolicy = dingTalkRate();

export interface ReplyDestinationOptions {
  readonly isLocal: boolean;
  readonly clock: Clock;
  readonly timeoutMs: number;
  /** Configured DingTalk robots, for when the session webhook has expired. */
  readonly dingtalkFallback: readonly Destination[];
  /** The bot's Web API client (SLACK_BOT_TOKEN), for when a response_url has expired. */
  readonly slackBot: SlackBotClient | undefined;
  /** Configured Slack destinations, for an expired response_url when there is no bot token. */
  readonly slackFallback: readonly Destination[];
  /** The local console, when there is one. */
  readonly console: Destination | undefined;
  readonly locale: PlatformLocales;
}

export class ReplyAddressError extends Error {
  override name = 'ReplyAddressError';
}

function isAllowedHost(url: string, hosts: readonly string[], isLocal: boolean): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (isLocal && parsed.protocol === 'http:' && (parsed.hostname === '127.0.0.1' || parsed.hostname === 'localhost'))
    return true;
  return parsed.protocol === 'https:' && hosts.includes(parsed.hostname) && parsed.port === '';
}

export function replyDestinations(address: ReplyAddress, options: ReplyDestinationOptions): Destination[] {
  switch (address.kind) {
    case 'slack-response-url':
      if (!isAllowedHost(address.url, ['hooks.slack.com'], options.isLocal))
        throw new ReplyAddressError('response_url is not a Slack address');
      if (options.clock.now() >= address.expiresAtMs) {
        if (!options.slackBot) return [...options.slackFallback];
        return [
          new SlackChannel({
            name: `reply-${address.channelId}`,
            channel: address.channelId,
            client: options.slackBot,
            locale: options.locale.slack,
            rate: SLACK_CHANNEL_RATE,
          }),
        ];
      }
      return [
        new SlackWebhook({
          name: `reply-${uuidFromKey(address.url).slice(0, 8)}`,
          webhookUrl: address.url,
          locale: options.locale.slack,
          rate: SLACK_RESPONSE_URL_RATE,
          timeoutMs: options.timeoutMs,
          clock: options.clock,
          responseType: 'in_channel',
        }),
      ];
    case 'dingtalk-session':
      if (options.clock.now() >= address.expiresAtMs) return [...options.dingtalkFallback];
      if (!isAllowedHost(address.url, ['oapi.dingtalk.com', 'api.dingtalk.com'], options.isLocal))
        throw new ReplyAddressError('sessionWebhook is not a DingTalk address');
      return [
        new DingTalkRobot({
          name: `session-${uuidFromKey(address.conversationId).slice(0, 8)}`,
          webhookUrl: address.url,
          secret: undefined,
          locale: options.locale.dingtalk,
          mentions: undefined,
          actionCards: false,
          rate: DINGTALK_RATE,
          timeoutMs: options.timeoutMs,
          clock: options.clock,
        }),
      ];
    case 'console':
      return options.console ? [options.console] : [];
  }
}
