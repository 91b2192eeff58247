/**
 * The write side of one emulated table. Rows go through one long-lived DuckDB appender per table
 * (≈4× faster than an INSERT per batch; local-engine.md §6) and become visible when it is flushed —
 * before any query, and at least every 200 ms. Upsert semantics (same dimensions, measure_name and
 * time: same value is a no-op, a higher Version replaces, anything else is rejected with the
 * ExistingVersion) use a 30-bit hash set of keys in memory: a miss is certainly new (the fast path);
 * a hit is checked exactly against DuckDB (rare: duplicates, upserts, hash collisions).
 * Also keeps what the bytes-scanned model needs: rows per minute and summed column widths.
 */
import { DuckDBTimestampValue, type DuckDBAppender } from '@duckdb/node-api';
import { dataTableName, SQL_TYPE, VERSION_COLUMN, type Catalog, type MeasureType, type TableMeta } from '../catalog.ts';
import { quoteIdent, quoteLiteral, type Engine } from '../engine.ts';
import type { MeasureValue, NormalizedRecord, Rejection } from '../records.ts';

const FUTURE_WINDOW_MICROS = 15 * 60 * 1_000_000;
const MINUTE_MICROS = 60_000_000;
/** Most WriteRecords calls written as one group (see TableStore.write). */
const MAX_CALLS_PER_GROUP = 16;

export interface IngestResult {
  readonly memory: number;
  readonly magnetic: number;
  readonly rejections: Rejection[];
  readonly bytes: number;
}

/** FNV-1a, folded to 30 bits so the keys are V8 small integers (a compact Set). */
function hash30(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash & 0x3fffffff;
}

/**
 * The upsert key (dimensions, measure_name, time), spelled in the table's dimension order — which only
 * ever grows at the end — so no per-record sort is needed and keys stay stable as dimensions are added.
 */
function recordKey(
  tableDimensions: readonly string[],
  dimensions: ReadonlyMap<string, string>,
  measureName: string,
  timeMicros: number,
): string {
  let key = `${timeMicros}\u0003${measureName}`;
  for (let index = 0; index < tableDimensions.length; index += 1) {
    const value = dimensions.get(tableDimensions[index]!);
    if (value !== undefined) key += `\u0002${index}\u0001${value}`;
  }
  return key;
}

export class TableStore {
  private appender: DuckDBAppender | undefined;
  /** DuckDB column order of `t$data`, for the appender. */
  private columns: string[] = [];
  private keys: Set<number> | undefined;
  private pendingRows = 0;
  /** Serializes writes (and expiry) on this table: the slow path awaits DuckDB. */
  private tail: Promise<unknown> = Promise.resolve();
  /** WriteRecords calls waiting for the table, written together as the next group. */
  private readonly waitingWrites: WaitingWrite[] = [];
  readonly rowsPerMinute = new Map<number, number>();
  readonly widthSums = new Map<string, number>();
  rowCount = 0;

  constructor(
    private readonly engine: Engine,
    private readonly catalog: Catalog,
    readonly meta: TableMeta,
    /** Called when the table gains columns. */
    private readonly onColumnsChanged: () => void = () => undefined,
  ) {}

  private statsLoading: Promise<void> | undefined;

  /** Row counts per minute and column widths of rows already stored (after a restart); cheap, once. */
  ensureStats(): Promise<void> {
    this.statsLoading ??= this.loadStats();
    return this.statsLoading;
  }

  private async loadStats(): Promise<void> {
    if (this.columns.length === 0) this.columns = await this.readColumns();
    const source = this.qualifiedData();
    const minutes = (await (
      await this.engine.exec(`SELECT epoch_us(time) // ${MINUTE_MICROS} AS minute, count(*) FROM ${source} GROUP BY 1`)
    ).getRows()) as [bigint, bigint][];
    for (const [minute, count] of minutes) {
      this.rowsPerMinute.set(Number(minute), (this.rowsPerMinute.get(Number(minute)) ?? 0) + Number(count));
      this.rowCount += Number(count);
    }
    const measured = this.columns.filter((column) => column !== VERSION_COLUMN);
    if (minutes.length > 0 && measured.length > 0) {
      const [sums] = (await (
        await this.engine.exec(
          `SELECT ${measured.map((column) => `sum(${this.widthExpression(column)})`).join(', ')} FROM ${source}`,
        )
      ).getRows()) as unknown[][];
      measured.forEach((column, index) =>
        this.widthSums.set(column, (this.widthSums.get(column) ?? 0) + Number(sums?.[index] ?? 0)),
      );
    }
  }

