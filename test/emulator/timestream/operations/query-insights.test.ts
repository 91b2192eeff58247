/**
 * QueryInsights, QueryStatus and customer-defined partition keys through the real SDK, against the
 * developer guide's worked example (optimize-query-using-query-insights.html): a 23-hour time predicate
 * reports 82800000000000 ns, an equality on a 50-value partition key a spatial coverage of 0.02.
 */
import { QueryCommand, type QueryCommandOutput } from '@aws-sdk/client-timestream-query';
import {
  CreateDatabaseCommand,
  CreateTableCommand,
  DescribeTableCommand,
  RejectedRecordsException,
  UpdateTableCommand,
  WriteRecordsCommand,
  type _Record,
} from '@aws-sdk/client-timestream-write';
import { beforeAll, describe, expect, it } from 'vitest';
import { explainQuery } from '../../../../src/emulator/timestream/query/explain.ts';
import { timeBounds } from '../../../../src/emulator/timestream/query/query-plan.ts';
import { systemClock, type Clock } from '../../../../src/shared/clock.ts';
import { useEmulator } from '../../../support/emulator.ts';

const HOUR = 3600_000;
const NS_PER_MS = 1_000_000;
// The emulator's clock runs with the wall clock; each insights query moves it a second on (1 QPS).
let offsetMs = 0;
const clock: Clock = { now: () => Date.now() + offsetMs, sleep: systemClock.sleep };
const fixture = useEmulator({ clock });
const STATES = Array.from({ length: 50 }, (_, index) => `state-${index}`);

async function insights(sql: string): Promise<QueryCommandOutput> {
  offsetMs += 1100;
  return fixture.clients.query.send(
    new QueryCommand({ QueryString: sql, QueryInsights: { Mode: 'ENABLED_WITH_RATE_CONTROL' } }),
  );
}

beforeAll(async () => {
  const write = fixture.clients.write;
  await write.send(new CreateDatabaseCommand({ DatabaseName: 'insights' }));
  await write.send(
    new CreateTableCommand({
      DatabaseName: 'insights',
      TableName: 'raw',
      RetentionProperties: { MemoryStoreRetentionPeriodInHours: 48, MagneticStoreRetentionPeriodInDays: 365 },
      Schema: { CompositePartitionKey: [{ Type: 'DIMENSION', Name: 'state', EnforcementInRecord: 'REQUIRED' }] },
    }),
  );
  await write.send(
    new CreateTableCommand({
      DatabaseName: 'insights',
      TableName: 'plain',
      RetentionProperties: { MemoryStoreRetentionPeriodInHours: 48, MagneticStoreRetentionPeriodInDays: 365 },
    }),
  );
  // One record per state per hour over the last 30 hours, in both tables.
  const now = clock.now();
  for (const table of ['raw', 'plain']) {
    for (let hour = 0; hour < 30; hour += 1) {
      const records: _Record[] = STATES.map((state) => ({
        Dimensions: [{ Name: 'state', Value: state }],
        MeasureName: hour % 2 === 0 ? 'cpu' : 'memory',
        MeasureValue: String(hour),
        MeasureValueType: 'DOUBLE',
        Time: String(now - hour * HOUR - 60_000),
      }));
      await write.send(new WriteRecordsCommand({ DatabaseName: 'insights', TableName: table, Records: records }));
    }
  }
});

