/**
 * `chat.postMessage` and `chat.update` through @slack/web-api, its errors classified for the outbox.
 * Loaded on the first post (send.ts), so functions that never post with the bot token never load it.
 * The web client's own retry policy (ten retries over about thirty minutes by default) would outlive
 * any Lambda, so it is switched off: the outbox retries, under its deadline.
 */
import { ErrorCode, LogLevel, WebClient, type WebAPICallError } from '@slack/web-api';
import { classifyHttpFailure, classifyNetworkFailure, type SendResult } from '../destination.ts';
import { classifySlackError } from './errors.ts';

export interface SlackChatMessage {
  readonly channel: string;
  readonly text: string;
  readonly blocks: readonly unknown[];
  readonly unfurl_links: boolean;
  /** Posts as a reply in this message's thread. */
  readonly thread_ts?: string;
}

/** `chat.update`: the message at `ts` in `channel` (an id) now shows `text` and `blocks`. */
export interface SlackMessageUpdate {
  readonly channel: string;
  readonly ts: string;
  readonly text: string;
  readonly blocks: readonly unknown[];
}

/** A post Slack accepted, and where it now is (channel id and ts: what threads and updates need). */
export type SlackPostResult = SendResult & { readonly posted?: { readonly channel: string; readonly ts: string } };

export interface SlackWebPoster {
  postMessage(message: SlackChatMessage): Promise<SlackPostResult>;
  updateMessage(update: SlackMessageUpdate): Promise<SendResult>;
}

export function webClientPoster(token: string, timeoutMs: number): SlackWebPoster {
  // Failures come back as SendResults and are logged once by the outbox; the client's own warnings would repeat them.
  const client = new WebClient(token, {
    retryConfig: { retries: 0 },
    timeout: timeoutMs,
    rejectRateLimitedCalls: true,
    logLevel: LogLevel.ERROR,
  });
  return {
    async postMessage(message) {
      try {
        const answer = await client.chat.postMessage(message);
        return answer.channel && answer.ts
          ? { ok: true, posted: { channel: answer.channel, ts: answer.ts } }
          : { ok: true };
      } catch (error) {
        return classifyWebApiError(error as WebAPICallError, timeoutMs);
      }
    },
    async updateMessage(update) {
      try {
        await client.chat.update(update);
        return { ok: true };
      } catch (error) {
        return classifyWebApiError(error as WebAPICallError, timeoutMs);
      }
    },
  };
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
      // chat.postMessage takes no idempotency key: an unanswered post is never sent twice.
      return classifyNetworkFailure(error.original, timeoutMs, { isIdempotent: false });
    default:
      return classifyNetworkFailure(error, timeoutMs, { isIdempotent: false });
  }
}