  /** Hashes of the keys already stored (after a restart), for the upsert check; read once, before the first write. */
  private async loadKeys(): Promise<void> {
    await this.ensureStats();
    const dims = this.meta.dimensions.map(quoteIdent);
    const keyRows = (await (
      await this.engine.exec(
        `SELECT measure_name, epoch_us(time)${dims.length ? `, ${dims.join(', ')}` : ''} FROM ${this.qualifiedData()}`,
      )
    ).getRows()) as (string | bigint | null)[][];
    this.keys = new Set();
    for (const row of keyRows) {
      const dimensions = new Map<string, string>();
      this.meta.dimensions.forEach((name, index) => {
        const value = row[index + 2];
        if (value !== null && value !== undefined) dimensions.set(name, String(value));
      });
      this.keys.add(hash30(recordKey(this.meta.dimensions, dimensions, String(row[0]), Number(row[1]))));
    }
  }

  private widthExpression(column: string): string {
    const type = this.columnType(column);
    return type === 'VARCHAR'
      ? `coalesce(strlen(${quoteIdent(column)}), 0)`
      : `CASE WHEN ${quoteIdent(column)} IS NULL THEN 0 ELSE ${type === 'BOOLEAN' ? 1 : 8} END`;
  }

  private columnType(column: string): MeasureType | 'DIMENSION' | 'TIME' {
    if (column === 'measure_name') return 'VARCHAR';
    if (column === 'time') return 'TIME';
    if (this.meta.dimensions.includes(column)) return 'VARCHAR';
    if (column.startsWith('measure_value::'))
      return column.slice('measure_value::'.length).toUpperCase() as MeasureType;
    return this.meta.multiMeasures[column] ?? 'VARCHAR';
  }

  /**
   * Stores a WriteRecords call's records. Calls that arrive while this table is busy wait together
   * and are then written as one group (up to 16), so the rows their keys may match are looked up in
   * one statement: a data generation sent again over the same minutes, 8 calls in flight, pays one
   * lookup per group instead of one per call. Each call still gets its own outcome.
   */
  write(records: readonly NormalizedRecord[], nowMs: number): Promise<IngestResult> {
    return new Promise((resolve, reject) => {
      this.waitingWrites.push({ records, nowMs, resolve, reject });
      if (this.waitingWrites.length === 1) this.scheduleGroup();
    });
  }

  /** Runs after every write (and expiry) queued before it on this table. */
  private queue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Queues the next group; `writeGroup` settles every call of its group, so nothing is left to report. */
  private scheduleGroup(): void {
    this.queue(() => this.writeGroup()).catch((error: unknown) => {
      for (const call of this.waitingWrites.splice(0)) call.reject(error);
    });
  }

  private async writeGroup(): Promise<void> {
    const group = this.waitingWrites.splice(0, MAX_CALLS_PER_GROUP);
    if (this.waitingWrites.length > 0) this.scheduleGroup();
    try {
      const outcomes = await this.writeCalls(group);
      group.forEach((call, position) => call.resolve(outcomes[position]!));
    } catch (error) {
      for (const call of group) call.reject(error);
    }
  }

