/**
 * The outbox: every message the bot posts goes through here, once per destination, as a pipeline of
 * small stages — claim (by message id, atomically: dedupe) → admit (rate window, or queue for a digest) → render (fit the
 * platform's size) → send with retry → record. A message that still fails raises OutboxDeliveryError, so
 * a Lambda invocation fails, is retried, and finally lands in its dead-letter queue.
 */
import { randomUUID } from 'node:crypto';
import type { Locale } from '../../shared/locale.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';
import { uuidFromKey } from '../../shared/stable-id.ts';
import { digestNotice } from '../digest.ts';
import type { Destination, OutboundMessage } from '../destination.ts';
import type { DigestEntry, Notice } from '../notice.ts';
import type { DeliveryStore } from './delivery-store.ts';
import { DeliveryError, OutboxDeliveryError } from './errors.ts';
import {
  abandonInFlight,
  admit,
  blockLane,
  claimDigest,
  narrowDigest,
  settleInFlight,
  type LanePolicy,
} from './lane.ts';
import { sendWithRetry, type RetryOutcome } from './retry.ts';

/** A message to post: its idempotency id, how to say it in a language, and its digest line. */
export interface OutboxItem {
  readonly id: string;
  readonly compose: (locale: Locale) => Notice;
  readonly digest: DigestEntry;
}

/**
 * `unconfirmed`: the platform never answered and takes no idempotency key (Slack), so the message was
 * not sent again: it is recorded as sent, at most once.
 */
export type DeliveryStatus = 'sent' | 'unconfirmed' | 'digested' | 'duplicate';
export interface DeliveryOutcome {
  readonly destination: string;
  readonly status: DeliveryStatus;
}

export interface OutboxOptions {
  readonly destinations: readonly Destination[];
  readonly store: DeliveryStore;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Zone for digest times. */
  readonly timeZone: string;
  /** How long a delivered id is remembered for dedupe. */
  readonly dedupeTtlMs?: number;
  /** A digest waits this long after its first entry to gather the burst. */
  readonly digestDelayMs?: number;
  /** Used when `deliver` gets no deadline (local runs). */
  readonly defaultBudgetMs?: number;
  readonly random?: () => number;
}

/** How often a waiter looks again while another sender holds its entry (a claim, or a digest being sent). */
const IN_FLIGHT_POLL_MS = 1000;
/** A claim outlives its sender's deadline by this much, so it is never taken while the sender may still post. */
const CLAIM_MARGIN_MS = 5000;

export class DeadlineError extends Error {
  override name = 'DeadlineError';
}

export class Outbox {
  constructor(private readonly options: OutboxOptions) {}

  get destinations(): readonly Destination[] {
    return this.options.destinations;
  }

  /**
   * Posts `item` to every configured destination, or to `to`. Resolves with each outcome; throws
   * OutboxDeliveryError naming every destination that failed, after all have been tried.
   */
  async deliver(
    item: OutboxItem,
    options: { deadlineAtMs?: number; to?: readonly Destination[] } = {},
  ): Promise<DeliveryOutcome[]> {
    const { clock } = this.options;
    const deadlineAtMs = options.deadlineAtMs ?? clock.now() + (this.options.defaultBudgetMs ?? 10 * 60_000);
    // Alarms go to every configured destination; replies to the conversation that asked (`to`).
    const targets = options.to ?? this.options.destinations;
    const notices = new Map<Locale, Notice>();
    const composeOnce = (locale: Locale) => {
      let notice = notices.get(locale);
      if (!notice) notices.set(locale, (notice = item.compose(locale)));
      return notice;
    };
    const settled = await Promise.allSettled(
      targets.map((destination) => this.deliverTo(destination, item, composeOnce, deadlineAtMs)),
    );
    const failures: DeliveryError[] = [];
    const outcomes: DeliveryOutcome[] = [];
    settled.forEach((result, index) => {
      const destination = targets[index]!.id;
      if (result.status === 'fulfilled') outcomes.push({ destination, status: result.value });
      else
        failures.push(
          result.reason instanceof DeliveryError
            ? result.reason
            : new DeliveryError(destination, String(result.reason), 0, { cause: result.reason }),
        );
    });
    for (const outcome of outcomes) this.options.logger.info('delivered', { messageId: item.id, ...outcome });
    if (failures.length > 0) {
      for (const failure of failures)
        this.options.logger.error('delivery failed', {
          messageId: item.id,
          destination: failure.destinationId,
          reason: failure.reason,
          attempts: failure.attempts,
        });
      throw new OutboxDeliveryError(item.id, failures);
    }
    return outcomes;
  }

