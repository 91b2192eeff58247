import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeAccountSettingsCommand,
  PrepareQueryCommand,
  QueryCommand,
  TimestreamQueryClient,
  UpdateAccountSettingsCommand,
} from '@aws-sdk/client-timestream-query';
import {
  CreateDatabaseCommand,
  CreateTableCommand,
  DeleteDatabaseCommand,
  DeleteTableCommand,
  DescribeDatabaseCommand,
  DescribeEndpointsCommand,
  DescribeTableCommand,
  ListDatabasesCommand,
  ListTablesCommand,
  UpdateTableCommand,
  WriteRecordsCommand,
} from '@aws-sdk/client-timestream-write';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/server.ts';
import { createTimestreamClients } from '../../src/timestream/clients.ts';
import { rowsOf, useEmulator } from '../support/emulator.ts';

const fixture = useEmulator();

describe('databases and tables', () => {
  it('create, describe, list, update and delete', async () => {
    const { write } = fixture.clients;
    const created = await write.send(new CreateDatabaseCommand({ DatabaseName: 'catalog-db' }));
    expect(created.Database).toMatchObject({
      DatabaseName: 'catalog-db',
      Arn: 'arn:aws:timestream:us-east-1:000000000000:database/catalog-db',
      TableCount: 0,
    });
    expect(created.Database?.CreationTime).toBeInstanceOf(Date);
    await expect(write.send(new CreateDatabaseCommand({ DatabaseName: 'catalog-db' }))).rejects.toMatchObject({
      name: 'ConflictException',
      $metadata: { httpStatusCode: 409 },
    });

    const table = await write.send(
      new CreateTableCommand({
        DatabaseName: 'catalog-db',
        TableName: 'metrics',
        RetentionProperties: { MemoryStoreRetentionPeriodInHours: 24, MagneticStoreRetentionPeriodInDays: 365 },
        MagneticStoreWriteProperties: { EnableMagneticStoreWrites: true },
      }),
    );
    expect(table.Table).toMatchObject({
      TableName: 'metrics',
      TableStatus: 'ACTIVE',
      RetentionProperties: { MemoryStoreRetentionPeriodInHours: 24, MagneticStoreRetentionPeriodInDays: 365 },
      MagneticStoreWriteProperties: { EnableMagneticStoreWrites: true },
    });
    await write.send(new CreateTableCommand({ DatabaseName: 'catalog-db', TableName: 'defaults' }));
    expect(
      (await write.send(new DescribeTableCommand({ DatabaseName: 'catalog-db', TableName: 'defaults' }))).Table
        ?.RetentionProperties,
    ).toEqual({
      MemoryStoreRetentionPeriodInHours: 6,
      MagneticStoreRetentionPeriodInDays: 73000,
    });

    const updated = await write.send(
      new UpdateTableCommand({
        DatabaseName: 'catalog-db',
        TableName: 'metrics',
        RetentionProperties: { MemoryStoreRetentionPeriodInHours: 48, MagneticStoreRetentionPeriodInDays: 30 },
      }),
    );
    expect(updated.Table?.RetentionProperties).toEqual({
      MemoryStoreRetentionPeriodInHours: 48,
      MagneticStoreRetentionPeriodInDays: 30,
    });
    expect((await write.send(new DescribeDatabaseCommand({ DatabaseName: 'catalog-db' }))).Database?.TableCount).toBe(
      2,
    );
    expect(
      (await write.send(new ListTablesCommand({ DatabaseName: 'catalog-db' }))).Tables?.map((each) => each.TableName),
    ).toEqual(['defaults', 'metrics']);
    expect((await write.send(new ListDatabasesCommand({}))).Databases?.map((each) => each.DatabaseName)).toContain(
      'catalog-db',
    );

    await write.send(new DeleteTableCommand({ DatabaseName: 'catalog-db', TableName: 'metrics' }));
    await expect(
      write.send(new DescribeTableCommand({ DatabaseName: 'catalog-db', TableName: 'metrics' })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await write.send(new DeleteTableCommand({ DatabaseName: 'catalog-db', TableName: 'defaults' }));
    await write.send(new DeleteDatabaseCommand({ DatabaseName: 'catalog-db' }));
    await expect(write.send(new DescribeDatabaseCommand({ DatabaseName: 'catalog-db' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('pages ListDatabases with NextToken', async () => {
    const { write } = fixture.clients;
    for (let index = 0; index < 5; index += 1)
      await write.send(new CreateDatabaseCommand({ DatabaseName: `paged-${index}` }));
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await write.send(new ListDatabasesCommand({ MaxResults: 2, NextToken: token }));
      names.push(...(page.Databases ?? []).map((each) => each.DatabaseName!));
      token = page.NextToken;
    } while (token);
    expect(names.filter((name) => name.startsWith('paged-'))).toEqual([
      'paged-0',
      'paged-1',
      'paged-2',
      'paged-3',
      'paged-4',
    ]);
  });
});

describe('wire protocol', () => {
  it('answers an unknown operation with the shape the SDK reads as UnknownOperationException', async () => {
    await expect(
      fixture.clients.query.send(new PrepareQueryCommand({ QueryString: 'SELECT 1' })),
    ).rejects.toMatchObject({ name: 'UnknownOperationException' });
    const raw = await fetch(fixture.emulator.endpoint, {
      method: 'POST',
      headers: { 'x-amz-target': 'Timestream_20181101.Nope', 'content-type': 'application/x-amz-json-1.0' },
      body: '{}',
    });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toMatchObject({ __type: 'com.amazon.coral.service#UnknownOperationException' });
  });

  it('answers malformed requests with ValidationException', async () => {
    const raw = await fetch(fixture.emulator.endpoint, {
      method: 'POST',
      headers: { 'x-amz-target': 'Timestream_20181101.Query' },
      body: '{"QueryString":',
    });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toMatchObject({
      __type: 'com.amazonaws.timestream.v20181101#ValidationException',
      Message: 'The request body is not valid JSON.',
    });
    await expect(
      fixture.clients.query.send(new QueryCommand({ QueryString: 'SELECT 1', MaxRows: 5000 })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('MaxRows'),
    });
    await expect(
      fixture.clients.write.send(
        new WriteRecordsCommand({
          DatabaseName: 'x',
          TableName: 'y',
          Records: [{ Dimensions: [{ Name: 'a', Value: 'b' }], MeasureValueType: 'NOPE' as 'DOUBLE' }],
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('Records[0].MeasureValueType'),
    });
  });

  it('DescribeEndpoints names the emulator itself', async () => {
    const { Endpoints } = await fixture.clients.write.send(new DescribeEndpointsCommand({}));
    expect(Endpoints).toEqual([{ Address: '127.0.0.1', CachePeriodInMinutes: 1440 }]);
  });

  it('a client that discovers endpoints (endpoint from AWS_ENDPOINT_URL) still works', async () => {
    process.env.AWS_ENDPOINT_URL_TIMESTREAM_QUERY = fixture.emulator.endpoint;
    try {
      const client = new TimestreamQueryClient({
        region: 'us-east-1',
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
        maxAttempts: 1,
      });
      expect(rowsOf(await client.send(new QueryCommand({ QueryString: 'SELECT 1 AS one' })))).toEqual([['1']]);
      client.destroy();
    } finally {
      delete process.env.AWS_ENDPOINT_URL_TIMESTREAM_QUERY;
    }
  });

  it('account settings round trip, with MaxQueryTCU validated', async () => {
    const { query } = fixture.clients;
    expect(await query.send(new DescribeAccountSettingsCommand({}))).toMatchObject({
      MaxQueryTCU: 200,
      QueryPricingModel: 'COMPUTE_UNITS',
    });
    expect(await query.send(new UpdateAccountSettingsCommand({ MaxQueryTCU: 96 }))).toMatchObject({ MaxQueryTCU: 96 });
    expect(await query.send(new DescribeAccountSettingsCommand({}))).toMatchObject({ MaxQueryTCU: 96 });
    for (const bad of [2, 30, 1004]) {
      await expect(query.send(new UpdateAccountSettingsCommand({ MaxQueryTCU: bad }))).rejects.toMatchObject({
        name: 'ValidationException',
      });
    }
    await query.send(new UpdateAccountSettingsCommand({ MaxQueryTCU: 200 }));
  });
});

describe('restart', () => {
  const folder = mkdtempSync(join(tmpdir(), 'tcu-emulator-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('keeps databases, tables, rows, settings and upsert keys across a restart', async () => {
    const dataPath = join(folder, 'emulator.duckdb');
    const now = Date.now();
    const record = (value: string) => ({
      Dimensions: [{ Name: 'host', Value: 'h1' }],
      MeasureName: 'cpu',
      MeasureValue: value,
      Time: String(now),
    });

    const first = await startEmulator({ dataPath, maxQueryTcu: 8 });
    const before = createTimestreamClients({ region: 'us-east-1', endpoint: first.endpoint, maxAttempts: 1 });
    await before.write.send(new CreateDatabaseCommand({ DatabaseName: 'kept' }));
    await before.write.send(
      new CreateTableCommand({
        DatabaseName: 'kept',
        TableName: 'tbl',
        RetentionProperties: { MemoryStoreRetentionPeriodInHours: 24, MagneticStoreRetentionPeriodInDays: 7 },
      }),
    );
    await before.write.send(
      new WriteRecordsCommand({ DatabaseName: 'kept', TableName: 'tbl', Records: [record('1.5')] }),
    );
    await before.query.send(new UpdateAccountSettingsCommand({ MaxQueryTCU: 12 }));
    await before.query.send(new QueryCommand({ QueryString: 'SELECT 1' }));
    const tcuHoursBefore = first.capacity.tcuHours(now - 3600_000, now + 3600_000);
    before.write.destroy();
    before.query.destroy();
    await first.close();

    const second = await startEmulator({ dataPath });
    const after = createTimestreamClients({ region: 'us-east-1', endpoint: second.endpoint, maxAttempts: 1 });
    try {
      expect(
        (await after.write.send(new DescribeTableCommand({ DatabaseName: 'kept', TableName: 'tbl' }))).Table
          ?.RetentionProperties?.MemoryStoreRetentionPeriodInHours,
      ).toBe(24);
      expect(
        rowsOf(
          await after.query.send(new QueryCommand({ QueryString: 'SELECT host, measure_value::double FROM kept.tbl' })),
        ),
      ).toEqual([['h1', '1.5']]);
      expect((await after.query.send(new DescribeAccountSettingsCommand({}))).MaxQueryTCU).toBe(12);
      await expect(
        after.write.send(new WriteRecordsCommand({ DatabaseName: 'kept', TableName: 'tbl', Records: [record('9')] })),
      ).rejects.toMatchObject({
        name: 'RejectedRecordsException',
      });
      // The usage meter came back too: the query before the restart still shows in QueryTCU and TCU-hours.
      expect(second.capacity.minuteStats(now - 3600_000, now + 3600_000).some((minute) => minute.max === 4)).toBe(true);
      expect(second.capacity.tcuHours(now - 3600_000, now + 3600_000)).toBeGreaterThanOrEqual(tcuHoursBefore);
      expect(tcuHoursBefore).toBeGreaterThan(0);
      const bytes = (
        await after.query.send(new QueryCommand({ QueryString: 'SELECT measure_value::double FROM kept.tbl' }))
      ).QueryStatus?.CumulativeBytesScanned;
      expect(bytes).toBe(8);
    } finally {
      after.write.destroy();
      after.query.destroy();
      await second.close();
    }
  });
});