  private async writeCalls(calls: readonly WaitingWrite[]): Promise<IngestResult[]> {
    if (!this.keys) await this.loadKeys();
    const checked = calls.map((call) => this.checkTimes(call.records, call.nowMs));
    const refused = await this.evolveSchema(checked.flatMap((each) => each.accepted));
    for (const each of refused.size > 0 ? checked : []) {
      each.accepted = each.accepted.filter((record) => {
        const reason = refused.get(record);
        if (reason) each.rejections.push({ RecordIndex: record.index, Reason: reason });
        return reason === undefined;
      });
    }
    // The group's accepted records in order, as parallel arrays: this runs for every record written,
    // so it allocates nothing per record beyond its key.
    const records: NormalizedRecord[] = [];
    const callOf: number[] = [];
    for (const [call, each] of checked.entries()) {
      for (const record of each.accepted) {
        records.push(record);
        callOf.push(call);
      }
    }
    if (records.length > 0) await this.ready();
    const keys = records.map((record) =>
      recordKey(this.meta.dimensions, record.dimensions, record.measureName, record.timeMicros),
    );
    const hashes = keys.map(hash30);
    const known = hashes.map((hash) => this.keys!.has(hash));
    // One lookup for every record whose key may already be stored (a hash hit), whichever call it came in.
    const mayExist: { id: number; record: NormalizedRecord }[] = [];
    for (let id = 0; id < records.length; id += 1) if (known[id]) mayExist.push({ id, record: records[id]! });
    const stored = mayExist.length > 0 ? await this.storedRows(mayExist) : new Map<number, StoredRow>();
    const outcomes = checked.map(({ rejections }) => ({ memory: 0, magnetic: 0, rejections, bytes: 0 }));
    const keysInGroup = new Set<string>();
    for (let id = 0; id < records.length; id += 1) {
      const record = records[id]!;
      const key = keys[id]!;
      const result = outcomes[callOf[id]!]!;
      let outcome: Awaited<ReturnType<TableStore['resolve']>>;
      // A key written earlier in this group takes the exact one-by-one path.
      if (keysInGroup.has(key)) outcome = await this.upsert(record);
      else if (known[id]) outcome = await this.resolve(record, stored.get(id));
      else outcome = this.append(record);
      keysInGroup.add(key);
      if (typeof outcome === 'object') {
        result.rejections.push(outcome);
        continue;
      }
      // A no-op duplicate (same value) still counts as ingested, as in Timestream.
      this.keys!.add(hashes[id]!);
      result.bytes += record.bytes;
      if (record.timeMicros >= checked[callOf[id]!]!.memoryFrom) result.memory += 1;
      else result.magnetic += 1;
    }
    for (const result of outcomes) result.rejections.sort((a, b) => a.RecordIndex - b.RecordIndex);
    // Skipped while another request's statement runs on the writer; the next flush catches up.
    if (this.pendingRows >= 50_000 && !this.engine.isWriterBusy) this.flush();
    return outcomes;
  }

  /** A call's records inside the ingestion window, and the rejections of the others. */
  private checkTimes(records: readonly NormalizedRecord[], nowMs: number): CheckedCall {
    const nowMicros = nowMs * 1000;
    const memoryFrom = nowMicros - this.meta.retention.memoryHours * 3600 * 1_000_000;
    const magneticFrom = nowMicros - this.meta.retention.magneticDays * 86_400 * 1_000_000;
    const accepted: NormalizedRecord[] = [];
    const rejections: Rejection[] = [];
    for (const record of records) {
      const reason = this.checkTime(record.timeMicros, nowMicros, memoryFrom, magneticFrom);
      if (reason) rejections.push({ RecordIndex: record.index, Reason: reason });
      else accepted.push(record);
    }
    return { accepted, rejections, memoryFrom };
  }

  private checkTime(
    timeMicros: number,
    nowMicros: number,
    memoryFrom: number,
    magneticFrom: number,
  ): string | undefined {
    if (
      timeMicros > nowMicros + FUTURE_WINDOW_MICROS ||
      timeMicros < magneticFrom ||
      (timeMicros < memoryFrom && !this.meta.magneticWrites.enabled)
    ) {
      const from = new Date((this.meta.magneticWrites.enabled ? magneticFrom : memoryFrom) / 1000).toISOString();
      const to = new Date((nowMicros + FUTURE_WINDOW_MICROS) / 1000).toISOString();
      return `The record timestamp is outside the time range [${from}, ${to}) of the data ingestion window.`;
    }
    return undefined;
  }

