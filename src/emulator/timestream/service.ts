/**
 * The emulated Timestream account: catalog, per-table write stores, the query path (rewrite, admit
 * against the capacity model, run on DuckDB, format, paginate, estimate bytes) and housekeeping
 * (flush appenders, checkpoint after bulk loads).
 */
import type { Clock } from '../../shared/clock.ts';
import { CapacityModel } from './capacity/capacity-model.ts';
import { queryWork, type QueryWork } from './capacity/query-work.ts';
import { DEFAULT_TCU_PROFILE, type TcuProfile } from './capacity/tcu-profile.ts';
import { Catalog, dataTableName, type AccountSettings, type TableMeta } from './catalog.ts';
import type { Engine } from './engine.ts';
import { AwsError, validation } from '../errors.ts';
import { StatementTranslator } from './translate/statement-translator.ts';
import { answerColumnName, type Translation } from './translate/to-duckdb.ts';
import { accessOf, outputBytes, queryInsights, type QueryAccess } from './query/access-pattern.ts';
import { meteredBytes } from './query/bytes-model.ts';
import { explainQuery, readsNow, setNow } from './query/explain.ts';
import type { PlanFacts } from './query/query-plan.ts';
import { answerMetaQuery } from './query/meta-queries.ts';
import { translateEngineError } from './query/query-errors.ts';
import { columnTypeOf, serializeRows, type ColumnInfo, type SerializedResult } from './query/result-format.ts';
import {
  finishRowJson,
  ROWS_PER_BLOCK,
  rowJsonQueries,
  rowsOfBlock,
  type RowJsonQueries,
} from './query/sql-formatting.ts';
import { ResultPages, type Page, type StoredResult } from './query/result-pages.ts';
import { normalizeRecords, type Rejection, type WriteRecord } from './records.ts';
import { TableStore } from './store/table-store.ts';

const FLUSH_EVERY_MS = 200;
const CHECKPOINT_AFTER_IDLE_MS = 2000;
const CHECKPOINT_MIN_ROWS = 10_000;
const CACHE_SIZE = 256;
const USAGE_SAVE_EVERY_MS = 60_000;
/** How often rows past their table's magnetic retention are deleted. */
const EXPIRE_EVERY_MS = 60_000;

export interface ServiceOptions {
  readonly region: string;
  readonly accountId: string;
  readonly maxQueryTcu: number;
  readonly queryPricingModel: AccountSettings['queryPricingModel'];
  /** The TCU model's constants (default: DEFAULT_TCU_PROFILE). */
  readonly tcuProfile?: TcuProfile;
  /**
   * Answer a query no sooner than the model says Timestream would (default true), so a client that
   * waits for its answers puts the load on the model that it would put on Timestream. Benchmarks of the
   * emulator's own overhead turn it off.
   */
  readonly paceAnswers?: boolean;
}

/** QueryInsights with rate control answers at most one query a second (enable-query-insights.html). */
const INSIGHTS_EVERY_MS = 1000;

export interface WriteOutcome {
  readonly total: number;
  readonly memory: number;
  readonly magnetic: number;
  readonly rejections: Rejection[];
}

export class TimestreamService {
  readonly capacity: CapacityModel;
  private readonly stores = new Map<string, TableStore>();
  private readonly pages: ResultPages;
  private readonly plans = new Map<string, PlanFacts>();
  private lastInsightsAtMs = Number.NEGATIVE_INFINITY;
  private readonly shapes = new Map<string, ResultShape>();
  private readonly translator: StatementTranslator;
  /** Bumped whenever a table gains columns: cached plans and result shapes are then stale. */
  private schemaVersion = 0;
  private readonly flushTimer: NodeJS.Timeout;
  private readonly usageTimer: NodeJS.Timeout | undefined;
  private readonly expiryTimer: NodeJS.Timeout;
  private checkpointTimer: NodeJS.Timeout | undefined;
  /** Work its timers started (expiry, checkpoints, usage saves), which `close` waits for. */
  private readonly background = new Set<Promise<void>>();
  private rowsSinceCheckpoint = 0;
  /** Bytes written per minute (1 KB write units are metered from it). */
  readonly writtenBytesPerMinute = new Map<number, number>();

