/**
 * Times are kept to the nanosecond, as Timestream keeps them: a record written with TimeUnit
 * NANOSECONDS answers with all nine digits, two records a nanosecond apart are two records, and a
 * data file from before (microsecond times) is brought to nanoseconds when it is opened.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/client-timestream-query';
import { CreateDatabaseCommand, CreateTableCommand, WriteRecordsCommand } from '@aws-sdk/client-timestream-write';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../../../src/emulator/server.ts';
import { createTimestreamClients } from '../../../../src/timestream/clients.ts';
import { rowsOf } from '../../../support/emulator.ts';

const folder = mkdtempSync(join(tmpdir(), 'nanos-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Now, in nanoseconds, with digits a microsecond clock would lose. */
const base = BigInt(Date.now()) * 1_000_000n + 123_456_789n - 123_000_000n;

async function open(dataPath: string) {
  const emulator = await startEmulator({ dataPath, paceAnswers: false });
  const clients = createTimestreamClients({ region: 'us-east-1', endpoint: emulator.endpoint, maxAttempts: 1 });
  return {
    emulator,
    clients,
    query: async (sql: string) => rowsOf(await clients.query.send(new QueryCommand({ QueryString: sql }))),
    close: async () => {
      clients.write.destroy();
      clients.query.destroy();
      await emulator.close();
    },
  };
}

const record = (nanos: bigint, value: string) => ({
  Dimensions: [{ Name: 'host', Value: 'a' }],
  MeasureName: 'cpu',
  MeasureValue: value,
  Time: String(nanos),
  TimeUnit: 'NANOSECONDS' as const,
});

describe('nanosecond times', () => {
  it('keeps all nine digits, tells records a nanosecond apart, and survives a restart', async () => {
    const dataPath = join(folder, 'kept.duckdb');
    let open1 = await open(dataPath);
    await open1.clients.write.send(new CreateDatabaseCommand({ DatabaseName: 'nanos' }));
    await open1.clients.write.send(new CreateTableCommand({ DatabaseName: 'nanos', TableName: 'cpu' }));
    await open1.clients.write.send(
      new WriteRecordsCommand({
        DatabaseName: 'nanos',
        TableName: 'cpu',
        Records: [record(base, '1'), record(base + 1n, '2')],
      }),
    );
    const expected = [
      [timestampText(base), '1.0', String(base)],
      [timestampText(base + 1n), '2.0', String(base + 1n)],
    ];
    const sql = 'SELECT time, measure_value::double, to_nanoseconds(time) FROM "nanos"."cpu" ORDER BY time';
    expect(await open1.query(sql)).toEqual(expected);
    // The same key again with another value is a conflict, to the nanosecond.
    await expect(
      open1.clients.write.send(
        new WriteRecordsCommand({ DatabaseName: 'nanos', TableName: 'cpu', Records: [record(base + 1n, '3')] }),
      ),
    ).rejects.toMatchObject({ name: 'RejectedRecordsException' });
    await open1.close();

    open1 = await open(dataPath);
    expect(await open1.query(sql)).toEqual(expected);
    await open1.close();
  });

  it('turns a table of microsecond times (a data file from before) into nanoseconds on open', async () => {
    const dataPath = join(folder, 'earlier.duckdb');
    const first = await open(dataPath);
    await first.clients.write.send(new CreateDatabaseCommand({ DatabaseName: 'old' }));
    await first.clients.write.send(new CreateTableCommand({ DatabaseName: 'old', TableName: 'cpu' }));
    await first.clients.write.send(
      new WriteRecordsCommand({ DatabaseName: 'old', TableName: 'cpu', Records: [record(base, '1')] }),
    );
    // What earlier versions stored: microseconds.
    const engine = first.emulator.service.engine;
    await engine.exec('DROP VIEW "old"."cpu"');
    await engine.exec('ALTER TABLE "old"."cpu$data" ALTER COLUMN time SET DATA TYPE TIMESTAMP');
    await first.close();

    const reopened = await open(dataPath);
    await reopened.clients.write.send(
      new WriteRecordsCommand({ DatabaseName: 'old', TableName: 'cpu', Records: [record(base + 7n, '2')] }),
    );
    expect(await reopened.query('SELECT time FROM "old"."cpu" ORDER BY time')).toEqual([
      [timestampText((base / 1000n) * 1000n)],
      [timestampText(base + 7n)],
    ]);
    await reopened.close();
  });
});

function timestampText(nanos: bigint): string {
  const iso = new Date(Number(nanos / 1_000_000n)).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${String(nanos % 1_000_000_000n).padStart(9, '0')}`;
}
