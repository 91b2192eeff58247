/**
 * A small legacy (case-study) table with known values, so query answers can be worked out by hand:
 * devices d1–d4; names e1, e2 (energy), p1 (power), x (other); one record per device, name and
 * minute k = 0…9 from `base` (aligned to 5 minutes, two hours ago).
 * value(d, n, k) = 100·d + 10·n + k + 0.5 (n: e1=1, e2=2, p1=3, x=4), except value(d2, e1, 7) = 0.
 * systemId: d1–d3 → s1, d4 → s2. productKey: d1, d2 → pk1; d3, d4 → pk2.
 */
import {
  CreateDatabaseCommand,
  CreateTableCommand,
  WriteRecordsCommand,
  type _Record,
} from '@aws-sdk/client-timestream-write';
import type { TimestreamClients } from '../../src/timestream/clients.ts';

export const NAMES = ['e1', 'e2', 'p1', 'x'] as const;

export function legacyBase(nowMs = Date.now()): number {
  return Math.floor((nowMs - 2 * 3600_000) / 300_000) * 300_000;
}

export function legacyValue(device: number, name: number, minute: number): number {
  return device === 2 && name === 1 && minute === 7 ? 0 : 100 * device + 10 * name + minute + 0.5;
}

export async function createLegacyTable(clients: TimestreamClients, database: string, base: number): Promise<void> {
  await clients.write.send(new CreateDatabaseCommand({ DatabaseName: database }));
  await clients.write.send(
    new CreateTableCommand({
      DatabaseName: database,
      TableName: 'legacy',
      RetentionProperties: { MemoryStoreRetentionPeriodInHours: 24, MagneticStoreRetentionPeriodInDays: 7 },
    }),
  );
  const records: _Record[] = [];
  for (let device = 1; device <= 4; device += 1) {
    for (const [nameIndex, name] of NAMES.entries()) {
      for (let minute = 0; minute < 10; minute += 1) {
        records.push({
          Dimensions: [
            { Name: 'deviceNo', Value: `d${device}` },
            { Name: 'systemId', Value: device <= 3 ? 's1' : 's2' },
            { Name: 'productKey', Value: device <= 2 ? 'pk1' : 'pk2' },
            { Name: 'name', Value: name },
            { Name: 'modelKey', Value: `mk-${device}` },
            { Name: 'source', Value: 'mqtt' },
          ],
          Time: String(base + minute * 60_000),
          MeasureValues: [
            { Name: 'value', Value: String(legacyValue(device, nameIndex + 1, minute)), Type: 'DOUBLE' },
            { Name: 'stringValue', Value: `v${minute}`, Type: 'VARCHAR' },
            { Name: 'requestId', Value: `req-${device}-${name}-${minute}`, Type: 'VARCHAR' },
          ],
        });
      }
    }
  }
  for (let start = 0; start < records.length; start += 100) {
    await clients.write.send(
      new WriteRecordsCommand({
        DatabaseName: database,
        TableName: 'legacy',
        CommonAttributes: { MeasureName: 'metrics', MeasureValueType: 'MULTI' },
        Records: records.slice(start, start + 100),
      }),
    );
  }
}
