/**
 * What a query is metered for. Under BYTES_SCANNED pricing Timestream meters whole MB with a 10 MB
 * minimum per query; under COMPUTE_UNITS nothing is metered by bytes (the bill is TCU-hours), as
 * scheduled-query reports show (`bytesMetered: 0` with bytes scanned;
 * https://docs.aws.amazon.com/timestream/latest/developerguide/API_query_ExecuteScheduledQuery.html).
 * The bytes scanned themselves come from query/access-pattern.ts.
 */

/** What a table can tell the models without being read (store/table-stats.ts keeps it). */
export interface ScanStats {
  /** Rows with time in [fromMicros, toMicros]. */
  rowsBetween(fromMicros: number, toMicros: number): number;
  /** Average stored width of a column in bytes. */
  averageWidth(column: string): number;
}

const MB = 1_000_000;
const MINIMUM_METERED_BYTES = 10 * MB;

export function meteredBytes(scannedBytes: number, pricingModel: 'COMPUTE_UNITS' | 'BYTES_SCANNED'): number {
  if (pricingModel === 'COMPUTE_UNITS') return 0;
  return Math.max(MINIMUM_METERED_BYTES, Math.ceil(scannedBytes / MB) * MB);
}
