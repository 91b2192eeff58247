/**
 * `lab setup --workload F` and `lab generate --workload F`: a workload file's database and tables
 * (memory retention covering the span, the customer-defined partition key when the file names one),
 * then its data through the shared writer (checks, retries, checkpoint, resume), counted at the end
 * on this run's own time grid so rows an earlier run left elsewhere are not this run's.
 */
import { QueryCommand } from '@aws-sdk/client-timestream-query';
import {
  CreateDatabaseCommand,
  CreateTableCommand,
  DescribeTableCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-timestream-write';
import { generationReport, type GenerationReport } from '../generate.ts';
import { createIfMissing } from '../setup.ts';
import { checkRegion, type LabLog, type LabTarget } from '../lab-target.ts';
import { parseDuration } from '../loadtest/config.ts';
import type { DataWindow } from '../scenario.ts';
import { doneIn, resumableCheckpoint, timeCheck, writePlan, type WriterControls } from '../write-plan.ts';
import { measureNamesOf, planWorkloadData, timeGrid, workloadSource, workloadWindow } from './workload-data.ts';
import type { Workload, WorkloadTable } from './workload-schema.ts';

/** Timestream's memory store keeps at most 8,766 hours (a year) — the CreateTable API reference's range. */
const MAX_MEMORY_HOURS = 8766;
const MAGNETIC_DAYS = 7;

/** Memory retention that holds the whole span while it is written, plus an hour. */
export function memoryHoursFor(table: WorkloadTable): number {
  return Math.min(MAX_MEMORY_HOURS, Math.ceil(parseDuration(table.span)! / 3600_000) + 1);
}

export interface WorkloadSetupReport {
  readonly database: string;
  readonly databaseCreated: boolean;
  readonly tables: readonly { table: string; created: boolean; memoryHours: number; partitionKey: string | null }[];
}

export async function setupWorkload(
  target: LabTarget,
  workload: Workload,
  log: LabLog = () => undefined,
): Promise<WorkloadSetupReport> {
  checkRegion(target);
  const { write } = target.clients;
  const databaseCreated = await createIfMissing(() =>
    write.send(new CreateDatabaseCommand({ DatabaseName: target.database })),
  );
  const tables = [];
  for (const table of workload.tables) {
    const wanted = memoryHoursFor(table);
    const created = await createIfMissing(() =>
      write.send(
        new CreateTableCommand({
          DatabaseName: target.database,
          TableName: table.name,
          RetentionProperties: {
            MemoryStoreRetentionPeriodInHours: wanted,
            MagneticStoreRetentionPeriodInDays: MAGNETIC_DAYS,
          },
          ...(table.partitionKey
            ? {
                Schema: {
                  CompositePartitionKey: [
                    { Type: 'DIMENSION', Name: table.partitionKey, EnforcementInRecord: 'REQUIRED' },
                  ],
                },
              }
            : {}),
        }),
      ),
    );
    const described = await write.send(
      new DescribeTableCommand({ DatabaseName: target.database, TableName: table.name }),
    );
    const retention = described.Table?.RetentionProperties;
    let memoryHours = retention?.MemoryStoreRetentionPeriodInHours ?? 0;
    if (memoryHours < wanted) {
      await write.send(
        new UpdateTableCommand({
          DatabaseName: target.database,
          TableName: table.name,
          RetentionProperties: {
            MemoryStoreRetentionPeriodInHours: wanted,
            MagneticStoreRetentionPeriodInDays: Math.max(
              retention?.MagneticStoreRetentionPeriodInDays ?? 0,
              MAGNETIC_DAYS,
            ),
          },
        }),
      );
      log({ level: 'warn', message: 'memory retention raised', table: table.name, from: memoryHours, to: wanted });
      memoryHours = wanted;
    }
    log({ level: 'info', message: created ? 'table created' : 'table exists', table: table.name, memoryHours });
    tables.push({ table: table.name, created, memoryHours, partitionKey: table.partitionKey ?? null });
  }
  return { database: target.database, databaseCreated, tables };
}

export interface WorkloadValidation {
  readonly isComplete: boolean;
  readonly tables: readonly { table: string; expected: number; rows: number; from: string | null; to: string | null }[];
}

export interface GenerateWorkloadOptions extends WriterControls {
  /** A shorter span than the file's (a quick run); never a longer one. */
  readonly spanMs?: number;
  readonly seed?: number;
  readonly checkpointPath: string;
  readonly resume?: boolean;
}

export async function generateWorkload(
  target: LabTarget,
  workload: Workload,
  options: GenerateWorkloadOptions,
): Promise<GenerationReport<WorkloadValidation>> {
  checkRegion(target);
  const now = options.now ?? Date.now;
  const source = workloadSource(workload, options.spanMs);
  const previous = resumableCheckpoint(options.checkpointPath, options.resume, target.database, source);
  const seed = previous?.seed ?? options.seed ?? 42;
  const window = previous?.window ?? workloadWindow(now(), workload, options.spanMs);
  const plan = planWorkloadData(workload, window, seed, options.spanMs);
  const doneBefore = doneIn(previous);
  // Each table keeps its own memory retention (its span and an hour): a record is checked against its table's.
  const retention = new Map(workload.tables.map((table) => [table.name, memoryHoursFor(table)]));
  const outcome = await writePlan(target, {
    ...options,
    source,
    scale: 1,
    seed,
    window,
    plan,
    check: timeCheck(window, (table) => retention.get(table) ?? 1),
    doneBefore,
  });
  return {
    ...generationReport(target.database, 1, seed, window, plan, doneBefore.size, outcome),
    validation:
      outcome.status === 'complete' ? await validateWorkloadData(target, workload, window, options.spanMs) : undefined,
  };
}

/** Rows on each table's own time grid inside the window, under its measure names, against the plan. */
export async function validateWorkloadData(
  target: LabTarget,
  workload: Workload,
  window: DataWindow,
  spanMs?: number,
): Promise<WorkloadValidation> {
  const plan = planWorkloadData(workload, window, 0, spanMs);
  const tables = [];
  for (const table of workload.tables) {
    const grid = timeGrid(table, window, spanMs);
    const names = measureNamesOf(table)
      .map((name) => `'${name.replace(/'/g, "''")}'`)
      .join(', ');
    const sql = `SELECT count(*), min(time), max(time) FROM "${target.database}"."${table.name}" WHERE time BETWEEN from_milliseconds(${grid.firstMs}) AND from_milliseconds(${window.endMs}) AND (to_milliseconds(time) - ${grid.firstMs}) % ${grid.everyMs} = 0 AND measure_name IN (${names})`;
    const answer = await target.clients.query.send(new QueryCommand({ QueryString: sql }));
    const [rows, from, to] = (answer.Rows?.[0]?.Data ?? []).map((datum) =>
      datum.NullValue ? null : (datum.ScalarValue ?? null),
    );
    tables.push({
      table: table.name,
      expected: plan.recordsPerTable[table.name] ?? 0,
      rows: Number(rows ?? 0),
      from: from ?? null,
      to: to ?? null,
    });
  }
  return { isComplete: tables.every((table) => table.rows === table.expected), tables };
}
