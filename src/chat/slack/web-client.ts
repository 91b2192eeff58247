/**
 * `chat.postMessage` through @slack/web-api, its errors classified for the outbox. Loaded on the first
 * post (send.ts), so functions that never post with the bot token never load the client.
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
}

export function webClientPoster(token: string, timeoutMs: number): (message: SlackChatMessage) => Promise<SendResult> {
  // Failures come back as SendResults and are logged once by the outbox; the client's own warnings would repeat them.
  const client = new WebClient(token, {
    retryConfig: { retries: 0 },
    timeout: timeoutMs,
    rejectRateLimitedCalls: true,
    logLevel: LogLevel.ERROR,
  });
  return async (message) => {
    try {
      await client.chat.postMessage(message);
      return { ok: true };
    } catch (error) {
      return classifyWebApiError(error as WebAPICallError, timeoutMs);
    }
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