  /** Lower-cased column names already in use, for the case-collision checks (rebuilt when columns change). */
  private knownLower: { dimensions: Set<string>; measures: Set<string> } | undefined;

  /** A measure keeps the type it was first written with; a dimension name cannot become a measure. */
  private checkTypes(record: NormalizedRecord): string | undefined {
    if (this.isFamiliar(record)) return undefined;
    return this.explainTypeProblem(record);
  }

  /** The common case: every dimension and measure already exists with this record's types. */
  private isFamiliar(record: NormalizedRecord): boolean {
    const known = this.meta.measureNames[record.measureName];
    if (!known || (known.kind === 'multi') !== record.isMulti) return false;
    for (const name of record.dimensions.keys()) if (!this.meta.dimensions.includes(name)) return false;
    for (const measure of record.measures) {
      if ((record.isMulti ? this.meta.multiMeasures[measure.name] : known.type) !== measure.type) return false;
    }
    return true;
  }

  private explainTypeProblem(record: NormalizedRecord): string | undefined {
    const known = this.meta.measureNames[record.measureName];
    if (known && (known.kind === 'multi') !== record.isMulti) {
      return `Measure ${record.measureName} was written as a ${known.kind}-measure record; this record is ${record.isMulti ? 'multi' : 'single'}-measure.`;
    }
    for (const measure of record.measures) {
      const existing = record.isMulti ? this.meta.multiMeasures[measure.name] : known?.type;
      if (existing && existing !== measure.type) {
        return `Measure ${record.isMulti ? measure.name : record.measureName} has type ${existing} in this table; this record has ${measure.type}.`;
      }
      if (record.isMulti && this.lowerNames().dimensions.has(measure.name.toLowerCase())) {
        return `Measure ${measure.name} has the name of a dimension of this table.`;
      }
    }
    for (const name of record.dimensions.keys()) {
      if (this.lowerNames().measures.has(name.toLowerCase())) {
        return `Dimension ${name} has the name of a measure of this table.`;
      }
      const caseTwin = this.meta.dimensions.find(
        (dimension) => dimension !== name && dimension.toLowerCase() === name.toLowerCase(),
      );
      if (caseTwin)
        return `Dimension ${name} differs from dimension ${caseTwin} only in case, which the emulator cannot store.`;
    }
    return undefined;
  }

  private lowerNames(): { dimensions: Set<string>; measures: Set<string> } {
    this.knownLower ??= {
      dimensions: new Set(this.meta.dimensions.map((name) => name.toLowerCase())),
      measures: new Set(Object.keys(this.meta.multiMeasures).map((name) => name.toLowerCase())),
    };
    return this.knownLower;
  }

