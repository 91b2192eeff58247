/**
 * Slack reports failure in the body: `ok:false` with an `error` code on an HTTP 200 for the Web API,
 * plain-text codes with 4xx for incoming webhooks (https://api.slack.com/messaging/webhooks#handling_errors,
 * https://docs.slack.dev/reference/methods/chat.postMessage#errors). Only these are worth another attempt.
 */
import type { SendFailure } from '../destination.ts';

const RETRYABLE = new Set([
  'ratelimited',
  'rate_limited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'rollup_error',
]);

export function classifySlackError(code: string, retryAfterMs?: number): SendFailure {
  return {
    ok: false,
    retryable: RETRYABLE.has(code),
    reason: `slack error ${code}`,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  };
}
