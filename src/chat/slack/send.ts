/**
 * Slack destinations: a channel through `chat.postMessage` (bot token: channel.ts) or an incoming webhook.
 */
import type { Locale } from '../../shared/locale.ts';
import { timeoutSignal, type Clock } from '../../shared/clock.ts';
import { lazily } from '../../shared/lazy.ts';
import {
  classifyHttpFailure,
  classifyNetworkFailure,
  parseRetryAfter,
  type Destination,
  type OutboundMessage,
  type RatePolicy,
  type SendResult,
} from '../destination.ts';
import type { Notice } from '../notice.ts';
import { classifySlackError } from './errors.ts';
import { renderSlackMessage, slackFitsWhole } from './render.ts';
import type { SlackWebPoster } from './web-client.ts';

interface SlackCommon {
  readonly name: string;
  readonly locale: Locale;
  readonly rate: RatePolicy;
  readonly timeoutMs: number;
}

/** Posts and updates with the bot token; the outcome is a SendResult, never a throw. */
export type SlackBotClient = SlackWebPoster;

/**
 * One client per token (the web client holds a request queue). @slack/web-api loads on the first
 * post: the alarm and cost functions start without it (`npm run bench:bundle`).
 */
export function createSlackWebClient(token: string, timeoutMs: number): SlackBotClient {
  const poster = lazily(async () => (await import('./web-client.ts')).webClientPoster(token, timeoutMs));
  return {
    postMessage: async (message) => (await poster()).postMessage(message),
    updateMessage: async (update) => (await poster()).updateMessage(update),
  };
}

export { SlackChannel } from './channel.ts';

export class SlackWebhook implements Destination {
  readonly id: string;
  readonly kind = 'slack' as const;
  readonly locale: Locale;
  readonly rate: RatePolicy;

  constructor(
    private readonly options: SlackCommon & {
      readonly webhookUrl: string;
      readonly clock: Clock;
      readonly fetch?: typeof fetch;
      /** For a slash command's response_url: `in_channel` shows the answer to everyone. */
      readonly responseType?: 'in_channel' | 'ephemeral';
    },
  ) {
    this.id = `slack:${options.name}`;
    this.locale = options.locale;
    this.rate = options.rate;
  }

  fitsWhole(notice: Notice): boolean {
    return slackFitsWhole(notice, this.locale);
  }

  render(notice: Notice, key: string): OutboundMessage[] {
    const message = renderSlackMessage(notice, this.locale);
    return [
      {
        key,
        body: {
          text: message.text,
          blocks: message.blocks,
          ...(this.options.responseType ? { response_type: this.options.responseType } : {}),
        },
      },
    ];
  }

  async send(message: OutboundMessage): Promise<SendResult> {
    const doFetch = this.options.fetch ?? fetch;
    const timeout = timeoutSignal(this.options.clock, this.options.timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await doFetch(this.options.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(message.body),
        signal: timeout.signal,
      });
      text = (await response.text()).trim();
    } catch (error) {
      // Incoming webhooks take no idempotency key: an unanswered post is never sent twice.
      return classifyNetworkFailure(error, this.options.timeoutMs, { isIdempotent: false });
    } finally {
      timeout.cancel();
    }
    if (response.ok) return { ok: true };
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.options.clock.now());
    if (/^[a-z_]+$/.test(text)) {
      const result = classifySlackError(text, retryAfterMs);
      return response.status >= 500 || response.status === 429 ? { ...result, retryable: true } : result;
    }
    return classifyHttpFailure(response.status, text.slice(0, 120), retryAfterMs);
  }
}
