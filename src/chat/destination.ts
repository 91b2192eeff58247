/**
 * The Destination port: one chat target (a DingTalk robot, a Slack channel or webhook, the local
 * console). A destination renders and sends exactly once and says whether a failure is worth retrying;
 * it never loops, sleeps or rate-limits — the outbox does (Alertmanager's Notify → (retry, err) split).
 */
import type { Locale } from '../shared/locale.ts';
import { redactSecrets } from '../shared/redact.ts';
import type { Notice } from './notice.ts';

/** A rendered request, ready to send. `key` is stable across retries of the same message. */
export interface OutboundMessage {
  readonly key: string;
  readonly body: Readonly<Record<string, unknown>>;
}

export type SendResult =
  | {
      readonly ok: true;
      /**
       * Set when the platform never answered a request it may have posted, and a retry could post it
       * again (no idempotency key): the message is not retried and is recorded as sent, unconfirmed.
       */
      readonly unconfirmed?: string;
    }
  | {
      readonly ok: false;
      readonly retryable: boolean;
      /** Short, secret-free cause: `errcode 310000 sign not match`, `HTTP 503`, `timeout after 5000 ms`. */
      readonly reason: string;
      /** A platform hint for the next attempt (Slack Retry-After, DingTalk rate-limit codes). */
      readonly retryAfterMs?: number;
      /** When the platform says the destination is blocked for a while (DingTalk: 10 minutes). */
      readonly blockedForMs?: number;
      readonly error?: Error;
    };

export type SendFailure = Extract<SendResult, { readonly ok: false }>;

/** How many messages a destination may take in a rolling window, and how many of them may go out alone. */
export interface RatePolicy {
  readonly limit: number;
  readonly windowMs: number;
  /** Below this many sends in the window a message goes out alone; at or above it, it waits for a digest. */
  readonly soloLimit: number;
  /** Most entries one digest message may carry (it must still fit the platform's size limit). */
  readonly digestMaxEntries: number;
}

export type DestinationKind = 'dingtalk' | 'slack' | 'console';

export interface Destination {
  /** Stable and secret-free, e.g. `dingtalk:ops`; used in logs, errors and dedupe keys. */
  readonly id: string;
  readonly kind: DestinationKind;
  readonly locale: Locale;
  readonly rate: RatePolicy;
  /**
   * Renders a notice into request bodies that fit the platform's limits (usually one). `composeIn`
   * gives the same message in another language, for a destination that shows more than one
   * platform's view (the local console page); chat platforms ignore it.
   */
  render(notice: Notice, key: string, composeIn?: (locale: Locale) => Notice): OutboundMessage[];
  /**
   * Whether the notice fits one message without being shrunk. A digest must name every entry, so
   * the outbox sends as many entries as fit whole and keeps the rest for the next message.
   */
  fitsWhole(notice: Notice, composeIn?: (locale: Locale) => Notice): boolean;
  send(message: OutboundMessage): Promise<SendResult>;
}

export const UNLIMITED: RatePolicy = {
  limit: Number.MAX_SAFE_INTEGER,
  windowMs: 60_000,
  soloLimit: Number.MAX_SAFE_INTEGER,
  digestMaxEntries: 100,
};

/** Classifies a failed HTTP exchange the same way for every platform: 5xx, 429 and timeouts retry. */
export function classifyHttpFailure(status: number, detail: string, retryAfterMs?: number): SendFailure {
  const retryable = status >= 500 || status === 429 || status === 408;
  return {
    ok: false,
    retryable,
    reason: redactSecrets(`HTTP ${status}${detail ? ` ${detail}` : ''}`),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  };
}

/** Errors a request never left the machine with: nothing can have been posted, so a retry is safe anywhere. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

function errorCode(error: Error): string | undefined {
  const code = (error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * A thrown fetch. A request that never left (connection refused, DNS) is retried. One that got no
 * answer (timeout, connection reset) may have been posted: it is retried only where the platform
 * drops a repeat by an idempotency key (`isIdempotent`: DingTalk's msgUuid); elsewhere (Slack has
 * none) it is not retried and counts as sent, unconfirmed — at most once instead of 2–4 copies.
 */
export function classifyNetworkFailure(
  error: unknown,
  timeoutMs: number,
  options: { readonly isIdempotent: boolean },
): SendResult {
  const err = error instanceof Error ? error : new Error(String(error));
  const isTimeout = err.name === 'TimeoutError' || err.name === 'AbortError';
  const reason = isTimeout ? `timeout after ${timeoutMs} ms` : redactSecrets(`network error: ${err.message}`);
  const wasSent = isTimeout || !NOT_SENT_CODES.has(errorCode(err) ?? '');
  if (wasSent && !options.isIdempotent) return { ok: true, unconfirmed: `${reason}; not retried (may have posted)` };
  return { ok: false, retryable: true, reason, error: err };
}

/** `Retry-After` seconds (or an HTTP date) in milliseconds. */
export function parseRetryAfter(header: string | null, nowMs: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
