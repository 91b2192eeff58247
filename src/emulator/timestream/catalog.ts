/**
 * Databases, tables and account settings: kept in memory, written through to the `_emulator` schema
 * of the DuckDB file so a restart keeps them. Each Timestream table is a DuckDB table `"db"."t$data"`
 * (with the record version in `ts_version`) behind a view `"db"."t"` that hides the version, so
 * `SELECT *` shows what Timestream shows.
 */
import type { CapacityHistory } from './capacity/capacity-model.ts';
import type { Engine } from './engine.ts';
import { quoteIdent, quoteLiteral } from './engine.ts';
import { conflict, notFound, validation } from '../errors.ts';
import { describeColumns } from './query/meta-queries.ts';

export const MEASURE_TYPES = ['DOUBLE', 'BIGINT', 'VARCHAR', 'BOOLEAN', 'TIMESTAMP'] as const;
export type MeasureType = (typeof MEASURE_TYPES)[number];

export const SQL_TYPE: Readonly<Record<MeasureType, string>> = {
  DOUBLE: 'DOUBLE',
  BIGINT: 'BIGINT',
  VARCHAR: 'VARCHAR',
  BOOLEAN: 'BOOLEAN',
  TIMESTAMP: 'TIMESTAMP',
};

export interface DatabaseMeta {
  readonly name: string;
  readonly arn: string;
  kmsKeyId: string;
  readonly createdAtMs: number;
  updatedAtMs: number;
}

export interface TableMeta {
  readonly database: string;
  readonly name: string;
  readonly arn: string;
  readonly createdAtMs: number;
  updatedAtMs: number;
  retention: { memoryHours: number; magneticDays: number };
  magneticWrites: { enabled: boolean; rejectedDataLocation?: unknown };
  schema: unknown;
  /** Dimension names in the order first seen. */
  dimensions: string[];
  /** MULTI measure columns: name → first-seen type. */
  multiMeasures: Record<string, MeasureType>;
  /** Single-measure value types in use (`measure_value::double` …). */
  singleTypes: MeasureType[];
  /** Every measure_name seen, with its kind and type (SHOW MEASURES). */
  measureNames: Record<string, { kind: 'single' | 'multi'; type: MeasureType | 'MULTI'; dimensions: string[] }>;
}

export interface AccountSettings {
  maxQueryTcu: number;
  queryPricingModel: 'COMPUTE_UNITS' | 'BYTES_SCANNED';
}

/** The usage meter as stored between runs. */
export interface StoredUsage {
  readonly capacity: CapacityHistory;
  readonly writtenBytes: readonly (readonly [minute: number, bytes: number])[];
}

export const DEFAULT_MEMORY_HOURS = 6;
export const DEFAULT_MAGNETIC_DAYS = 73_000;
/** DuckDB column holding the record version; hidden by the table view. */
export const VERSION_COLUMN = 'ts_version';

export function dataTableName(table: string): string {
  return `${table}$data`;
}

export class Catalog {
  private readonly databases = new Map<string, DatabaseMeta>();
  private readonly tables = new Map<string, TableMeta>();

  private constructor(
    private readonly engine: Engine,
    private readonly arnPrefix: string,
    readonly settings: AccountSettings,
  ) {}

