/**
 * The tables the conformance corpus runs against, shaped like the ones published Timestream queries
 * read: a single-measure DevOps table (the developer guide's and Grafana's sample) and a
 * multi-measure IoT table (the AWS samples' trucks), filled with two hours of minutes up to now.
 */
import {
  CreateDatabaseCommand,
  CreateTableCommand,
  WriteRecordsCommand,
  type _Record,
} from '@aws-sdk/client-timestream-write';
import type { TimestreamClients } from '../../../../src/timestream/clients.ts';

export const DEVOPS = '"corpus"."DevOps"';
export const IOT = '"corpus"."IoTMulti"';
export const HOSTS = ['host-a', 'host-b', 'host-c', 'host-d'];
export const TRUCKS = ['truck-1', 'truck-2', 'truck-3'];
const MINUTES = 120;

export async function createCorpusTables(clients: TimestreamClients, nowMs: number): Promise<void> {
  await clients.write.send(new CreateDatabaseCommand({ DatabaseName: 'corpus' }));
  const retention = { MemoryStoreRetentionPeriodInHours: 24, MagneticStoreRetentionPeriodInDays: 7 };
  for (const table of ['DevOps', 'IoTMulti'])
    await clients.write.send(
      new CreateTableCommand({ DatabaseName: 'corpus', TableName: table, RetentionProperties: retention }),
    );
  const start = Math.floor(nowMs / 60_000) * 60_000 - MINUTES * 60_000;
  const devops: _Record[] = [];
  const iot: _Record[] = [];
  for (let minute = 0; minute < MINUTES; minute += 1) {
    const time = String(start + minute * 60_000);
    for (const [index, hostname] of HOSTS.entries()) {
      const Dimensions = [
        { Name: 'region', Value: index < 2 ? 'us-east-1' : 'eu-west-1' },
        { Name: 'az', Value: `${index < 2 ? 'us-east-1' : 'eu-west-1'}${'ab'[index % 2]}` },
        { Name: 'hostname', Value: hostname },
      ];
      devops.push({
        Dimensions,
        Time: time,
        MeasureName: 'cpu_utilization',
        MeasureValue: String(20 + ((index * 7 + minute * 3) % 60) + 0.5),
      });
      devops.push({
        Dimensions,
        Time: time,
        MeasureName: 'memory_utilization',
        MeasureValue: String(40 + ((index * 11 + minute * 5) % 50) + 0.25),
      });
      if (minute % 10 === 0)
        devops.push({
          Dimensions,
          Time: time,
          MeasureName: 'tasks_completed',
          MeasureValue: String(100 + index * 10 + minute),
          MeasureValueType: 'BIGINT',
        });
      if (minute % 30 === 0)
        devops.push({
          Dimensions,
          Time: time,
          MeasureName: 'status',
          MeasureValue: minute % 60 === 0 ? 'OK' : 'DEGRADED',
          MeasureValueType: 'VARCHAR',
        });
    }
    for (const [index, truck] of TRUCKS.entries()) {
      const measures = [
        { Name: 'speed', Value: String(((index * 13 + minute * 7) % 90) + 0.5), Type: 'DOUBLE' as const },
        { Name: 'load', Value: String(1000 + index * 100 + minute), Type: 'BIGINT' as const },
        { Name: 'location', Value: `loc-${minute % 5}`, Type: 'VARCHAR' as const },
      ];
      // Truck 3 misses its fuel reading every 7th minute: a NULL in that column.
      if (!(index === 2 && minute % 7 === 0))
        measures.push({ Name: 'fuel_reading', Value: String(100 - minute * 0.5 - index), Type: 'DOUBLE' as const });
      iot.push({
        Dimensions: [
          { Name: 'truck_id', Value: truck },
          { Name: 'fleet', Value: index < 2 ? 'north' : 'south' },
          { Name: 'make', Value: index === 0 ? 'Volvo' : 'Scania' },
          { Name: 'model', Value: `m${index}` },
        ],
        Time: time,
        MeasureName: 'metrics',
        MeasureValueType: 'MULTI',
        MeasureValues: measures,
      });
    }
  }
  for (const [table, records] of [
    ['DevOps', devops],
    ['IoTMulti', iot],
  ] as const)
    for (let offset = 0; offset < records.length; offset += 100)
      await clients.write.send(
        new WriteRecordsCommand({
          DatabaseName: 'corpus',
          TableName: table,
          Records: records.slice(offset, offset + 100),
        }),
      );
}