  /**
   * Checks each record's types against the table as the records before it leave it (a measure keeps
   * the type it is first written with, in this group too), and adds columns for the new dimensions and
   * measures of the records that pass, then reopens the appender. Returns the refused ones' reasons.
   */
  private async evolveSchema(records: readonly NormalizedRecord[]): Promise<Map<NormalizedRecord, string>> {
    const refused = new Map<NormalizedRecord, string>();
    const added: [string, string][] = [];
    let metaChanged = false;
    for (const record of records) {
      const problem = this.checkTypes(record);
      if (problem) {
        refused.set(record, problem);
        continue;
      }
      const addedBefore = added.length;
      for (const name of record.dimensions.keys()) {
        if (!this.meta.dimensions.includes(name)) {
          this.meta.dimensions.push(name);
          added.push([name, 'VARCHAR']);
        }
      }
      for (const measure of record.measures) {
        if (record.isMulti && !(measure.name in this.meta.multiMeasures)) {
          this.meta.multiMeasures[measure.name] = measure.type;
          added.push([measure.name, SQL_TYPE[measure.type]]);
        }
        if (!record.isMulti && !this.meta.singleTypes.includes(measure.type)) {
          this.meta.singleTypes.push(measure.type);
          added.push([measure.name, SQL_TYPE[measure.type]]);
        }
      }
      const known = this.meta.measureNames[record.measureName];
      const dimensions = [...record.dimensions.keys()];
      if (!known) {
        this.meta.measureNames[record.measureName] = {
          kind: record.isMulti ? 'multi' : 'single',
          type: record.isMulti ? 'MULTI' : record.measures[0]!.type,
          dimensions,
        };
        metaChanged = true;
      } else if (dimensions.some((dimension) => !known.dimensions.includes(dimension))) {
        known.dimensions = [...new Set([...known.dimensions, ...dimensions])];
        metaChanged = true;
      }
      // The next record's check must see the names this one added.
      if (added.length > addedBefore) this.knownLower = undefined;
    }
    if (added.length === 0 && !metaChanged) return refused;
    this.knownLower = undefined;
    if (added.length > 0) {
      await this.engine.writerIdle();
      this.flush();
      this.appender?.closeSync();
      this.appender = undefined;
      for (const [name, type] of added) {
        await this.engine.exec(`ALTER TABLE ${this.qualifiedData()} ADD COLUMN ${quoteIdent(name)} ${type}`);
      }
      this.columns = await this.readColumns();
      this.onColumnsChanged();
    }
    await this.catalog.saveTable(this.meta);
    return refused;
  }

  private append(record: NormalizedRecord): 'written' {
    const appender = this.appender;
    if (!appender) throw new Error(`appender for ${this.meta.name} is not open`);
    for (const column of this.columns) {
      if (column === 'measure_name') appender.appendVarchar(record.measureName);
      else if (column === 'time') appender.appendTimestamp(new DuckDBTimestampValue(BigInt(record.timeMicros)));
      else if (column === VERSION_COLUMN) appender.appendBigInt(BigInt(record.version));
      else {
        const dimension = record.dimensions.get(column);
        if (dimension !== undefined) appender.appendVarchar(dimension);
        else {
          const measure = record.measures.find((candidate) => candidate.name === column);
          if (measure) appendValue(appender, measure.type, measure.value);
          else appender.appendNull();
        }
      }
    }
    appender.endRow();
    this.pendingRows += 1;
    this.countRow(record.timeMicros);
    this.addWidths(record);
    return 'written';
  }

  /** Opens the appender before a batch (async), so `append` stays synchronous. */
  async ready(): Promise<void> {
    if (!this.appender) {
      if (this.columns.length === 0) this.columns = await this.readColumns();
      this.appender = await this.engine.onWriter(() =>
        this.engine.writer.createAppender(dataTableName(this.meta.name), this.meta.database),
      );
    }
  }

  /** The exact check for a key already seen, one record at a time: same value → no-op, higher Version → replace, else reject. */
  private async upsert(record: NormalizedRecord): Promise<'written' | 'unchanged' | Rejection> {
    return this.resolve(record, (await this.storedRows([{ id: 0, record }])).get(0));
  }

  /**
   * The stored rows with the keys of these records, by the id given with each (none: not stored), read in one
   * statement — a batch sent again (a second data generation over the same minutes) costs one query,
   * not one per record. The keys travel as one JSON parameter of a statement prepared once per
   * table shape: planning a 100-row VALUES list of literals took ≈ 4 ms, more than running it.
   */
  private async storedRows(
    lookups: readonly { readonly id: number; readonly record: NormalizedRecord }[],
  ): Promise<Map<number, StoredRow>> {
    await this.engine.writerIdle();
    this.flush();
    const dimensions = this.meta.dimensions;
    const measures = [...new Set(lookups.flatMap(({ record }) => record.measures.map((measure) => measure.name)))];
    const keys = JSON.stringify(
      lookups.map(({ id, record }) => ({
        i: id,
        t: record.timeMicros,
        m: record.measureName,
        d: dimensions.map((name) => record.dimensions.get(name) ?? null),
      })),
    );
    const matches = [
      'stored.time = make_timestamp(k.t)',
      'stored.measure_name = k.m',
      ...dimensions.map((name, index) => `stored.${quoteIdent(name)} IS NOT DISTINCT FROM k.d[${index + 1}]`),
    ].join(' AND ');
    const sql =
      `SELECT k.i, stored.${VERSION_COLUMN}${measures.map((name) => `, stored.${quoteIdent(name)}`).join('')} ` +
      `FROM (SELECT unnest(from_json($1::VARCHAR, '[{"i":"INTEGER","t":"BIGINT","m":"VARCHAR","d":"VARCHAR[]"}]'), recursive := true)) AS k JOIN ${this.qualifiedData()} AS stored ON ${matches}`;
    const found = (await (await this.engine.execPrepared(sql, [keys])).getRows()) as unknown[][];
    return new Map(
      found.map((row) => [
        Number(row[0]),
        { version: Number(row[1]), values: new Map(measures.map((name, index) => [name, row[index + 2]])) },
      ]),
    );
  }

