/**
 * DuckDB as the emulator's engine: one instance (a file, or memory), one writer connection for DDL,
 * appenders and upserts, and a small pool of reader connections for queries (each query already uses
 * every core, so 2–4 readers suffice: https://duckdb.org/docs/stable/guides/performance/how_to_tune_workloads).
 * The macros the query translator relies on (translate/macros.ts) are created once, on open.
 */
import {
  DuckDBInstance,
  type DuckDBConnection,
  type DuckDBMaterializedResult,
  type DuckDBPreparedStatement,
} from '@duckdb/node-api';
import { TIMESTREAM_MACROS } from './translate/macros.ts';

/** How often an aborted caller's reader is interrupted again, until its work has ended. */
const INTERRUPT_EVERY_MS = 20;

/** Prepared statements kept per connection (least recently used dropped first). */
const STATEMENTS_PER_CONNECTION = 64;

/** Settings each connection needs; each its own statement (a multi-statement string binds before SET applies). */
const SESSION = [`SET TimeZone='UTC'`, `SET integer_division=true`];

export class Engine {
  private readonly idle: DuckDBConnection[] = [];
  private lent = 0;
  private readonly waiting: ((connection: DuckDBConnection) => void)[] = [];
  private writerStatements = 0;
  private readonly writerIdleWaiters: (() => void)[] = [];
  private readonly statements = new Map<DuckDBConnection, Map<string, DuckDBPreparedStatement>>();
  private closing = false;
  private readonly quietWaiters: (() => void)[] = [];

  private constructor(
    private readonly instance: DuckDBInstance,
    /** DDL, appenders and upserts: one connection, so writes never race each other. */
    readonly writer: DuckDBConnection,
    readers: DuckDBConnection[],
    readonly isPersistent: boolean,
  ) {
    this.idle.push(...readers);
  }

  static async open(path: string | undefined, readers = 4): Promise<Engine> {
    const instance = await DuckDBInstance.create(path ?? ':memory:');
    const writer = await connect(instance);
    for (const macro of TIMESTREAM_MACROS) await writer.run(macro);
    const pool = await Promise.all(Array.from({ length: readers }, () => connect(instance)));
    return new Engine(instance, writer, pool, path !== undefined);
  }

  /** Readers lent out right now (queries running, or being planned). */
  get readersInUse(): number {
    return this.lent;
  }

  /** Runs a statement on the writer connection. */
  async exec(sql: string): Promise<DuckDBMaterializedResult> {
    return this.onWriter(() => this.writer.run(sql));
  }

  /** Runs a statement with VARCHAR parameters on the writer connection, prepared once per text. */
  async execPrepared(sql: string, parameters: readonly string[]): Promise<DuckDBMaterializedResult> {
    return this.onWriter(async () => {
      const statement = await this.prepared(this.writer, sql);
      parameters.forEach((value, index) => statement.bindVarchar(index + 1, value));
      return this.runCached(this.writer, sql, statement);
    });
  }

  /**
   * Whether a statement is running on the writer connection. An appender's synchronous flush must
   * not overlap one: DuckDB refuses it ("closed pending query result").
   */
  get isWriterBusy(): boolean {
    return this.writerStatements > 0;
  }

  /** Resolves once no statement runs on the writer; a synchronous flush right after is safe. */
  async writerIdle(): Promise<void> {
    while (this.writerStatements > 0) await new Promise<void>((resolve) => this.writerIdleWaiters.push(resolve));
  }

  /** Tracks an asynchronous use of the writer connection (statements, opening an appender). */
  async onWriter<T>(work: () => Promise<T>): Promise<T> {
    this.refuseWhenClosing();
    this.writerStatements += 1;
    try {
      return await work();
    } finally {
      this.writerStatements -= 1;
      if (this.writerStatements === 0) for (const resolve of this.writerIdleWaiters.splice(0)) resolve();
      this.noteIfQuiet();
    }
  }

