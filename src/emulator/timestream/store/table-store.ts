/**
 * The write side of one emulated table: WriteRecords calls are checked (ingestion window, schema),
 * upserted (keys in memory, exact lookups only on a hit) and appended. A group of calls is answered
 * only once its rows are committed (the appender flushed: one DuckDB transaction, in the write-ahead
 * log of a file-backed emulator), so an acknowledged record survives a crash — group commit, as
 * databases do it. Retention expiry runs in the same queue, so it never interleaves with a write.
 */
import type { DuckDBAppender } from '@duckdb/node-api';
import { dataTableName, VERSION_COLUMN, type Catalog, type TableMeta } from '../catalog.ts';
import { quoteIdent, quoteLiteral, type Engine } from '../engine.ts';
import type { NormalizedRecord, Rejection } from '../records.ts';
import { checkIngestionWindow, type CheckedCall } from './ingestion-window.ts';
import { appendRecord } from './row-appender.ts';
import { decideUpsert, deleteStoredRowSql, lookUpStoredRows, type StoredRow } from './stored-rows.ts';
import { MINUTE_MICROS, TableStats } from './table-stats.ts';
import { TableSchema } from './table-schema.ts';
import { hash30, keyOf, UpsertKeys } from './upsert-keys.ts';

/** Most WriteRecords calls written as one group (see TableStore.write). */
const MAX_CALLS_PER_GROUP = 16;
/** How long a commit waits for calls already on their way to join it (group commit). */
const COMMIT_DELAY_MS = 1;
/** Rows after which waiting calls wait for the next commit, so one commit stays bounded. */
const COMMIT_AFTER_ROWS = 50_000;

export interface IngestResult {
  readonly memory: number;
  readonly magnetic: number;
  readonly rejections: Rejection[];
  readonly bytes: number;
}

interface WaitingWrite {
  readonly records: readonly NormalizedRecord[];
  readonly nowMs: number;
  readonly resolve: (result: IngestResult) => void;
  readonly reject: (error: unknown) => void;
}

export class TableStore {
  /** What the bytes-scanned model reads; complete once `ensureStats` has settled. */
  readonly stats: TableStats;
  private readonly schema: TableSchema;
  private appender: DuckDBAppender | undefined;
  /** DuckDB column order of `t$data`, for the appender. */
  private columns: string[] = [];
  private keys: UpsertKeys | undefined;
  private pendingRows = 0;
  private closed = false;
  /** Serializes writes (and expiry) on this table: the slow path awaits DuckDB. */
  private tail: Promise<unknown> = Promise.resolve();
  /** WriteRecords calls waiting for the table, written together as the next group. */
  private readonly waitingWrites: WaitingWrite[] = [];
  private statsLoading: Promise<void> | undefined;

  constructor(
    private readonly engine: Engine,
    private readonly catalog: Catalog,
    readonly meta: TableMeta,
    /** Called when the table gains columns. */
    private readonly onColumnsChanged: () => void = () => undefined,
  ) {
    this.stats = new TableStats(meta);
    this.schema = new TableSchema(meta);
  }

