/**
 * The local server's alarm intake: an alarm is acknowledged once it is in the journal (durable), then
 * delivered in the background; a bot started again on the same state file resumes every journaled
 * alarm not yet delivered, and the outbox's claims and dedupe keep that from posting anything twice.
 * On Lambda the SNS invocation plays the journal's part (retried until it succeeds, then
 * dead-lettered), so routes without an intake deliver before they answer.
 */
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import { extrasOf, outboxItemFor, type AlarmRouting } from './forward.ts';
import type { InboundNotification } from './inbound.ts';

export interface JournalEntry {
  readonly inbound: InboundNotification;
  /** When the alarm's ALARM began, for an OK message's "lasted …" (read when it arrived). */
  readonly alarmSinceMs: number | undefined;
  readonly acceptedAtMs: number;
}

export interface AlarmJournal {
  /** Records `entry`, on disk when this returns; false when its id is journaled already (a redelivery). */
  add(entry: JournalEntry): boolean;
  remove(id: string): void;
  entries(): JournalEntry[];
  size(): number;
}

/** A journaled alarm that could not be delivered (platform down, deadline) is tried again this much later. */
export const INTAKE_RETRY_AFTER_MS = 30_000;

export interface AlarmIntakeOptions {
  readonly journal: AlarmJournal;
  readonly routing: AlarmRouting;
  readonly clock: Clock;
  readonly logger: Logger;
}

export class AlarmIntake {
  private readonly running = new Map<string, Promise<void>>();
  private readonly stopping = new AbortController();

  constructor(private readonly options: AlarmIntakeOptions) {}

  /** Journals `inbound` and starts delivering it; resolves once it is durable, not delivered. */
  async accept(inbound: InboundNotification): Promise<'accepted' | 'already-accepted'> {
    const { journal, routing, clock } = this.options;
    const alarmSinceMs =
      inbound.content.kind === 'alarm' ? await routing.history.recordStateChange(inbound.content.alarm) : undefined;
    const entry: JournalEntry = { inbound, alarmSinceMs, acceptedAtMs: clock.now() };
    if (!journal.add(entry)) return 'already-accepted';
    this.start(entry);
    return 'accepted';
  }

  /** Starts delivering everything journaled and not yet delivered (at start-up); returns how many. */
  resume(): number {
    const entries = this.options.journal.entries();
    for (const entry of entries) this.start(entry);
    if (entries.length > 0) this.options.logger.info('resuming journaled alarms', { count: entries.length });
    return entries.length;
  }

  /** Alarms acknowledged and not yet delivered everywhere. */
  pending(): number {
    return this.options.journal.size();
  }

  /** Resolves when everything accepted so far has been delivered. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }

  /** Stops retrying; what is not delivered stays journaled for the next start. */
  close(): void {
    this.stopping.abort(new Error('intake closed'));
  }

  private start(entry: JournalEntry): void {
    const id = entry.inbound.id;
    if (this.running.has(id)) return;
    this.running.set(
      id,
      this.deliver(entry).finally(() => this.running.delete(id)),
    );
  }

  private async deliver(entry: JournalEntry): Promise<void> {
    const { journal, routing, clock, logger } = this.options;
    const extras = await extrasOf(entry.inbound, routing, entry.alarmSinceMs);
    const item = outboxItemFor(entry.inbound, routing.timeZone, entry.alarmSinceMs, extras);
    while (!this.stopping.signal.aborted) {
      try {
        await routing.outbox.deliver(item);
        journal.remove(entry.inbound.id);
        return;
      } catch (error) {
        logger.warn('journaled alarm not delivered yet', {
          deliveryId: entry.inbound.id,
          retryInMs: INTAKE_RETRY_AFTER_MS,
          error,
        });
        await clock.sleep(INTAKE_RETRY_AFTER_MS, this.stopping.signal).catch(() => undefined);
      }
    }
  }
}
