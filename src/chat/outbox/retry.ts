/**
 * Send with retry: exponential backoff with jitter, bounded by a deadline (a Lambda's remaining time),
 * not by a fixed count; a platform hint (Retry-After, DingTalk rate-limit codes) stretches the wait.
 * A retry is logged only when its reason changes (Alertmanager notify/retry_stage.go).
 */
import type { Clock } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';
import { backoffDelayMs } from '../../shared/backoff.ts';
import type { Destination, OutboundMessage, SendResult } from '../destination.ts';

export interface RetryOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly deadlineAtMs: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly random?: () => number;
}

export type RetryOutcome =
  | { readonly ok: true; readonly attempts: number; readonly unconfirmed?: string }
  | {
      readonly ok: false;
      readonly attempts: number;
      readonly reason: string;
      readonly blockedForMs?: number;
      readonly error?: Error;
    };

export async function sendWithRetry(
  destination: Destination,
  message: OutboundMessage,
  options: RetryOptions,
): Promise<RetryOutcome> {
  const { clock, logger, deadlineAtMs } = options;
  const random = options.random ?? Math.random;
  let lastReason: string | undefined;
  for (let attempt = 1; ; attempt += 1) {
    const result: SendResult = await destination.send(message);
    if (result.ok) {
      if (result.unconfirmed) {
        logger.warn('sent, unconfirmed', {
          destination: destination.id,
          attempts: attempt,
          reason: result.unconfirmed,
        });
        return { ok: true, attempts: attempt, unconfirmed: result.unconfirmed };
      }
      if (attempt > 1) logger.info('delivered after retry', { destination: destination.id, attempts: attempt });
      return { ok: true, attempts: attempt };
    }
    const failure = {
      ok: false as const,
      attempts: attempt,
      reason: result.reason,
      blockedForMs: result.blockedForMs,
      error: result.error,
    };
    if (!result.retryable) return failure;
    const delayMs = Math.max(
      result.retryAfterMs ?? 0,
      backoffDelayMs(attempt, options.baseDelayMs ?? 1000, options.maxDelayMs ?? 30_000, random),
    );
    if (clock.now() + delayMs > deadlineAtMs) return { ...failure, reason: `${result.reason}; no time left to retry` };
    if (result.reason !== lastReason) {
      logger.warn('send failed, retrying', { destination: destination.id, attempt, reason: result.reason, delayMs });
      lastReason = result.reason;
    }
    await clock.sleep(delayMs);
  }
}
