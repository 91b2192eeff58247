/**
 * Which records a table takes by their time: from the start of its memory retention (or of its
 * magnetic retention when magnetic writes are on) to 15 minutes ahead of now, as Timestream does
 * (https://docs.aws.amazon.com/timestream/latest/developerguide/storage.html).
 */
import type { TableMeta } from '../catalog.ts';
import type { NormalizedRecord, Rejection } from '../records.ts';

const FUTURE_WINDOW_MICROS = 15 * 60 * 1_000_000;

/** A call's records after the checks that need no lookup. */
export interface CheckedCall {
  accepted: NormalizedRecord[];
  readonly rejections: Rejection[];
  /** Records at or after this time go to the memory store, older ones to the magnetic store. */
  readonly memoryFrom: number;
}

/** A call's records inside the ingestion window, and the rejections of the others. */
export function checkIngestionWindow(
  meta: TableMeta,
  records: readonly NormalizedRecord[],
  nowMs: number,
): CheckedCall {
  const nowMicros = nowMs * 1000;
  const memoryFrom = nowMicros - meta.retention.memoryHours * 3600 * 1_000_000;
  const magneticFrom = nowMicros - meta.retention.magneticDays * 86_400 * 1_000_000;
  // Without magnetic writes a record must be inside both retentions; the message names the memory one.
  const from = meta.magneticWrites.enabled ? magneticFrom : Math.max(memoryFrom, magneticFrom);
  const shownFrom = meta.magneticWrites.enabled ? magneticFrom : memoryFrom;
  const to = nowMicros + FUTURE_WINDOW_MICROS;
  const accepted: NormalizedRecord[] = [];
  const rejections: Rejection[] = [];
  for (const record of records) {
    if (record.timeMicros >= from && record.timeMicros <= to) accepted.push(record);
    else {
      rejections.push({
        RecordIndex: record.index,
        Reason: `The record timestamp is outside the time range [${new Date(shownFrom / 1000).toISOString()}, ${new Date(to / 1000).toISOString()}) of the data ingestion window.`,
      });
    }
  }
  return { accepted, rejections, memoryFrom };
}