  private constructor(
    readonly engine: Engine,
    readonly catalog: Catalog,
    private readonly clock: Clock,
    tcuProfile: TcuProfile,
    private readonly paceAnswers: boolean,
  ) {
    this.capacity = new CapacityModel(clock, () => catalog.settings.maxQueryTcu, tcuProfile);
    this.translator = new StatementTranslator(catalog);
    this.pages = new ResultPages(clock);
    // A tick that finds a statement running on the writer skips; the next one (or a query) flushes.
    this.flushTimer = setInterval(() => {
      if (!engine.isWriterBusy) this.flushAll();
    }, FLUSH_EVERY_MS);
    this.flushTimer.unref();
    // A file-backed emulator also keeps its usage meter, so a crash loses at most a minute of it.
    this.usageTimer = engine.isPersistent
      ? setInterval(() => this.inBackground(() => this.saveUsage()), USAGE_SAVE_EVERY_MS)
      : undefined;
    this.usageTimer?.unref();
    this.expiryTimer = setInterval(() => this.inBackground(() => this.expireOldRows()), EXPIRE_EVERY_MS);
    this.expiryTimer.unref();
  }

  /**
   * Deletes, in every table, the rows older than its magnetic retention (Timestream deletes them too;
   * a shorter retention set by UpdateTable applies at the next sweep). Returns how many went.
   */
  async expireOldRows(): Promise<number> {
    let deleted = 0;
    for (const table of this.catalog.listTables()) deleted += await this.store(table).expire(this.clock.now());
    return deleted;
  }

  static async open(engine: Engine, clock: Clock, options: ServiceOptions): Promise<TimestreamService> {
    const catalog = await Catalog.load(engine, options);
    const service = new TimestreamService(
      engine,
      catalog,
      clock,
      options.tcuProfile ?? DEFAULT_TCU_PROFILE,
      options.paceAnswers ?? true,
    );
    const usage = await catalog.loadUsage();
    if (usage) {
      service.capacity.restore(usage.capacity);
      for (const [minute, bytes] of usage.writtenBytes) service.writtenBytesPerMinute.set(minute, bytes);
    }
    return service;
  }

  /** Keeps the usage meter (TCU history, written bytes) in the data file, so estimates survive a restart. */
  async saveUsage(): Promise<void> {
    await this.catalog.saveUsage({ capacity: this.capacity.history(), writtenBytes: [...this.writtenBytesPerMinute] });
  }

  store(table: TableMeta): TableStore {
    const key = `${table.database}\u0000${table.name}`;
    let store = this.stores.get(key);
    if (!store || store.meta !== table) {
      store = new TableStore(this.engine, this.catalog, table, () => {
        this.schemaVersion += 1;
      });
      this.stores.set(key, store);
    }
    return store;
  }

  forgetStore(database: string, table: string): void {
    const key = `${database}\u0000${table}`;
    this.stores.get(key)?.close();
    this.stores.delete(key);
  }

  async writeRecords(
    database: string,
    tableName: string,
    records: readonly WriteRecord[],
    common: WriteRecord | undefined,
  ): Promise<WriteOutcome> {
    const table = this.catalog.table(database, tableName);
    const normalized = normalizeRecords(records, common);
    const result = await this.store(table).write(normalized.records, this.clock.now());
    const minute = Math.floor(this.clock.now() / 60_000);
    this.writtenBytesPerMinute.set(minute, (this.writtenBytesPerMinute.get(minute) ?? 0) + result.bytes);
    this.noteWritten(result.memory + result.magnetic);
    return {
      total: result.memory + result.magnetic,
      memory: result.memory,
      magnetic: result.magnetic,
      rejections: [...normalized.rejections, ...result.rejections].sort((a, b) => a.RecordIndex - b.RecordIndex),
    };
  }

  async query(
    queryString: string,
    maxRows: number | undefined,
    nextToken: string | undefined,
    options: { withInsights?: boolean; signal?: AbortSignal } = {},
  ): Promise<Page> {
    if (nextToken !== undefined) return this.pages.next(nextToken, queryString, maxRows);
    const translated = this.translator.translate(queryString);
    if (translated.kind === 'meta')
      return this.pages.first(
        {
          queryString,
          ...answerMetaQuery(translated.statement, this.catalog),
          status: { ProgressPercentage: 100, CumulativeBytesScanned: 0, CumulativeBytesMetered: 0 },
        },
        maxRows,
      );

    const { translation } = translated;
    const { sql } = translation;
    if (options.withInsights) this.takeInsightsSlot();

    try {
      // One "now" for the whole query: the plan's folded now(), its time ranges and its answer.
      const nowMs = this.clock.now();
      const { access, work } = await this.plan(sql, nowMs);
      const ticket = this.capacity.admit(work);
      const result = await this.runAndFormat(translation, nowMs, options.signal);
      if (this.paceAnswers) await this.capacity.whenDone(ticket);
      const stored: StoredResult = {
        queryString,
        ...result,
        status: {
          ProgressPercentage: 100,
          CumulativeBytesScanned: access.bytesScanned,
          CumulativeBytesMetered: meteredBytes(access.bytesScanned, this.catalog.settings.queryPricingModel),
        },
        insights: options.withInsights
          ? queryInsights(access, { rows: result.rows.length, bytes: outputBytes(result.rows) })
          : undefined,
      };
      return { ...this.pages.first(stored, maxRows), modelledTcuSeconds: work.tcuSeconds };
    } catch (error) {
      throw translateEngineError(error);
    }
  }