describe('QueryInsights', () => {
  it('reports the temporal range of a time predicate: 23 hours is 82800000000000 ns', async () => {
    const answer = await insights(
      `SELECT state, avg(measure_value::double) FROM insights.raw WHERE time >= ago(23h) GROUP BY state`,
    );
    expect(answer.QueryInsightsResponse?.QueryTemporalRange?.Max).toEqual({
      Value: 23 * HOUR * NS_PER_MS,
      TableArn: expect.stringContaining(':database/insights/table/raw'),
    });
    expect(answer.QueryInsightsResponse?.QuerySpatialCoverage?.Max).toMatchObject({
      Value: 1,
      PartitionKey: ['state'],
    });
    expect(answer.QueryInsightsResponse).toMatchObject({ QueryTableCount: 1, OutputRows: 50 });
  });

  it('reports spatial coverage 0.02 for an equality on a 50-value partition key', async () => {
    const answer = await insights(
      `SELECT avg(measure_value::double) FROM insights.raw WHERE time >= ago(23h) AND state = 'state-7'`,
    );
    expect(answer.QueryInsightsResponse?.QuerySpatialCoverage?.Max).toEqual({
      Value: 0.02,
      TableArn: expect.stringContaining(':database/insights/table/raw'),
      PartitionKey: ['state'],
    });
  });

  it('prunes nothing when a function wraps the key, and reports the worst table of a join', async () => {
    const wrapped = await insights(
      `SELECT count(*) FROM insights.raw WHERE lower(state) = 'state-7' AND time >= ago(1h)`,
    );
    expect(wrapped.QueryInsightsResponse?.QuerySpatialCoverage?.Max?.Value).toBe(1);
    const joined = await insights(
      `SELECT r.state, max(p.time) FROM insights.raw r JOIN insights.plain p ON r.state = p.state
       WHERE r.state = 'state-1' AND r.time >= ago(2h) AND p.measure_name = 'cpu' GROUP BY r.state`,
    );
    const response = joined.QueryInsightsResponse!;
    expect(response.QueryTableCount).toBe(2);
    // plain has no time predicate: its range reaches back through its retention (48 h + 365 d).
    expect(response.QueryTemporalRange?.Max?.TableArn).toContain(':database/insights/table/plain');
    expect(response.QueryTemporalRange?.Max?.Value).toBe((48 * HOUR + 365 * 24 * HOUR) * NS_PER_MS);
    // plain is partitioned by measure_name: one of its two values.
    expect(response.QuerySpatialCoverage?.Max).toMatchObject({ Value: 0.5, PartitionKey: ['measure_name'] });
  });

  it('throttles a second insights query within the same second, and answers ones without insights', async () => {
    await insights('SELECT 1');
    const again = fixture.clients.query.send(
      new QueryCommand({ QueryString: 'SELECT 1', QueryInsights: { Mode: 'ENABLED_WITH_RATE_CONTROL' } }),
    );
    await expect(again).rejects.toMatchObject({ name: 'ThrottlingException' });
    const plain = await fixture.clients.query.send(new QueryCommand({ QueryString: 'SELECT 1' }));
    expect(plain.QueryInsightsResponse).toBeUndefined();
  });

  it('counts output rows and bytes (UTF-8 of every value)', async () => {
    const answer = await insights(`SELECT 'é' AS letter, 12 AS number`);
    expect(answer.QueryInsightsResponse).toMatchObject({ OutputRows: 1, OutputBytes: 2 + 2 });
  });
});

describe('explaining queries at once', () => {
  it("keeps every query's own time filter, even one the stored data satisfies everywhere", async () => {
    // DuckDB's optimizer setting is global: explains racing each other must not see one another's.
    const plans = await Promise.all(
      Array.from({ length: 24 }, (_, index) =>
        explainQuery(
          fixture.emulator.service.engine,
          // DuckDB's SQL, as the translator hands it on.
          `SELECT count(*) FROM insights.raw WHERE time >= make_timestamp(${(clock.now() - (400 + index) * HOUR) * 1000})`,
          clock.now(),
        ),
      ),
    );
    for (const [index, plan] of plans.entries()) {
      const scan = plan.scans.find((each) => each.table === 'raw$data')!;
      expect(timeBounds(scan.filters).from).toBeGreaterThan(0);
      expect(Number.isFinite(timeBounds(scan.filters).from), `query ${index}`).toBe(true);
    }
  });
});

