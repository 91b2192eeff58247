/**
 * What the bytes, TCU and QueryInsights models need to know of a table without reading it: rows per
 * minute of `time`, rows per value of the partition key (measure_name or the table's own key), and the
 * summed stored width of each column — kept as rows are written, replaced and expired.
 */
import { VERSION_COLUMN, type MeasureType, type TableMeta } from '../catalog.ts';
import { quoteIdent, type Engine } from '../engine.ts';
import type { ScanStats } from '../query/bytes-model.ts';
import { partitionColumn, partitionKeyOf } from '../partition-key.ts';
import type { NormalizedRecord } from '../records.ts';

export const MINUTE_MICROS = 60_000_000;

export class TableStats implements ScanStats {
  private readonly rowsPerMinute = new Map<number, number>();
  private readonly widthSums = new Map<string, number>();
  /** Partition key value → rows ('' for rows without the key dimension). */
  private readonly rowsPerKeyValue = new Map<string, number>();
  private rowCount = 0;
  /** The partition key's column (a table's key never changes). */
  readonly keyColumn: string;

  constructor(private readonly meta: TableMeta) {
    this.keyColumn = partitionColumn(partitionKeyOf(meta));
  }

  /** Counts the rows already stored (after a restart). */
  async load(engine: Engine, source: string, columns: readonly string[]): Promise<void> {
    await this.loadKeyValues(engine, source, columns);
    const minutes = (await (
      await engine.exec(`SELECT epoch_us(time) // ${MINUTE_MICROS} AS minute, count(*) FROM ${source} GROUP BY 1`)
    ).getRows()) as [bigint, bigint][];
    for (const [minute, count] of minutes) this.addRows(Number(minute), Number(count));
    const measured = columns.filter((column) => column !== VERSION_COLUMN);
    if (minutes.length === 0 || measured.length === 0) return;
    const [sums] = (await (
      await engine.exec(`SELECT ${measured.map((column) => `sum(${this.widthSql(column)})`).join(', ')} FROM ${source}`)
    ).getRows()) as unknown[][];
    measured.forEach((column, index) => this.bump(column, Number(sums?.[index] ?? 0)));
  }

  /** Recounts the rows per partition key value (after rows were deleted by retention). */
  async loadKeyValues(engine: Engine, source: string, columns: readonly string[]): Promise<void> {
    this.rowsPerKeyValue.clear();
    const key = columns.includes(this.keyColumn) ? `coalesce(${quoteIdent(this.keyColumn)}, '')` : `''`;
    const counts = (await (await engine.exec(`SELECT ${key}, count(*) FROM ${source} GROUP BY 1`)).getRows()) as [
      string,
      bigint,
    ][];
    for (const [value, count] of counts) this.rowsPerKeyValue.set(value, Number(count));
  }

  /** Partition key values with rows, and how many rows each holds. */
  keyValues(): ReadonlyMap<string, number> {
    return this.rowsPerKeyValue;
  }

  get rows(): number {
    return this.rowCount;
  }

  /** Hours (of `hoursPerBucket`) in [fromMicros, toMicros] that hold rows. */
  timeBucketsBetween(fromMicros: number, toMicros: number, hoursPerBucket: number): number {
    const bucketMinutes = hoursPerBucket * 60;
    const buckets = new Set<number>();
    for (const minute of this.rowsPerMinute.keys()) {
      const start = minute * MINUTE_MICROS;
      if (start + MINUTE_MICROS > fromMicros && start <= toMicros) buckets.add(Math.floor(minute / bucketMinutes));
    }
    return buckets.size;
  }

  rowsBetween(fromMicros: number, toMicros: number): number {
    let rows = 0;
    for (const [minute, count] of this.rowsPerMinute) {
      const start = minute * MINUTE_MICROS;
      if (start + MINUTE_MICROS > fromMicros && start <= toMicros) rows += count;
    }
    return rows;
  }

  averageWidth(column: string): number {
    return this.rowCount > 0 ? (this.widthSums.get(column) ?? 0) / this.rowCount : 0;
  }

  /** Whether any row is older than this minute (cheap: no query). */
  hasRowsUpTo(minute: number): boolean {
    for (const each of this.rowsPerMinute.keys()) if (each <= minute) return true;
    return false;
  }

  written(record: NormalizedRecord): void {
    this.addRows(Math.floor(record.timeMicros / MINUTE_MICROS), 1);
    this.countKeyValue(record, 1);
    this.bump('measure_name', Buffer.byteLength(record.measureName));
    this.bump('time', 8);
    for (const [name, value] of record.dimensions) this.bump(name, Buffer.byteLength(value));
    for (const measure of record.measures) {
      const width =
        typeof measure.value === 'string' ? Buffer.byteLength(measure.value) : measure.type === 'BOOLEAN' ? 1 : 8;
      this.bump(measure.name, width);
    }
  }

  /** A row replaced by a higher Version: its count goes (its widths stay, a small overestimate). */
  replaced(record: NormalizedRecord): void {
    this.addRows(Math.floor(record.timeMicros / MINUTE_MICROS), -1);
    this.countKeyValue(record, -1);
  }

  private countKeyValue(record: NormalizedRecord, rows: number): void {
    const value =
      this.keyColumn === 'measure_name' ? record.measureName : (record.dimensions.get(this.keyColumn) ?? '');
    const left = (this.rowsPerKeyValue.get(value) ?? 0) + rows;
    if (left > 0) this.rowsPerKeyValue.set(value, left);
    else this.rowsPerKeyValue.delete(value);
  }

  /** Rows deleted by retention: per minute, and the widths of every column they held. */
  expired(minutes: readonly [minute: number, count: number][], widths: ReadonlyMap<string, number>): number {
    let deleted = 0;
    for (const [minute, count] of minutes) {
      this.addRows(minute, -count);
      deleted += count;
    }
    for (const [column, width] of widths) this.bump(column, -width);
    return deleted;
  }

  /** SQL for the stored width of a column in one row (VARCHAR: bytes of text; numbers, timestamps: 8; booleans: 1). */
  widthSql(column: string): string {
    const type = this.columnType(column);
    return type === 'VARCHAR'
      ? `coalesce(strlen(${quoteIdent(column)}), 0)`
      : `CASE WHEN ${quoteIdent(column)} IS NULL THEN 0 ELSE ${type === 'BOOLEAN' ? 1 : 8} END`;
  }

  private columnType(column: string): MeasureType | 'TIME' {
    if (column === 'measure_name' || this.meta.dimensions.includes(column)) return 'VARCHAR';
    if (column === 'time') return 'TIME';
    if (column.startsWith('measure_value::'))
      return column.slice('measure_value::'.length).toUpperCase() as MeasureType;
    return this.meta.multiMeasures[column] ?? 'VARCHAR';
  }

  private addRows(minute: number, count: number): void {
    const left = (this.rowsPerMinute.get(minute) ?? 0) + count;
    if (left > 0) this.rowsPerMinute.set(minute, left);
    else this.rowsPerMinute.delete(minute);
    this.rowCount += count;
  }

  private bump(column: string, amount: number): void {
    this.widthSums.set(column, (this.widthSums.get(column) ?? 0) + amount);
  }
}
