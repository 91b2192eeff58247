/**
 * The alarm path's use case: an inbound notification becomes an outbox item (composed per language),
 * and a Lambda SNS event is forwarded record by record — one bad record never stops the others, and
 * the batch fails afterwards naming each record that did not go out.
 */
import type { DeliveryOutcome, Outbox, OutboxItem } from '../chat/outbox/outbox.ts';
import { createHash } from 'node:crypto';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import { graphFor, type AlarmGraph, type GraphStore } from './graph/alarm-graphs.ts';
import type { AlarmMutes, Mute } from './alarm-mutes.ts';
import { digestEntryFor, noticeFor } from './alarm-notice.ts';
import type { AlarmHistory } from './alarm-history.ts';
import { inboundFromSns, type InboundNotification } from './inbound.ts';
import { parseLambdaSnsEvent } from './sns-envelope.ts';

export function outboxItemFor(
  inbound: InboundNotification,
  timeZone: string,
  alarmSinceMs?: number,
  extras: { readonly graph?: AlarmGraph; readonly muted?: Mute | undefined } = {},
): OutboxItem {
  // A muted alarm's repeats wait for the digest instead of posting alone; its recovery still posts (quietly).
  const isMutedRepeat =
    extras.muted !== undefined && inbound.content.kind === 'alarm' && inbound.content.alarm.state === 'ALARM';
  return {
    id: inbound.id,
    compose: (locale) => noticeFor(inbound, { locale, timeZone, alarmSinceMs, ...extras }),
    digest: { ...digestEntryFor(inbound), ...(isMutedRepeat ? { muted: true } : {}) },
  };
}

export interface AlarmRouting {
  readonly outbox: Outbox;
  readonly history: AlarmHistory;
  readonly timeZone: string;
  /** Muted alarms: their messages page no one. */
  readonly mutes?: AlarmMutes | undefined;
  /** Whose "now" a mute is judged by (the wiring's clock). */
  readonly clock?: Clock | undefined;
  /** Where alarm graphs are drawn and kept; without it messages carry none. */
  readonly graphs?: { readonly store: GraphStore; readonly clock: Clock; readonly logger: Logger } | undefined;
}

/** What goes with an alarm's message besides the alarm: its graph, and the mute in force, if any. */
export async function extrasOf(
  inbound: InboundNotification,
  routing: AlarmRouting,
  alarmSinceMs: number | undefined,
): Promise<{ graph: AlarmGraph; muted: Mute | undefined }> {
  const [graph, muted] = await Promise.all([
    graphOf(inbound, routing, alarmSinceMs),
    inbound.content.kind === 'alarm' && routing.mutes && routing.clock
      ? routing.mutes.mutedAt(inbound.content.alarm.name, routing.clock.now())
      : Promise.resolve(undefined),
  ]);
  return { graph, muted };
}

/** The graph for an inbound alarm's message (bounded in time; never fails the delivery). */
export async function graphOf(
  inbound: InboundNotification,
  routing: AlarmRouting,
  alarmSinceMs: number | undefined,
): Promise<AlarmGraph> {
  if (inbound.content.kind !== 'alarm' || !routing.graphs) return undefined;
  // One key per message: a retried delivery draws again and replaces it.
  const key = createHash('sha256').update(inbound.id).digest('hex').slice(0, 32);
  return graphFor(inbound.content.alarm, { ...routing.graphs, alarmSinceMs, key });
}

/** Records the state change (for "lasted …" on recovery) and posts the notification everywhere. */
export async function deliverInbound(
  inbound: InboundNotification,
  routing: AlarmRouting,
  deadlineAtMs?: number,
): Promise<DeliveryOutcome[]> {
  const alarmSinceMs =
    inbound.content.kind === 'alarm' ? await routing.history.recordStateChange(inbound.content.alarm) : undefined;
  const extras = await extrasOf(inbound, routing, alarmSinceMs);
  return routing.outbox.deliver(
    outboxItemFor(inbound, routing.timeZone, alarmSinceMs, extras),
    deadlineAtMs === undefined ? {} : { deadlineAtMs },
  );
}

export class RecordsFailedError extends AggregateError {
  override name = 'RecordsFailedError';
}

export interface ForwardOptions extends AlarmRouting {
  readonly logger: Logger;
  readonly deadlineAtMs: number;
}

/** Forwards every record of a Lambda SNS event; throws RecordsFailedError listing the failures. */
export async function forwardSnsEvent(event: unknown, options: ForwardOptions): Promise<{ delivered: number }> {
  const records = parseLambdaSnsEvent(event);
  const results = await Promise.allSettled(
    records.map(async (record) => {
      if (!record.ok) throw record.error;
      const inbound = inboundFromSns(record.message);
      await deliverInbound(inbound, options, options.deadlineAtMs);
      return inbound.id;
    }),
  );
  const failures = results.flatMap((result, index) =>
    result.status === 'rejected' ? [{ index, error: result.reason as Error }] : [],
  );
  for (const failure of failures) {
    options.logger.error('record not forwarded', { record: index(failure.index, records), error: failure.error });
  }
  if (failures.length > 0) {
    throw new RecordsFailedError(
      failures.map((failure) => failure.error),
      `${failures.length} of ${records.length} SNS record(s) not forwarded: ${failures.map((failure) => `${index(failure.index, records)}: ${failure.error.message}`).join(' | ')}`,
    );
  }
  return { delivered: records.length };
}

function index(position: number, records: ReturnType<typeof parseLambdaSnsEvent>): string {
  const record = records[position];
  return record?.ok ? `Records[${position}] (MessageId ${record.message.messageId})` : `Records[${position}]`;
}