  static async load(
    engine: Engine,
    options: {
      region: string;
      accountId: string;
      maxQueryTcu: number;
      queryPricingModel: AccountSettings['queryPricingModel'];
    },
  ): Promise<Catalog> {
    await engine.exec('CREATE SCHEMA IF NOT EXISTS _emulator');
    await engine.exec('CREATE TABLE IF NOT EXISTS _emulator.databases (name VARCHAR PRIMARY KEY, meta JSON)');
    await engine.exec(
      'CREATE TABLE IF NOT EXISTS _emulator.tables (db VARCHAR, name VARCHAR, meta JSON, PRIMARY KEY (db, name))',
    );
    await engine.exec('CREATE TABLE IF NOT EXISTS _emulator.settings (key VARCHAR PRIMARY KEY, value JSON)');
    const stored = await engine.exec(`SELECT value FROM _emulator.settings WHERE key = 'account'`);
    const rows = (await stored.getRows()) as [string][];
    const settings: AccountSettings = rows[0]
      ? (JSON.parse(rows[0][0]) as AccountSettings)
      : { maxQueryTcu: options.maxQueryTcu, queryPricingModel: options.queryPricingModel };
    const catalog = new Catalog(engine, `arn:aws:timestream:${options.region}:${options.accountId}`, settings);
    for (const [meta] of (await (await engine.exec('SELECT meta FROM _emulator.databases')).getRows()) as [string][]) {
      const database = JSON.parse(meta) as DatabaseMeta;
      catalog.databases.set(database.name, database);
    }
    for (const [meta] of (await (await engine.exec('SELECT meta FROM _emulator.tables')).getRows()) as [string][]) {
      const table = JSON.parse(meta) as TableMeta;
      catalog.tables.set(tableKey(table.database, table.name), table);
      // Data files written before times kept nanoseconds, and before the views listed columns in
      // Timestream's order, get both now.
      await catalog.keepNanoseconds(table);
      await catalog.orderView(table);
    }
    return catalog;
  }

  async loadUsage(): Promise<StoredUsage | undefined> {
    const rows = (await (
      await this.engine.exec(`SELECT value FROM _emulator.settings WHERE key = 'usage'`)
    ).getRows()) as [string][];
    return rows[0] ? (JSON.parse(rows[0][0]) as StoredUsage) : undefined;
  }

  async saveUsage(usage: StoredUsage): Promise<void> {
    await this.engine.exec(
      `INSERT OR REPLACE INTO _emulator.settings VALUES ('usage', ${quoteLiteral(JSON.stringify(usage))})`,
    );
  }

  async saveSettings(): Promise<void> {
    await this.engine.exec(
      `INSERT OR REPLACE INTO _emulator.settings VALUES ('account', ${quoteLiteral(JSON.stringify(this.settings))})`,
    );
  }