describe('QueryStatus', () => {
  it('reports the modelled bytes scanned, and nothing metered under TCU pricing', async () => {
    const all = await fixture.clients.query.send(new QueryCommand({ QueryString: 'SELECT * FROM insights.raw' }));
    const one = await fixture.clients.query.send(
      new QueryCommand({ QueryString: `SELECT * FROM insights.raw WHERE state = 'state-3'` }),
    );
    expect(all.QueryStatus?.CumulativeBytesScanned).toBeGreaterThan(0);
    // One partition of fifty scans a fiftieth.
    expect(one.QueryStatus?.CumulativeBytesScanned).toBeCloseTo(
      (all.QueryStatus?.CumulativeBytesScanned ?? 0) / 50,
      -1,
    );
    expect(all.QueryStatus?.CumulativeBytesMetered).toBe(0);
  });

  it("follows the emulator's clock for now(): two queries a second apart see two times", async () => {
    const first = await fixture.clients.query.send(new QueryCommand({ QueryString: 'SELECT to_milliseconds(now())' }));
    offsetMs += 60_000;
    const second = await fixture.clients.query.send(new QueryCommand({ QueryString: 'SELECT to_milliseconds(now())' }));
    const at = (answer: QueryCommandOutput) => Number(answer.Rows?.[0]?.Data?.[0]?.ScalarValue);
    expect(at(second) - at(first)).toBeGreaterThanOrEqual(60_000);
    expect(Math.abs(at(second) - clock.now())).toBeLessThan(5_000);
  });
});

describe('customer-defined partition keys', () => {
  it('DescribeTable shows the key; REQUIRED rejects a record without it', async () => {
    const table = await fixture.clients.write.send(
      new DescribeTableCommand({ DatabaseName: 'insights', TableName: 'raw' }),
    );
    expect(table.Table?.Schema?.CompositePartitionKey).toEqual([
      { Type: 'DIMENSION', Name: 'state', EnforcementInRecord: 'REQUIRED' },
    ]);
    const write = fixture.clients.write.send(
      new WriteRecordsCommand({
        DatabaseName: 'insights',
        TableName: 'raw',
        Records: [
          {
            Dimensions: [{ Name: 'host', Value: 'h1' }],
            MeasureName: 'cpu',
            MeasureValue: '1',
            Time: String(clock.now()),
          },
        ],
      }),
    );
    await expect(write).rejects.toBeInstanceOf(RejectedRecordsException);
    await expect(write).rejects.toMatchObject({
      RejectedRecords: [{ RecordIndex: 0, Reason: expect.stringContaining('partition key') }],
    });
  });

  it('OPTIONAL takes such a record; the key itself cannot change', async () => {
    await fixture.clients.write.send(
      new UpdateTableCommand({
        DatabaseName: 'insights',
        TableName: 'raw',
        Schema: { CompositePartitionKey: [{ Type: 'DIMENSION', Name: 'state', EnforcementInRecord: 'OPTIONAL' }] },
      }),
    );
    const record: _Record = {
      Dimensions: [{ Name: 'host', Value: 'h1' }],
      MeasureName: 'cpu',
      MeasureValue: '1',
      Time: String(clock.now()),
    };
    await fixture.clients.write.send(
      new WriteRecordsCommand({ DatabaseName: 'insights', TableName: 'raw', Records: [record] }),
    );
    await expect(
      fixture.clients.write.send(
        new UpdateTableCommand({
          DatabaseName: 'insights',
          TableName: 'raw',
          Schema: { CompositePartitionKey: [{ Type: 'DIMENSION', Name: 'host' }] },
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('cannot be changed') });
  });

  it('refuses a DIMENSION key without a name', async () => {
    await expect(
      fixture.clients.write.send(
        new CreateTableCommand({
          DatabaseName: 'insights',
          TableName: 'nameless',
          Schema: { CompositePartitionKey: [{ Type: 'DIMENSION' }] },
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });
});
