/**
 * `lab setup`: the database and the four tables, with memory retention long enough for 12 hours of
 * data plus margin; one sample record per table that carries every dimension and measure (so each
 * table's columns exist before any query, as the case study's tool did); then a check with DescribeTable
 * and DESCRIBE. Safe to run again: what exists is kept, and retention is raised if it is too short.
 */
import { QueryCommand } from '@aws-sdk/client-timestream-query';
import {
  ConflictException,
  CreateDatabaseCommand,
  CreateTableCommand,
  DescribeTableCommand,
  UpdateTableCommand,
  WriteRecordsCommand,
} from '@aws-sdk/client-timestream-write';
import { layoutOf } from './batches.ts';
import { checkRegion, type LabLog, type LabTarget } from './lab-target.ts';
import { ALL_TABLES, device, sample, type TableName } from './scenario.ts';

export const MEMORY_RETENTION_HOURS = 24;
export const MAGNETIC_RETENTION_DAYS = 7;
/**
 * The optimized tables are partitioned by the dimension their query filters on (customer-defined
 * partition keys: a key must be set when the table is created), so Timestream prunes to the devices or
 * the system asked for. The legacy table keeps the default, measure_name — all its rows share one.
 */
export const PARTITION_KEYS: Partial<Record<TableName, string>> = { energy: 'deviceNo', power: 'systemId' };
/** The device that carries each table's sample record; no lab query selects it. */
export const SAMPLE_DEVICE = {
  ...device(99_999),
  deviceNo: 'setup-sample',
  systemId: 'sys-setup',
  productKey: 'pk-setup',
};

/** Columns each table must show in DESCRIBE after setup. */
export const EXPECTED_COLUMNS: Readonly<Record<TableName, readonly string[]>> = {
  legacy: [
    'deviceNo',
    'systemId',
    'productKey',
    'modelKey',
    'source',
    'name',
    'measure_name',
    'time',
    'value',
    'stringValue',
    'checkFailedMsg',
    'requestId',
  ],
  power: ['deviceNo', 'systemId', 'productKey', 'measure_name', 'time', 'value', 'modelKey', 'source'],
  energy: ['deviceNo', 'systemId', 'productKey', 'measure_name', 'time', 'value', 'modelKey', 'source'],
  metadata: [
    'deviceNo',
    'requestId',
    'measure_name',
    'time',
    'stringValue',
    'checkFailedMsg',
    'systemId',
    'productKey',
  ],
};

export interface SetupReport {
  readonly database: string;
  readonly databaseCreated: boolean;
  readonly tables: readonly {
    table: TableName;
    created: boolean;
    memoryHours: number;
    magneticDays: number;
    columns: string[];
  }[];
}

export class SetupError extends Error {
  override name = 'SetupError';
}

export async function setupLab(
  target: LabTarget,
  log: LabLog = () => undefined,
  nowMs = Date.now(),
): Promise<SetupReport> {
  checkRegion(target);
  const { write, query } = target.clients;
  const databaseCreated = await createIfMissing(() =>
    write.send(new CreateDatabaseCommand({ DatabaseName: target.database })),
  );
  log({ level: 'info', message: databaseCreated ? 'database created' : 'database exists', database: target.database });

  const tables = [];
  for (const table of ALL_TABLES) {
    const created = await createIfMissing(() =>
      write.send(
        new CreateTableCommand({
          DatabaseName: target.database,
          TableName: table,
          RetentionProperties: {
            MemoryStoreRetentionPeriodInHours: MEMORY_RETENTION_HOURS,
            MagneticStoreRetentionPeriodInDays: MAGNETIC_RETENTION_DAYS,
          },
          ...(PARTITION_KEYS[table]
            ? {
                Schema: {
                  CompositePartitionKey: [
                    { Type: 'DIMENSION', Name: PARTITION_KEYS[table], EnforcementInRecord: 'REQUIRED' },
                  ],
                },
              }
            : {}),
        }),
      ),
    );
    const described = (await write.send(new DescribeTableCommand({ DatabaseName: target.database, TableName: table })))
      .Table;
    let memoryHours = described?.RetentionProperties?.MemoryStoreRetentionPeriodInHours ?? 0;
    const magneticDays = described?.RetentionProperties?.MagneticStoreRetentionPeriodInDays ?? 0;
    if (memoryHours < MEMORY_RETENTION_HOURS) {
      await write.send(
        new UpdateTableCommand({
          DatabaseName: target.database,
          TableName: table,
          RetentionProperties: {
            MemoryStoreRetentionPeriodInHours: MEMORY_RETENTION_HOURS,
            MagneticStoreRetentionPeriodInDays: Math.max(magneticDays, MAGNETIC_RETENTION_DAYS),
          },
        }),
      );
      log({ level: 'warn', message: 'memory retention raised', table, from: memoryHours, to: MEMORY_RETENTION_HOURS });
      memoryHours = MEMORY_RETENTION_HOURS;
    }
    // Timestream makes a column on the first record that carries it: a sample record makes them all.
    // A table that has them already is left alone (on the emulator, a first write after a restart
    // reads every stored key, which takes seconds on a big table: `npm start` must not pay it).
    let columns = await describeColumns(target, table, query);
    const absent = (have: readonly string[]) => EXPECTED_COLUMNS[table].filter((column) => !have.includes(column));
    if (absent(columns).length > 0) {
      await writeSampleRecord(target, table, nowMs);
      columns = await describeColumns(target, table, query);
    }
    const missing = absent(columns);
    if (missing.length > 0) throw new SetupError(`table ${table} lacks columns ${missing.join(', ')} after setup`);
    log({
      level: 'info',
      message: created ? 'table created' : 'table exists',
      table,
      memoryHours,
      columns: columns.length,
    });
    tables.push({ table, created, memoryHours, magneticDays, columns });
  }
  return { database: target.database, databaseCreated, tables };
}

/** Runs a Create call; false when the thing exists already (ConflictException), so setup can run again. */
export async function createIfMissing(create: () => Promise<unknown>): Promise<boolean> {
  try {
    await create();
    return true;
  } catch (error) {
    if (error instanceof ConflictException || (error as Error).name === 'ConflictException') return false;
    throw error;
  }
}

/** One record with every dimension and measure (checkFailedMsg included), at a fixed hour so a rerun writes the same record. */
async function writeSampleRecord(target: LabTarget, table: TableName, nowMs: number): Promise<void> {
  const layout = layoutOf(table);
  const timeMs = Math.floor(nowMs / 3600_000) * 3600_000 - 3600_000;
  const probe = { ...sample(SAMPLE_DEVICE, layout.metricIndexes[0]!, timeMs, 0), checkFailedMsg: 'setup sample' };
  await target.clients.write.send(
    new WriteRecordsCommand({
      DatabaseName: target.database,
      TableName: table,
      CommonAttributes: layout.common(SAMPLE_DEVICE),
      Records: [layout.record(probe)],
    }),
  );
}

async function describeColumns(
  target: LabTarget,
  table: TableName,
  query: LabTarget['clients']['query'],
): Promise<string[]> {
  const described = await query.send(new QueryCommand({ QueryString: `DESCRIBE "${target.database}"."${table}"` }));
  return (described.Rows ?? []).map((row) => row.Data?.[0]?.ScalarValue ?? '');
}
