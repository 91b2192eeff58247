/** Rows older than a table's magnetic retention are deleted, as Timestream deletes them. */
import { QueryCommand } from '@aws-sdk/client-timestream-query';
import {
  CreateDatabaseCommand,
  CreateTableCommand,
  UpdateTableCommand,
  WriteRecordsCommand,
  type _Record,
} from '@aws-sdk/client-timestream-write';
import { beforeAll, describe, expect, it } from 'vitest';
import { systemClock, type Clock } from '../../../../src/shared/clock.ts';
import { rowsOf, useEmulator } from '../../../support/emulator.ts';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const start = Date.now();
let offset = 0;
const clock: Clock = { now: () => start + offset, sleep: systemClock.sleep };
const fixture = useEmulator({ clock });

const query = async (sql: string) => fixture.clients.query.send(new QueryCommand({ QueryString: sql }));
const record = (host: string, ageMs: number): _Record => ({
  Dimensions: [{ Name: 'host', Value: host }],
  MeasureName: 'cpu',
  MeasureValue: '1',
  Time: String(start - ageMs),
});

beforeAll(async () => {
  await fixture.clients.write.send(new CreateDatabaseCommand({ DatabaseName: 'kept' }));
  await fixture.clients.write.send(
    new CreateTableCommand({
      DatabaseName: 'kept',
      TableName: 'metrics',
      RetentionProperties: { MemoryStoreRetentionPeriodInHours: 1, MagneticStoreRetentionPeriodInDays: 2 },
      MagneticStoreWriteProperties: { EnableMagneticStoreWrites: true },
    }),
  );
  await fixture.clients.write.send(
    new WriteRecordsCommand({
      DatabaseName: 'kept',
      TableName: 'metrics',
      Records: [record('fresh', 30 * 60_000), record('hours', 10 * HOUR), record('old', 36 * HOUR)],
    }),
  );
});

describe('retention', () => {
  it('keeps every row while it is inside the magnetic retention', async () => {
    expect(await fixture.emulator.service.expireOldRows()).toBe(0);
    expect(rowsOf(await query('SELECT host FROM kept.metrics ORDER BY host'))).toEqual([['fresh'], ['hours'], ['old']]);
  });

  it('deletes rows once they are older than the magnetic retention, and the bytes model forgets them', async () => {
    const before =
      (await query('SELECT host, measure_value::double FROM kept.metrics')).QueryStatus?.CumulativeBytesScanned ?? 0;
    offset = DAY; // the 36-hour-old row is now 60 hours old: past 2 days
    expect(await fixture.emulator.service.expireOldRows()).toBe(1);
    expect(rowsOf(await query('SELECT host FROM kept.metrics ORDER BY host'))).toEqual([['fresh'], ['hours']]);
    const after =
      (await query('SELECT host, measure_value::double FROM kept.metrics')).QueryStatus?.CumulativeBytesScanned ?? 0;
    expect(after).toBeGreaterThan(0);
    expect(after).toBeLessThan(before);
    expect(await fixture.emulator.service.expireOldRows()).toBe(0);
  });

  it('applies a shorter retention set by UpdateTable at the next sweep', async () => {
    offset = DAY + 2 * HOUR; // fresh is 26.5 h old, hours is 36 h old
    await fixture.clients.write.send(
      new UpdateTableCommand({
        DatabaseName: 'kept',
        TableName: 'metrics',
        RetentionProperties: { MemoryStoreRetentionPeriodInHours: 1, MagneticStoreRetentionPeriodInDays: 1 },
      }),
    );
    expect(await fixture.emulator.service.expireOldRows()).toBe(2);
    expect(rowsOf(await query('SELECT count(*) FROM kept.metrics'))).toEqual([['0']]);
  });
});