  private async deliverTo(
    destination: Destination,
    item: OutboxItem,
    compose: (locale: Locale) => Notice,
    deadlineAtMs: number,
  ): Promise<DeliveryStatus> {
    const { store } = this.options;
    const deliveredKey = `${destination.id}|${item.id}`;
    const owner = randomUUID();
    if ((await this.claim(destination, deliveredKey, owner, deadlineAtMs)) === 'delivered') return 'duplicate';
    try {
      return await this.post(destination, item, compose, { key: deliveredKey, owner }, deadlineAtMs);
    } catch (error) {
      // Not posted: give the claim back so a retry need not wait for its lease to run out.
      await store.release(deliveredKey, owner).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Claims the delivery (claim, then post: two senders of one message never both post it). While
   * another sender holds it, waits for that sender to finish or its lease to run out.
   */
  private async claim(
    destination: Destination,
    key: string,
    owner: string,
    deadlineAtMs: number,
  ): Promise<'claimed' | 'delivered'> {
    const { store, clock } = this.options;
    for (;;) {
      const result = await store.claim(key, owner, clock.now(), deadlineAtMs + CLAIM_MARGIN_MS);
      if (result !== 'held') return result;
      if (clock.now() + IN_FLIGHT_POLL_MS > deadlineAtMs)
        throw new DeliveryError(destination.id, 'another sender is posting this message; not known to be done', 0);
      await clock.sleep(IN_FLIGHT_POLL_MS);
    }
  }

  private async post(
    destination: Destination,
    item: OutboxItem,
    compose: (locale: Locale) => Notice,
    delivery: { key: string; owner: string },
    deadlineAtMs: number,
  ): Promise<DeliveryStatus> {
    const { store, clock } = this.options;
    const messages = destination.render(compose(destination.locale), delivery.key, compose);
    const policy = this.policyFor(destination);
    const claim = { owner: delivery.owner, leaseUntilMs: deadlineAtMs + CLAIM_MARGIN_MS };
    const decision = await store.updateLane(destination.id, (lane) =>
      admit(lane, item.digest, messages.length, clock.now(), policy, claim),
    );
    if (decision.action === 'queue') {
      this.options.logger.debug('queued for digest', {
        messageId: item.id,
        destination: destination.id,
        reason: decision.reason,
      });
      return this.waitForDigest(destination, item.id, deadlineAtMs);
    }
    let isConfirmed = true;
    try {
      for (const message of messages) {
        if (!(await this.send(destination, message, deadlineAtMs))) isConfirmed = false;
      }
    } catch (error) {
      await store.updateLane(destination.id, (lane) => abandonInFlight(lane, delivery.owner, clock.now()));
      throw error;
    }
    await this.markDelivered(destination, [item.id]);
    await store.updateLane(destination.id, (lane) => settleInFlight(lane, delivery.owner));
    return isConfirmed ? 'sent' : 'unconfirmed';
  }

  /** Until our entry is delivered: claim a digest when one is due, else sleep until it is. */
  private async waitForDigest(destination: Destination, itemId: string, deadlineAtMs: number): Promise<DeliveryStatus> {
    const { store, clock } = this.options;
    const policy = this.policyFor(destination);
    for (;;) {
      if (await store.isDelivered(`${destination.id}|${itemId}`, clock.now())) return 'digested';
      const owner = randomUUID();
      const claim = await store.updateLane(destination.id, (lane) =>
        claimDigest(lane, clock.now(), policy, { owner, leaseUntilMs: deadlineAtMs + CLAIM_MARGIN_MS }),
      );
      if (claim.action === 'send-digest') {
        await this.sendDigest(destination, claim.entries, { owner, again: claim.again }, deadlineAtMs);
        continue;
      }
      const wakeAtMs = claim.action === 'wait' ? claim.wakeAtMs : clock.now() + IN_FLIGHT_POLL_MS;
      if (wakeAtMs > deadlineAtMs) {
        throw new DeliveryError(
          destination.id,
          'still waiting for a digest slot at the deadline; the entry stays queued',
          0,
          {
            cause: new DeadlineError(`deadline ${new Date(deadlineAtMs).toISOString()}`),
          },
        );
      }
      await clock.sleep(wakeAtMs - clock.now());
    }
  }

  /**
   * Sends one digest naming as many of `claimed` as fit one message whole (every entry by name, state
   * and region); the rest go back to the head of the queue for the next message, within the rate.
   * A dead sender's digest (`again`) was fitted already and goes as it was, under the same key.
   * Only the entries named in a message the platform accepted are marked delivered.
   */
  private async sendDigest(
    destination: Destination,
    claimed: readonly DigestEntry[],
    claim: { owner: string; again: boolean },
    deadlineAtMs: number,
  ): Promise<void> {
    const { store, clock, timeZone } = this.options;
    const digestOf = (entries: readonly DigestEntry[]) => (locale: Locale) =>
      digestNotice(entries, { locale, timeZone, perMinute: destination.rate.limit });
    const entries = claim.again ? claimed : claimed.slice(0, this.countThatFits(destination, claimed, digestOf));
    if (entries.length < claimed.length) {
      await store.updateLane(destination.id, (lane) => narrowDigest(lane, claim.owner, entries, clock.now()));
    }
    const digestIn = digestOf(entries);
    const key = `${destination.id}|digest|${uuidFromKey(entries.map((entry) => entry.id).join(','))}`;
    const [message] = destination.render(digestIn(destination.locale), key, digestIn);
    try {
      if (message) await this.send(destination, message, deadlineAtMs);
    } catch (error) {
      await store.updateLane(destination.id, (lane) => abandonInFlight(lane, claim.owner, clock.now()));
      throw error;
    }
    await this.markDelivered(
      destination,
      entries.map((entry) => entry.id),
    );
    await store.updateLane(destination.id, (lane) => settleInFlight(lane, claim.owner));
    this.options.logger.info('digest delivered', {
      destination: destination.id,
      entries: entries.length,
      queuedForNext: claimed.length - entries.length,
      again: claim.again,
    });
  }

  /** The most leading entries one digest message holds whole (binary search: fitting is monotone). */
  private countThatFits(
    destination: Destination,
    claimed: readonly DigestEntry[],
    digestOf: (entries: readonly DigestEntry[]) => (locale: Locale) => Notice,
  ): number {
    const fits = (count: number) => {
      const digestIn = digestOf(claimed.slice(0, count));
      return destination.fitsWhole(digestIn(destination.locale), digestIn);
    };
    let low = 1;
    let high = claimed.length;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (fits(mid)) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /** Sends with retry; true when the platform confirmed, false when it never answered (see DeliveryStatus). */
  private async send(destination: Destination, message: OutboundMessage, deadlineAtMs: number): Promise<boolean> {
    const { clock, logger, store } = this.options;
    const outcome: RetryOutcome = await sendWithRetry(destination, message, {
      clock,
      logger,
      deadlineAtMs,
      random: this.options.random,
    });
    if (outcome.ok) return outcome.unconfirmed === undefined;
    if (outcome.blockedForMs) {
      const until = clock.now() + outcome.blockedForMs;
      await store.updateLane(destination.id, (lane) => blockLane(lane, until));
    }
    throw new DeliveryError(destination.id, outcome.reason, outcome.attempts, { cause: outcome.error });
  }

  private async markDelivered(destination: Destination, ids: readonly string[]): Promise<void> {
    const { store, clock } = this.options;
    await store.markDelivered(
      ids.map((id) => `${destination.id}|${id}`),
      clock.now() + (this.options.dedupeTtlMs ?? 24 * 3600_000),
    );
  }

  private policyFor(destination: Destination): LanePolicy {
    return { ...destination.rate, digestDelayMs: this.options.digestDelayMs ?? 10_000 };
  }
}
