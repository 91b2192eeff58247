import { describe, expect, it } from 'vitest';
import type { Destination, OutboundMessage, SendResult } from '../../../src/chat/destination.ts';
import { sendWithRetry } from '../../../src/chat/outbox/retry.ts';
import { backoffDelayMs } from '../../../src/shared/backoff.ts';
import type { Logger } from '../../../src/shared/logger.ts';
import { VirtualClock } from '../../support/virtual-clock.ts';

/** A destination that answers from a script, and notes when each attempt came. */
function scripted(clock: VirtualClock, answers: SendResult[]): Destination & { attemptsAt: number[] } {
  const attemptsAt: number[] = [];
  return {
    id: 'slack:test',
    kind: 'slack',
    locale: 'en',
    rate: { limit: 100, windowMs: 60_000, soloLimit: 100, digestMaxEntries: 10 },
    render: () => [],
    fitsWhole: () => true,
    send: () => {
      attemptsAt.push(clock.now());
      return Promise.resolve(answers.shift() ?? { ok: true });
    },
    attemptsAt,
  };
}

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const logger: Logger & { warnings: string[] } = {
    debug: () => undefined,
    info: () => undefined,
    warn: (_message, fields) => void warnings.push(String(fields?.reason)),
    error: () => undefined,
    child: () => logger,
    warnings,
  };
  return logger;
}

const message = { body: {} } as unknown as OutboundMessage;
const busy: SendResult = { ok: false, retryable: true, reason: 'HTTP 503' };
const noRandom = () => 0;

describe('sendWithRetry', () => {
  it('retries what is retryable with growing backoff until it succeeds', async () => {
    const clock = new VirtualClock(0);
    const destination = scripted(clock, [busy, busy, busy]);
    const logger = recordingLogger();
    const outcome = await clock.run(
      sendWithRetry(destination, message, { clock, logger, deadlineAtMs: 60_000, random: noRandom }),
    );
    expect(outcome).toEqual({ ok: true, attempts: 4 });
    // Equal jitter with random 0: half of 1 s, 2 s, 4 s.
    expect(destination.attemptsAt).toEqual([0, 500, 1500, 3500]);
    // The same reason each time is logged once.
    expect(logger.warnings).toEqual(['HTTP 503']);
  });

  it('gives up at once on a permanent failure', async () => {
    const clock = new VirtualClock(0);
    const destination = scripted(clock, [{ ok: false, retryable: false, reason: 'errcode 310000' }]);
    const outcome = await clock.run(
      sendWithRetry(destination, message, { clock, logger: recordingLogger(), deadlineAtMs: 60_000 }),
    );
    expect(outcome).toMatchObject({ ok: false, attempts: 1, reason: 'errcode 310000' });
  });

  it('stops when the next wait would pass the deadline, and says so', async () => {
    const clock = new VirtualClock(0);
    const destination = scripted(
      clock,
      Array.from({ length: 20 }, () => busy),
    );
    const outcome = await clock.run(
      sendWithRetry(destination, message, { clock, logger: recordingLogger(), deadlineAtMs: 4000, random: noRandom }),
    );
    expect(outcome).toMatchObject({ ok: false, attempts: 4, reason: 'HTTP 503; no time left to retry' });
    expect(clock.now()).toBeLessThanOrEqual(4000);
  });

  it("waits at least the platform's hint (rate limited: a minute) and logs when the reason changes", async () => {
    const clock = new VirtualClock(0);
    const limited: SendResult = { ok: false, retryable: true, reason: 'errcode 410100', retryAfterMs: 60_000 };
    const destination = scripted(clock, [limited, busy]);
    const logger = recordingLogger();
    await clock.run(sendWithRetry(destination, message, { clock, logger, deadlineAtMs: 600_000, random: noRandom }));
    expect(destination.attemptsAt).toEqual([0, 60_000, 61_000]);
    expect(logger.warnings).toEqual(['errcode 410100', 'HTTP 503']);
  });

  it('reports a failure with its error and blocked time when the deadline has already passed', async () => {
    const clock = new VirtualClock(10_000);
    const error = new Error('socket hang up');
    const destination = scripted(clock, [{ ...busy, error, blockedForMs: 600_000 }]);
    const outcome = await clock.run(
      sendWithRetry(destination, message, { clock, logger: recordingLogger(), deadlineAtMs: 5_000 }),
    );
    expect(outcome).toMatchObject({ ok: false, attempts: 1, error, blockedForMs: 600_000 });
  });
});

describe('backoffDelayMs', () => {
  it('doubles from the base up to the ceiling, half fixed and half jitter', () => {
    expect([1, 2, 3, 4, 10].map((attempt) => backoffDelayMs(attempt, 1000, 8000, () => 0))).toEqual([
      500, 1000, 2000, 4000, 4000,
    ]);
    expect(backoffDelayMs(3, 1000, 8000, () => 1)).toBe(4000);
  });
});