  /** Decides a record whose key may be stored: same value → no-op, higher Version → replace, else reject. */
  private async resolve(
    record: NormalizedRecord,
    existing: StoredRow | undefined,
  ): Promise<'written' | 'unchanged' | Rejection> {
    if (!existing) return this.append(record);
    const existingVersion = existing.version;
    const isSameValue = record.measures.every((measure) => sameValue(existing.values.get(measure.name), measure.value));
    if (record.version <= existingVersion && !isSameValue) {
      return {
        RecordIndex: record.index,
        Reason:
          'A record with the same dimensions, time and measure name but a different measure value already exists. Write it with a higher Version to update it.',
        ExistingVersion: existingVersion,
      };
    }
    if (record.version <= existingVersion) return 'unchanged';
    const conditions = [
      `time = make_timestamp(${record.timeMicros})`,
      `measure_name = ${quoteLiteral(record.measureName)}`,
      ...this.meta.dimensions.map((name) => {
        const value = record.dimensions.get(name);
        return value === undefined ? `${quoteIdent(name)} IS NULL` : `${quoteIdent(name)} = ${quoteLiteral(value)}`;
      }),
    ].join(' AND ');
    // Rows appended since the lookup go in first, so the DELETE runs on a flushed table.
    await this.engine.writerIdle();
    this.flush();
    await this.engine.exec(`DELETE FROM ${this.qualifiedData()} WHERE ${conditions}`);
    this.uncountRow(record.timeMicros);
    return this.append(record);
  }

  /**
   * Deletes the rows older than the magnetic retention, as Timestream does, and takes them out of the
   * bytes model's counts. Returns how many went. Cheap when nothing is old: the per-minute counts tell.
   * (Their key hashes stay in the upsert set: a stale hit only costs an exact lookup that finds nothing.)
   */
  async expire(nowMs: number): Promise<number> {
    await this.ensureStats();
    const cutoffMicros = nowMs * 1000 - this.meta.retention.magneticDays * 86_400 * 1_000_000;
    const cutoffMinute = Math.floor(cutoffMicros / MINUTE_MICROS);
    if (![...this.rowsPerMinute.keys()].some((minute) => minute <= cutoffMinute)) return 0;
    return this.queue(async () => {
      await this.engine.writerIdle();
      this.flush();
      const source = this.qualifiedData();
      const old = `WHERE time < make_timestamp(${cutoffMicros})`;
      const minutes = (await (
        await this.engine.exec(`SELECT epoch_us(time) // ${MINUTE_MICROS}, count(*) FROM ${source} ${old} GROUP BY 1`)
      ).getRows()) as [bigint, bigint][];
      if (minutes.length === 0) return 0;
      const measured = this.columns.filter((column) => column !== VERSION_COLUMN);
      const [widths] = (await (
        await this.engine.exec(
          `SELECT ${measured.map((column) => `coalesce(sum(${this.widthExpression(column)}), 0)`).join(', ')} FROM ${source} ${old}`,
        )
      ).getRows()) as unknown[][];
      await this.engine.exec(`DELETE FROM ${source} ${old}`);
      let deleted = 0;
      for (const [minute, count] of minutes) {
        const left = (this.rowsPerMinute.get(Number(minute)) ?? 0) - Number(count);
        if (left > 0) this.rowsPerMinute.set(Number(minute), left);
        else this.rowsPerMinute.delete(Number(minute));
        deleted += Number(count);
      }
      this.rowCount -= deleted;
      measured.forEach((column, index) => this.bump(column, -Number(widths?.[index] ?? 0)));
      return deleted;
    });
  }