  /**
   * The compute the model gives a query and what it reads, without running or admitting it: for
   * replaying a workload on the model in virtual time (`tcu-bot lab story`).
   */
  async workOf(queryString: string): Promise<{ readonly work: QueryWork; readonly access: QueryAccess }> {
    const translated = this.translator.translate(queryString);
    if (translated.kind === 'meta') throw validation('A catalog statement (SHOW, DESCRIBE) reads no data.');
    const { sql } = translated.translation;
    try {
      return await this.plan(sql, this.clock.now());
    } catch (error) {
      throw translateEngineError(error);
    }
  }

  /** What the query will read decides the compute it needs, so it is known before it runs. */
  private async plan(sql: string, nowMs: number): Promise<{ access: QueryAccess; work: QueryWork }> {
    await this.engine.writerIdle();
    this.flushAll();
    const access = await this.accessOf(sql, nowMs);
    const work = queryWork(
      { bytesScanned: access.bytesScanned, partitions: access.partitions, heavyOperators: access.heavyOperators },
      this.capacity.constants,
      this.catalog.settings.maxQueryTcu,
    );
    return { access, work };
  }

  /** With rate control, a second insights query within the same second is throttled. */
  private takeInsightsSlot(): void {
    const now = this.clock.now();
    if (now - this.lastInsightsAtMs < INSIGHTS_EVERY_MS)
      throw new AwsError(
        'ThrottlingException',
        'QueryInsights with ENABLED_WITH_RATE_CONTROL is limited to 1 query per second.',
      );
    this.lastInsightsAtMs = now;
  }

  /**
   * Runs the query and returns Timestream rows as JSON text. Plain scalar results are formatted inside
   * DuckDB (big answers in blocks of rows, split here); anything else through the JavaScript formatter.
   */
  private async runAndFormat(translation: Translation, nowMs: number, signal?: AbortSignal): Promise<SerializedResult> {
    const { sql } = translation;
    const shape = await this.resultShape(translation);
    return this.engine.withReader(async (connection) => {
      await setNow(connection, sql, nowMs);
      if (shape.rowJson) {
        // Blocks pay off for big answers; the last answer to the same text tells which this one is.
        const inBlocks = shape.lastRowCount > ROWS_PER_BLOCK;
        const read = (await (
          await this.engine.runPrepared(connection, inBlocks ? shape.rowJson.inBlocks : shape.rowJson.perRow)
        ).getRows()) as [string][];
        const rows = inBlocks ? read.flatMap(([block]) => rowsOfBlock(block)) : read.map(([row]) => finishRowJson(row));
        shape.lastRowCount = rows.length;
        return { columnInfo: shape.columnInfo, rows };
      }
      const materialized = await this.engine.runPrepared(connection, sql);
      const serialized = serializeRows(
        materialized.columnNames(),
        materialized.columnTypes(),
        await materialized.getRows(),
      );
      return { ...serialized, columnInfo: shape.columnInfo };
    }, signal);
  }

  /** Column names and types (from DuckDB's prepare), cached per query text until a table's columns change. */
  private async resultShape({ sql, typeOverrides }: Translation): Promise<ResultShape> {
    const key = `${this.schemaVersion}\u0000${sql}`;
    let shape = this.shapes.get(key);
    if (!shape) {
      shape = await this.engine.withReader(async (connection) => {
        const prepared = await connection.prepare(sql);
        const names = Array.from({ length: prepared.columnCount }, (_, index) => prepared.columnName(index));
        const types = Array.from({ length: prepared.columnCount }, (_, index) => prepared.columnType(index));
        // Now, not whenever the garbage collector gets to it (perhaps after its connection is closed).
        prepared.destroySync();
        return {
          columnInfo: names.map((name, index) => ({
            Name: answerColumnName(name, index),
            // What DuckDB cannot say (a bare NULL it types INTEGER; year-month intervals).
            Type: typeOverrides.has(name) ? { ScalarType: typeOverrides.get(name)! } : columnTypeOf(types[index]!),
          })),
          rowJson: rowJsonQueries(sql, types),
          lastRowCount: 0,
        };
      });
      remember(this.shapes, key, shape);
    }
    return shape;
  }