  /**
   * Borrows a reader for the duration of `work`. When `signal` aborts, the reader's statement is
   * interrupted (DuckDB then fails it), so a caller that went away stops costing compute.
   */
  async withReader<T>(work: (connection: DuckDBConnection) => Promise<T>, signal?: AbortSignal): Promise<T> {
    signal?.throwIfAborted();
    this.refuseWhenClosing();
    // A reader handed from one borrower to the next stays counted as lent: `close` never sees the
    // pool quiet in between.
    const pooled = this.idle.pop();
    if (pooled) this.lent += 1;
    const connection = pooled ?? (await new Promise<DuckDBConnection>((resolve) => this.waiting.push(resolve)));
    // Interrupting is repeated until the work ends: a statement prepared when the abort came starts
    // running after it, and one interrupt would find nothing to stop.
    let repeat: NodeJS.Timeout | undefined;
    const interrupt = () => {
      connection.interrupt();
      repeat = setInterval(() => connection.interrupt(), INTERRUPT_EVERY_MS);
    };
    signal?.addEventListener('abort', interrupt, { once: true });
    try {
      signal?.throwIfAborted();
      return await work(connection);
    } finally {
      clearInterval(repeat);
      signal?.removeEventListener('abort', interrupt);
      const next = this.waiting.shift();
      if (next) {
        next(connection);
      } else {
        this.lent -= 1;
        this.idle.push(connection);
        this.noteIfQuiet();
      }
    }
  }

  /**
   * Runs a query on a borrowed reader through that connection's cache of prepared statements: the
   * same text again (a dashboard, every worker of a load test) skips parsing, binding and planning —
   * ≈ 13 % of a small query's time. DuckDB rebinds a statement itself when the catalog has changed
   * since it was prepared; a statement whose run fails is dropped, so the next run prepares afresh.
   */
  async runPrepared(connection: DuckDBConnection, sql: string): Promise<DuckDBMaterializedResult> {
    return this.runCached(connection, sql, await this.prepared(connection, sql));
  }

  /** The connection's prepared statement for this text, prepared now if it has none (least recently used dropped). */
  private async prepared(connection: DuckDBConnection, sql: string): Promise<DuckDBPreparedStatement> {
    let cache = this.statements.get(connection);
    if (!cache) this.statements.set(connection, (cache = new Map<string, DuckDBPreparedStatement>()));
    let statement = cache.get(sql);
    if (statement) {
      cache.delete(sql);
    } else {
      statement = await connection.prepare(sql);
      if (cache.size >= STATEMENTS_PER_CONNECTION) {
        const [oldestSql, oldest] = cache.entries().next().value!;
        cache.delete(oldestSql);
        oldest.destroySync();
      }
    }
    cache.set(sql, statement);
    return statement;
  }

  /** Runs a cached statement; one whose run fails is dropped, so the next run prepares afresh. */
  private async runCached(
    connection: DuckDBConnection,
    sql: string,
    statement: DuckDBPreparedStatement,
  ): Promise<DuckDBMaterializedResult> {
    try {
      return await statement.run();
    } catch (error) {
      this.statements.get(connection)?.delete(sql);
      statement.destroySync();
      throw error;
    }
  }

  /** Compresses freshly loaded data (≈10× smaller, ≈3× faster scans) and, for a file, makes it durable. */
  async checkpoint(): Promise<void> {
    await this.exec('CHECKPOINT');
  }

  /**
   * Closes every connection and the instance once no statement runs; work asked for after this call
   * is refused. A connection must never be closed under a running statement: the statement then ends
   * on a DuckDB worker thread holding the last reference to its connection's context, whose destructor
   * waits for a lock that very statement holds — the thread never ends, and neither does the process
   * (Node joins its worker threads on exit).
   */
  async close(): Promise<void> {
    this.closing = true;
    while (this.lent > 0 || this.writerStatements > 0)
      await new Promise<void>((resolve) => this.quietWaiters.push(resolve));
    for (const cache of this.statements.values()) for (const statement of cache.values()) statement.destroySync();
    this.statements.clear();
    for (const connection of this.idle) connection.closeSync();
    this.writer.closeSync();
    this.instance.closeSync();
  }

  private refuseWhenClosing(): void {
    if (this.closing) throw new Error('The emulator is shutting down.');
  }

  private noteIfQuiet(): void {
    if (this.lent === 0 && this.writerStatements === 0) for (const resolve of this.quietWaiters.splice(0)) resolve();
  }
}

async function connect(instance: DuckDBInstance): Promise<DuckDBConnection> {
  const connection = await instance.connect();
  for (const statement of SESSION) await connection.run(statement);
  return connection;
}

/** Quotes an identifier for DuckDB (`"iot-db"."legacy"`). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quotes a string literal. */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