  /** Makes appended rows visible to queries. */
  flush(): void {
    if (this.appender && this.pendingRows > 0) {
      this.appender.flushSync();
      this.pendingRows = 0;
    }
  }

  close(): void {
    this.flush();
    this.appender?.closeSync();
    this.appender = undefined;
  }

  get hasPendingRows(): boolean {
    return this.pendingRows > 0;
  }

  private countRow(timeMicros: number): void {
    const minute = Math.floor(timeMicros / MINUTE_MICROS);
    this.rowsPerMinute.set(minute, (this.rowsPerMinute.get(minute) ?? 0) + 1);
    this.rowCount += 1;
  }

  private uncountRow(timeMicros: number): void {
    const minute = Math.floor(timeMicros / MINUTE_MICROS);
    this.rowsPerMinute.set(minute, (this.rowsPerMinute.get(minute) ?? 1) - 1);
    this.rowCount -= 1;
  }

  private addWidths(record: NormalizedRecord): void {
    this.bump('measure_name', Buffer.byteLength(record.measureName));
    this.bump('time', 8);
    for (const [name, value] of record.dimensions) this.bump(name, Buffer.byteLength(value));
    for (const measure of record.measures) {
      this.bump(
        measure.name,
        typeof measure.value === 'string' ? Buffer.byteLength(measure.value) : measure.type === 'BOOLEAN' ? 1 : 8,
      );
    }
  }

  private bump(column: string, amount: number): void {
    this.widthSums.set(column, (this.widthSums.get(column) ?? 0) + amount);
  }

  private qualifiedData(): string {
    return `${quoteIdent(this.meta.database)}.${quoteIdent(dataTableName(this.meta.name))}`;
  }

  private async readColumns(): Promise<string[]> {
    const result = await this.engine.exec(
      `SELECT column_name FROM duckdb_columns() WHERE schema_name = ${quoteLiteral(this.meta.database)} AND table_name = ${quoteLiteral(dataTableName(this.meta.name))} ORDER BY column_index`,
    );
    return ((await result.getRows()) as [string][]).map(([name]) => name);
  }
}

function appendValue(appender: DuckDBAppender, type: MeasureType, value: MeasureValue): void {
  if (value === null) return appender.appendNull();
  switch (type) {
    case 'DOUBLE':
      return appender.appendDouble(value as number);
    case 'BIGINT':
      return appender.appendBigInt(value as bigint);
    case 'BOOLEAN':
      return appender.appendBoolean(value as boolean);
    case 'TIMESTAMP':
      return appender.appendTimestamp(new DuckDBTimestampValue(value as bigint));
    case 'VARCHAR':
      return appender.appendVarchar(value as string);
  }
}

/** A call's records after the checks that need no lookup. */
interface CheckedCall {
  accepted: NormalizedRecord[];
  readonly rejections: Rejection[];
  readonly memoryFrom: number;
}

interface WaitingWrite {
  readonly records: readonly NormalizedRecord[];
  readonly nowMs: number;
  readonly resolve: (result: IngestResult) => void;
  readonly reject: (error: unknown) => void;
}

/** A stored row's Version and the measure values a record is compared with. */
interface StoredRow {
  readonly version: number;
  readonly values: ReadonlyMap<string, unknown>;
}

function sameValue(stored: unknown, value: MeasureValue): boolean {
  if (stored instanceof DuckDBTimestampValue) return stored.micros === value;
  if (typeof stored === 'number' && typeof value === 'number') return stored === value;
  return stored === value || String(stored) === String(value);
}
