/**
 * The validation report at the end of `lab generate`: rows per table, per device and metric, and the
 * time span, against the plan. It counts only this generation's window and devices: rows an earlier
 * run left in the tables (Timestream keeps them until retention) are not this run's to account for.
 */
import { QueryCommand } from '@aws-sdk/client-timestream-query';
import type { LabTarget } from './lab-target.ts';
import { ALL_TABLES, deviceCount, devices as plannedDevices, type DataWindow, type TableName } from './scenario.ts';
import { SAMPLE_DEVICE } from './setup.ts';

export interface DataValidation {
  readonly isComplete: boolean;
  readonly tables: readonly {
    table: TableName;
    expected: number;
    rows: number;
    from: string | null;
    to: string | null;
  }[];
  /** Legacy rows per (device, metric): every pair should hold one row per minute. */
  readonly legacyPerDeviceMetric: {
    readonly devices: number;
    readonly metrics: number;
    readonly minRows: number;
    readonly maxRows: number;
  };
}

async function scalar(target: LabTarget, sql: string): Promise<(string | null)[]> {
  const result = await target.clients.query.send(new QueryCommand({ QueryString: sql }));
  return (result.Rows?.[0]?.Data ?? []).map((datum) => (datum.NullValue ? null : (datum.ScalarValue ?? null)));
}

export async function validateGeneratedData(
  target: LabTarget,
  expected: Readonly<Record<TableName, number>>,
  scale: number,
  window: DataWindow,
): Promise<DataValidation> {
  // The plan's own devices (never the setup's sample device) inside the plan's window.
  const planned = plannedDevices(scale)
    .map((each) => `'${each.deviceNo}'`)
    .join(', ');
  const thisRun = `deviceNo IN (${planned}) AND deviceNo <> '${SAMPLE_DEVICE.deviceNo}' AND time BETWEEN from_milliseconds(${window.startMs}) AND from_milliseconds(${window.endMs})`;
  const tables = [];
  for (const table of ALL_TABLES) {
    const [rows, from, to] = await scalar(
      target,
      `SELECT count(*), min(time), max(time) FROM "${target.database}"."${table}" WHERE ${thisRun}`,
    );
    tables.push({ table, expected: expected[table], rows: Number(rows ?? 0), from: from ?? null, to: to ?? null });
  }
  const [devices, metrics, minRows, maxRows] = await scalar(
    target,
    `SELECT count(DISTINCT deviceNo), count(DISTINCT name), min(c), max(c) FROM (SELECT deviceNo, name, count(*) AS c FROM "${target.database}"."legacy" WHERE ${thisRun} GROUP BY deviceNo, name)`,
  );
  const legacyPerDeviceMetric = {
    devices: Number(devices ?? 0),
    metrics: Number(metrics ?? 0),
    minRows: Number(minRows ?? 0),
    maxRows: Number(maxRows ?? 0),
  };
  return {
    isComplete:
      tables.every((table) => table.rows === table.expected) &&
      legacyPerDeviceMetric.devices === deviceCount(scale) &&
      legacyPerDeviceMetric.minRows === legacyPerDeviceMetric.maxRows,
    tables,
    legacyPerDeviceMetric,
  };
}