  cancelQuery(queryId: string): string {
    if (!/^[A-Za-z0-9]{1,64}$/.test(queryId)) throw validation('QueryId must be 1–64 letters and digits.');
    return this.pages.cancel(queryId) ? `Query ${queryId} was cancelled.` : `Query ${queryId} has already finished.`;
  }

  /** Makes every appended row visible to queries. */
  flushAll(): void {
    for (const store of this.stores.values()) store.flush();
  }

  async checkpoint(): Promise<void> {
    await this.engine.writerIdle();
    this.flushAll();
    await this.engine.checkpoint();
    this.rowsSinceCheckpoint = 0;
  }

  /** Stops the timers, waits for their work, and closes the tables' appenders (the engine is closed after). */
  async close(): Promise<void> {
    clearInterval(this.flushTimer);
    clearInterval(this.usageTimer);
    clearInterval(this.expiryTimer);
    clearTimeout(this.checkpointTimer);
    await Promise.all(this.background);
    // An appender's synchronous flush must not overlap a statement of a request still being answered.
    while (this.engine.isWriterBusy) await this.engine.writerIdle();
    for (const store of this.stores.values()) store.close();
    if (this.engine.isPersistent) {
      await this.saveUsage();
      await this.engine.checkpoint().catch(() => undefined);
    }
  }

  /**
   * After a bulk load goes quiet, CHECKPOINT: DuckDB compresses row groups when it checkpoints
   * (https://duckdb.org/docs/stable/sql/statements/checkpoint), and compressed data scanned ≈3× faster here.
   */
  private noteWritten(rows: number): void {
    this.rowsSinceCheckpoint += rows;
    if (this.rowsSinceCheckpoint < CHECKPOINT_MIN_ROWS) return;
    clearTimeout(this.checkpointTimer);
    this.checkpointTimer = setTimeout(() => {
      // A checkpoint can fail while other transactions run; the next quiet period tries again.
      this.inBackground(() => this.checkpoint());
    }, CHECKPOINT_AFTER_IDLE_MS);
    this.checkpointTimer.unref();
  }

  /** Runs work a timer started, failures ignored (the next tick tries again), where `close` can wait for it. */
  private inBackground(work: () => Promise<unknown>): void {
    const running: Promise<void> = work()
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => this.background.delete(running));
    this.background.add(running);
  }

  /** The tables the query reads and how (from DuckDB's plan, cached per text unless it depends on now). */
  private async accessOf(sql: string, nowMs: number): Promise<QueryAccess> {
    const key = `${this.schemaVersion}\u0000${sql}`;
    let plan = this.plans.get(key);
    if (plan === undefined) {
      plan = await explainQuery(this.engine, sql, nowMs);
      // DuckDB folds now() into the plan: such a plan is only good for this moment.
      if (!readsNow(sql)) remember(this.plans, key, plan);
    }
    const tables = new Map<string, { meta: TableMeta; stats: TableStore['stats'] }>();
    for (const scan of plan.scans) {
      const meta = this.catalog.listTables(scan.schema).find((table) => dataTableName(table.name) === scan.table);
      if (!meta) continue;
      const store = this.store(meta);
      await store.ensureStats();
      tables.set(`${scan.schema}\u0000${scan.table}`, { meta, stats: store.stats });
    }
    return accessOf(plan, {
      tableOf: (schema, table) => tables.get(`${schema}\u0000${table}`),
      nowMs,
      timeBucketHours: this.capacity.constants.timeBucketHours,
    });
  }
}

interface ResultShape {
  readonly columnInfo: ColumnInfo[];
  /** The query wrapped to return Row JSON, when every column is a plain scalar. */
  readonly rowJson: RowJsonQueries | undefined;
  /** Rows in the last answer to this query text. */
  lastRowCount: number;
}

/** A small first-in-first-out cache. */
function remember<T>(cache: Map<string, T>, key: string, value: T): void {
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key, value);
}
