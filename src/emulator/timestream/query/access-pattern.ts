/**
 * How a query reaches each table it reads, in Timestream's terms: the share of the spatial axis
 * (partition key values) and the time range it covers, the partitions it touches (spatial × time
 * buckets that hold rows), and the bytes it scans after pruning. The bytes model, the TCU model and
 * QueryInsights read these one figures
 * (https://docs.aws.amazon.com/timestream/latest/developerguide/query-insights-optimize-data-access-pattern.html).
 */
import type { TableMeta } from '../catalog.ts';
import type { TableStats } from '../store/table-stats.ts';
import { pinnedValues, timeBounds, type PlanFacts, type TableScan } from './query-plan.ts';

const NANOS_PER_MICRO = 1000;

export interface TableAccess {
  readonly table: TableMeta;
  /** measure_name, or the table's customer-defined partition key. */
  readonly partitionKey: string;
  /** Key values read ÷ key values holding rows, 0..1 (an empty table: 0). */
  readonly spatialCoverage: number;
  /** Nanoseconds from the first to the last instant the scan may read. */
  readonly temporalRangeNs: number;
  /** Key values read × time buckets with rows in the range. */
  readonly partitions: number;
  readonly bytesScanned: number;
}

export interface QueryAccess {
  readonly tables: readonly TableAccess[];
  readonly heavyOperators: number;
  readonly bytesScanned: number;
  readonly partitions: number;
}

export interface AccessContext {
  /** The table behind a scan of `schema`.`dataTable`, with its statistics loaded; undefined for non-Timestream tables. */
  readonly tableOf: (schema: string, dataTable: string) => { meta: TableMeta; stats: TableStats } | undefined;
  readonly nowMs: number;
  /** A time partition's length (the TCU profile's `timeBucketHours`). */
  readonly timeBucketHours: number;
}

export function accessOf(plan: PlanFacts, context: AccessContext): QueryAccess {
  const tables: TableAccess[] = [];
  for (const scan of plan.scans) {
    const found = context.tableOf(scan.schema, scan.table);
    if (found) tables.push(scanAccess(scan, found.meta, found.stats, context));
  }
  return {
    tables,
    heavyOperators: plan.heavyOperators,
    bytesScanned: Math.round(tables.reduce((sum, table) => sum + table.bytesScanned, 0)),
    partitions: tables.reduce((sum, table) => sum + table.partitions, 0),
  };
}

function scanAccess(scan: TableScan, meta: TableMeta, stats: TableStats, context: AccessContext): TableAccess {
  const keyValues = stats.keyValues();
  const pinned = pinnedValues(scan.filters, stats.keyColumn);
  const read = pinned ? [...keyValues.keys()].filter((value) => pinned.has(value)) : [...keyValues.keys()];
  const rowsInRead = read.reduce((sum, value) => sum + (keyValues.get(value) ?? 0), 0);
  const spatialShare = stats.rows > 0 ? rowsInRead / stats.rows : 0;

  const bounds = timeBounds(scan.filters);
  const nowMicros = context.nowMs * 1000;
  // An open start reaches back as far as the table keeps data; an open end is now.
  const retentionMicros = (meta.retention.memoryHours * 3600 + meta.retention.magneticDays * 86_400) * 1_000_000;
  const fromMicros = Number.isFinite(bounds.from) ? bounds.from : nowMicros - retentionMicros;
  const toMicros = Number.isFinite(bounds.to) ? bounds.to : nowMicros;
  const lastNs = toMicros * NANOS_PER_MICRO - (bounds.isToExclusive ? 1 : 0);
  const temporalRangeNs = Math.max(0, lastNs - fromMicros * NANOS_PER_MICRO);

  const width = scan.columns.reduce((sum, column) => sum + stats.averageWidth(column), 0);
  const bytesScanned = stats.rowsBetween(fromMicros, toMicros) * width * spatialShare;
  const timeBuckets = stats.timeBucketsBetween(fromMicros, toMicros, context.timeBucketHours);
  return {
    table: meta,
    partitionKey: stats.keyColumn,
    spatialCoverage: keyValues.size > 0 ? read.length / keyValues.size : 0,
    temporalRangeNs,
    partitions: read.length * timeBuckets,
    bytesScanned,
  };
}

/** Timestream's QueryInsightsResponse: the worst table on each axis, the table count, the output's size. */
export function queryInsights(access: QueryAccess, output: { rows: number; bytes: number }): Record<string, unknown> {
  const widest = maxBy(access.tables, (table) => table.spatialCoverage);
  const longest = maxBy(access.tables, (table) => table.temporalRangeNs);
  return {
    ...(widest
      ? {
          QuerySpatialCoverage: {
            Max: { Value: widest.spatialCoverage, TableArn: widest.table.arn, PartitionKey: [widest.partitionKey] },
          },
        }
      : {}),
    ...(longest
      ? { QueryTemporalRange: { Max: { Value: longest.temporalRangeNs, TableArn: longest.table.arn } } }
      : {}),
    QueryTableCount: new Set(access.tables.map((table) => table.table.arn)).size,
    OutputRows: output.rows,
    OutputBytes: output.bytes,
  };
}

function maxBy<T>(items: readonly T[], value: (item: T) => number): T | undefined {
  let best: T | undefined;
  for (const item of items) if (best === undefined || value(item) > value(best)) best = item;
  return best;
}

/** OutputBytes of QueryInsights: the UTF-8 bytes of every scalar value in the result (an assumption). */
export function outputBytes(rows: readonly string[]): number {
  let bytes = 0;
  const visit = (datum: unknown): void => {
    if (datum === null || typeof datum !== 'object') return;
    const value = datum as { ScalarValue?: string; [key: string]: unknown };
    if (typeof value.ScalarValue === 'string') bytes += Buffer.byteLength(value.ScalarValue);
    for (const child of Object.values(value)) if (typeof child === 'object') visit(child);
  };
  for (const row of rows) visit(JSON.parse(row));
  return bytes;
}
