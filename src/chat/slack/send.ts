/**
 * Slack destinations: a channel through `chat.postMessage` (@slack/web-api, bot token) or an incoming
 * webhook. The web client's own retry policy (ten retries over about thirty minutes by default) would
 * outlive any Lambda, so it is switched off: the outbox retries, under its deadline.
 */
import { ErrorCode, LogLevel, WebClient, type WebAPICallError } from '@slack/web-api';
import type { Locale } from '../../config.ts';
import { timeoutSignal, type Clock } from '../../shared/clock.ts';
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
import { renderSlackMessage } from './render.ts';

interface SlackCommon {
  readonly name: string;
  readonly locale: Locale;
  readonly rate: RatePolicy;
  readonly timeoutMs: number;
}

/** One WebClient per token: it holds a request queue, and building it costs a little. */
export function createSlackWebClient(token: string, timeoutMs: number): WebClient {
  // Failures come back as SendResults and are logged once by the outbox; the client's own warnings would repeat them.
  return new WebClient(token, { retryConfig: { retries: 0 }, timeout: timeoutMs, rejectRateLimitedCalls: true, logLevel: LogLevel.ERROR });
}

export class SlackChannel implements Destination {
  readonly id: string;
  readonly kind = 'slack' as const;
  readonly locale: Locale;
  readonly rate: RatePolicy;

  constructor(private readonly options: SlackCommon & { readonly channel: string; readonly client: WebClient }) {
    this.id = `slack:${options.name}`;
    this.locale = options.locale;
    this.rate = options.rate;
  }

  render(notice: Notice, key: string): OutboundMessage[] {
    const message = renderSlackMessage(notice, this.locale);
    return [{ key, body: { channel: this.options.channel, text: message.text, blocks: message.blocks, unfurl_links: false } }];
  }

  async send(message: OutboundMessage): Promise<SendResult> {
    const body = message.body as { channel: string; text: string; blocks: never[]; unfurl_links: boolean };
    try {
      await this.options.client.chat.postMessage(body);
      return { ok: true };
    } catch (error) {
      return classifyWebApiError(error as WebAPICallError, this.options.timeoutMs);
    }
  }
}

function classifyWebApiError(error: WebAPICallError, timeoutMs: number): SendResult {
  switch (error.code) {
    case ErrorCode.PlatformError:
      return classifySlackError(error.data.error);
    case ErrorCode.RateLimitedError:
      return classifySlackError('ratelimited', error.retryAfter * 1000);
    case ErrorCode.HTTPError:
      return classifyHttpFailure(error.statusCode, '');
    case ErrorCode.RequestError:
      return classifyNetworkFailure(error.original, timeoutMs);
    default:
      return classifyNetworkFailure(error, timeoutMs);
  }
}

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

  render(notice: Notice, key: string): OutboundMessage[] {
    const message = renderSlackMessage(notice, this.locale);
    return [{ key, body: { text: message.text, blocks: message.blocks, ...(this.options.responseType ? { response_type: this.options.responseType } : {}) } }];
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
      return classifyNetworkFailure(error, this.options.timeoutMs);
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