  listDatabases(): DatabaseMeta[] {
    return [...this.databases.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  database(name: string): DatabaseMeta {
    const database = this.databases.get(name);
    if (!database) throw notFound(`The database ${name} does not exist.`);
    return database;
  }

  async createDatabase(name: string, kmsKeyId: string | undefined, nowMs: number): Promise<DatabaseMeta> {
    if (this.databases.has(name)) throw conflict(`A database with the name ${name} already exists.`);
    if ([...this.databases.keys()].some((existing) => existing.toLowerCase() === name.toLowerCase())) {
      throw validation(
        `The emulator cannot hold databases whose names differ only in case (${name}); DuckDB identifiers are case-insensitive.`,
      );
    }
    const database: DatabaseMeta = {
      name,
      arn: `${this.arnPrefix}:database/${name}`,
      kmsKeyId: kmsKeyId ?? `${this.arnPrefix.replace(':timestream:', ':kms:')}:key/emulator`,
      createdAtMs: nowMs,
      updatedAtMs: nowMs,
    };
    await this.engine.exec(`CREATE SCHEMA ${quoteIdent(name)}`);
    this.databases.set(name, database);
    await this.saveDatabase(database);
    return database;
  }

  async updateDatabase(database: DatabaseMeta): Promise<void> {
    await this.saveDatabase(database);
  }

  async deleteDatabase(name: string): Promise<void> {
    this.database(name);
    if (this.listTables(name).length > 0) throw validation(`The database ${name} has tables; delete them first.`);
    await this.engine.exec(`DROP SCHEMA ${quoteIdent(name)} CASCADE`);
    await this.engine.exec(`DELETE FROM _emulator.databases WHERE name = ${quoteLiteral(name)}`);
    this.databases.delete(name);
  }

  listTables(database?: string): TableMeta[] {
    return [...this.tables.values()]
      .filter((table) => database === undefined || table.database === database)
      .sort((a, b) => a.database.localeCompare(b.database) || a.name.localeCompare(b.name));
  }

  table(database: string, name: string): TableMeta {
    this.database(database);
    const table = this.tables.get(tableKey(database, name));
    if (!table) throw notFound(`The table ${name} does not exist in database ${database}.`);
    return table;
  }

  async createTable(
    database: string,
    name: string,
    options: Pick<TableMeta, 'retention' | 'magneticWrites' | 'schema'>,
    nowMs: number,
  ): Promise<TableMeta> {
    this.database(database);
    if (this.tables.has(tableKey(database, name)))
      throw conflict(`A table with the name ${name} already exists in database ${database}.`);
    if (this.listTables(database).some((table) => table.name.toLowerCase() === name.toLowerCase())) {
      throw validation(
        `The emulator cannot hold tables whose names differ only in case (${name}); DuckDB identifiers are case-insensitive.`,
      );
    }
    const table: TableMeta = {
      database,
      name,
      arn: `${this.arnPrefix}:database/${database}/table/${name}`,
      createdAtMs: nowMs,
      updatedAtMs: nowMs,
      ...options,
      dimensions: [],
      multiMeasures: {},
      singleTypes: [],
      measureNames: {},
    };
    const schema = quoteIdent(database);
    await this.engine.exec(
      `CREATE TABLE ${schema}.${quoteIdent(dataTableName(name))} (measure_name VARCHAR NOT NULL, time TIMESTAMP_NS NOT NULL, ${VERSION_COLUMN} BIGINT NOT NULL)`,
    );
    await this.orderView(table);
    this.tables.set(tableKey(database, name), table);
    await this.saveTable(table);
    return table;
  }

  /**
   * The view queries read lists the table's columns in the order Timestream answers `SELECT *`
   * (describeColumns); it is made again whenever the table gains columns.
   */
  async orderView(table: TableMeta): Promise<void> {
    const schema = quoteIdent(table.database);
    const columns = describeColumns(table)
      .map(([column]) => quoteIdent(column))
      .join(', ');
    await this.engine.exec(
      `CREATE OR REPLACE VIEW ${schema}.${quoteIdent(table.name)} AS SELECT ${columns} FROM ${schema}.${quoteIdent(dataTableName(table.name))}`,
    );
  }

  /** A table from before times kept nanoseconds (a TIMESTAMP column) becomes TIMESTAMP_NS. */
  async keepNanoseconds(table: TableMeta): Promise<void> {
    const rows = await (
      await this.engine.exec(
        `SELECT data_type FROM duckdb_columns() WHERE schema_name = ${quoteLiteral(table.database)} AND table_name = ${quoteLiteral(dataTableName(table.name))} AND column_name = 'time'`,
      )
    ).getRows();
    if (rows[0]?.[0] !== 'TIMESTAMP') return;
    const schema = quoteIdent(table.database);
    await this.engine.exec(`DROP VIEW IF EXISTS ${schema}.${quoteIdent(table.name)}`);
    await this.engine.exec(
      `ALTER TABLE ${schema}.${quoteIdent(dataTableName(table.name))} ALTER COLUMN time SET DATA TYPE TIMESTAMP_NS`,
    );
  }

  async saveTable(table: TableMeta): Promise<void> {
    await this.engine.exec(
      `INSERT OR REPLACE INTO _emulator.tables VALUES (${quoteLiteral(table.database)}, ${quoteLiteral(table.name)}, ${quoteLiteral(JSON.stringify(table))})`,
    );
  }

  async deleteTable(database: string, name: string): Promise<void> {
    this.table(database, name);
    const schema = quoteIdent(database);
    await this.engine.exec(`DROP VIEW ${schema}.${quoteIdent(name)}`);
    await this.engine.exec(`DROP TABLE ${schema}.${quoteIdent(dataTableName(name))}`);
    await this.engine.exec(
      `DELETE FROM _emulator.tables WHERE db = ${quoteLiteral(database)} AND name = ${quoteLiteral(name)}`,
    );
    this.tables.delete(tableKey(database, name));
  }

  private async saveDatabase(database: DatabaseMeta): Promise<void> {
    await this.engine.exec(
      `INSERT OR REPLACE INTO _emulator.databases VALUES (${quoteLiteral(database.name)}, ${quoteLiteral(JSON.stringify(database))})`,
    );
  }
}

function tableKey(database: string, table: string): string {
  return `${database}\u0000${table}`;
}