  /** Row counts per minute and column widths of rows already stored (after a restart); cheap, once. */
  ensureStats(): Promise<void> {
    this.statsLoading ??= (async () => {
      if (this.columns.length === 0) this.columns = await this.readColumns();
      await this.stats.load(this.engine, this.source(), this.columns);
    })();
    return this.statsLoading;
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

  /**
   * Writes the waiting calls in groups and commits them together: after each group, one turn of the
   * event loop lets requests already received join the same commit (group commit), so a burst of
   * calls pays one commit instead of one each. Every call is answered only after the commit.
   */
  private async writeGroup(): Promise<void> {
    const written: { call: WaitingWrite; outcome: IngestResult }[] = [];
    let rows = 0;
    for (let group = this.takeGroup(); group.length > 0; group = rows < COMMIT_AFTER_ROWS ? this.takeGroup() : []) {
      try {
        const outcomes = await this.writeCalls(group);
        group.forEach((call, position) => written.push({ call, outcome: outcomes[position]! }));
        rows += group.reduce((sum, call) => sum + call.records.length, 0);
      } catch (error) {
        for (const call of group) call.reject(error);
      }
      if (this.engine.isPersistent) await new Promise((resolve) => setTimeout(resolve, COMMIT_DELAY_MS));
    }
    if (this.waitingWrites.length > 0) this.scheduleGroup();
    try {
      await this.commit();
    } catch (error) {
      for (const { call } of written) call.reject(error);
      return;
    }
    for (const { call, outcome } of written) call.resolve(outcome);
  }

  private takeGroup(): WaitingWrite[] {
    return this.waitingWrites.splice(0, MAX_CALLS_PER_GROUP);
  }

  /**
   * Acknowledged means durable: with a data file, the appended rows are committed before any call is
   * answered. In memory there is nothing a crash could keep, so the rows are committed by the next
   * query or the 200 ms flush, whichever comes first.
   */
  private async commit(): Promise<void> {
    if (this.pendingRows === 0 || !this.engine.isPersistent) return;
    // A synchronous flush must not overlap a statement on the writer.
    await this.engine.writerIdle();
    this.flush();
  }

  private async writeCalls(calls: readonly WaitingWrite[]): Promise<IngestResult[]> {
    if (!this.keys) {
      await this.ensureStats();
      this.keys = await UpsertKeys.load(this.engine, this.meta, this.source());
    }
    const keys = this.keys;
    const checked = calls.map((call) => checkIngestionWindow(this.meta, call.records, call.nowMs));
    await this.admit(checked);
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
    const recordKeys = records.map((record) => keyOf(this.meta, record));
    const hashes = recordKeys.map(hash30);
    const known = hashes.map((hash) => keys.mayHold(hash));
    // One lookup for every record whose key may already be stored (a hash hit), whichever call it came in.
    const mayExist: { id: number; record: NormalizedRecord }[] = [];
    for (let id = 0; id < records.length; id += 1) if (known[id]) mayExist.push({ id, record: records[id]! });
    const stored = mayExist.length > 0 ? await this.storedRows(mayExist) : new Map<number, StoredRow>();
    const outcomes = checked.map(({ rejections }) => ({ memory: 0, magnetic: 0, rejections, bytes: 0 }));
    const keysInGroup = new Set<string>();
    for (let id = 0; id < records.length; id += 1) {
      const record = records[id]!;
      const key = recordKeys[id]!;
      const result = outcomes[callOf[id]!]!;
      // A key written earlier in this group takes the exact one-by-one path.
      const existing = keysInGroup.has(key) ? (await this.storedRows([{ id, record }])).get(id) : stored.get(id);
      const outcome = known[id] || keysInGroup.has(key) ? await this.upsert(record, existing) : this.append(record);
      keysInGroup.add(key);
      if (typeof outcome === 'object') {
        result.rejections.push(outcome);
        continue;
      }
      // A no-op duplicate (same value) still counts as ingested, as in Timestream.
      keys.add(hashes[id]!);
      result.bytes += record.bytes;
      if (record.timeMicros >= checked[callOf[id]!]!.memoryFrom) result.memory += 1;
      else result.magnetic += 1;
    }
    for (const result of outcomes) result.rejections.sort((a, b) => a.RecordIndex - b.RecordIndex);
    return outcomes;
  }

  /** Refuses the records the schema cannot take, and adds the columns of those it can. */
  private async admit(checked: readonly CheckedCall[]): Promise<void> {
    const change = this.schema.admit(checked.flatMap((each) => each.accepted));
    for (const each of change.refused.size > 0 ? checked : []) {
      each.accepted = each.accepted.filter((record) => {
        const reason = change.refused.get(record);
        if (reason) each.rejections.push({ RecordIndex: record.index, Reason: reason });
        return reason === undefined;
      });
    }
    if (change.added.length > 0) {
      await this.engine.writerIdle();
      this.flush();
      this.appender?.closeSync();
      this.appender = undefined;
      for (const [name, type] of change.added) {
        await this.engine.exec(`ALTER TABLE ${this.source()} ADD COLUMN ${quoteIdent(name)} ${type}`);
      }
      this.columns = await this.readColumns();
      await this.catalog.orderView(this.meta);
      this.onColumnsChanged();
    }
    if (change.isMetaChanged) await this.catalog.saveTable(this.meta);
  }

  private append(record: NormalizedRecord): 'written' {
    if (!this.appender) throw new Error(`appender for ${this.meta.name} is not open`);
    appendRecord(this.appender, this.columns, record);
    this.pendingRows += 1;
    this.stats.written(record);
    return 'written';
  }

  /** Opens the appender before a batch (async), so `append` stays synchronous. */
  async ready(): Promise<void> {
    if (this.closed)
      throw new Error(
        `The table ${this.meta.name} is closed (the emulator is shutting down, or the table was deleted).`,
      );
    if (!this.appender) {
      if (this.columns.length === 0) this.columns = await this.readColumns();
      this.appender = await this.engine.onWriter(() =>
        this.engine.writer.createAppender(dataTableName(this.meta.name), this.meta.database),
      );
    }
  }

  /** Rows appended so far go in first, so the lookup sees them. */
  private async storedRows(
    lookups: readonly { readonly id: number; readonly record: NormalizedRecord }[],
  ): Promise<Map<number, StoredRow>> {
    await this.engine.writerIdle();
    this.flush();
    return lookUpStoredRows(this.engine, this.meta, this.source(), lookups);
  }

  private async upsert(
    record: NormalizedRecord,
    existing: StoredRow | undefined,
  ): Promise<'written' | 'unchanged' | Rejection> {
    const decision = decideUpsert(record, existing);
    if (decision === 'append') return this.append(record);
    if (decision !== 'replace') return decision;
    // Rows appended since the lookup go in first, so the DELETE runs on a flushed table.
    await this.engine.writerIdle();
    this.flush();
    await this.engine.exec(deleteStoredRowSql(this.meta, this.source(), record));
    this.stats.replaced(record);
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
    if (!this.stats.hasRowsUpTo(Math.floor(cutoffMicros / MINUTE_MICROS))) return 0;
    return this.queue(async () => {
      await this.engine.writerIdle();
      this.flush();
      const source = this.source();
      const old = `WHERE time < make_timestamp(${cutoffMicros})`;
      const minutes = (await (
        await this.engine.exec(`SELECT epoch_us(time) // ${MINUTE_MICROS}, count(*) FROM ${source} ${old} GROUP BY 1`)
      ).getRows()) as [bigint, bigint][];
      if (minutes.length === 0) return 0;
      const measured = this.columns.filter((column) => column !== VERSION_COLUMN);
      const [widths] = (await (
        await this.engine.exec(
          `SELECT ${measured.map((column) => `coalesce(sum(${this.stats.widthSql(column)}), 0)`).join(', ')} FROM ${source} ${old}`,
        )
      ).getRows()) as unknown[][];
      await this.engine.exec(`DELETE FROM ${source} ${old}`);
      await this.stats.loadKeyValues(this.engine, source, this.columns);
      return this.stats.expired(
        minutes.map(([minute, count]) => [Number(minute), Number(count)]),
        new Map(measured.map((column, index) => [column, Number(widths?.[index] ?? 0)])),
      );
    });
  }

  /** Makes appended rows visible to queries. */
  flush(): void {
    if (this.appender && this.pendingRows > 0) {
      this.appender.flushSync();
      this.pendingRows = 0;
    }
  }

  /** Flushes and closes the appender for good: a write still in flight afterwards is refused. */
  close(): void {
    this.closed = true;
    this.flush();
    this.appender?.closeSync();
    this.appender = undefined;
  }

  get hasPendingRows(): boolean {
    return this.pendingRows > 0;
  }

  private source(): string {
    return `${quoteIdent(this.meta.database)}.${quoteIdent(dataTableName(this.meta.name))}`;
  }

  private async readColumns(): Promise<string[]> {
    const result = await this.engine.exec(
      `SELECT column_name FROM duckdb_columns() WHERE schema_name = ${quoteLiteral(this.meta.database)} AND table_name = ${quoteLiteral(dataTableName(this.meta.name))} ORDER BY column_index`,
    );
    return ((await result.getRows()) as [string][]).map(([name]) => name);
  }
}
