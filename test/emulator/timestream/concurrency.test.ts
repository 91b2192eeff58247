import { QueryCommand } from '@aws-sdk/client-timestream-query';
import { CreateDatabaseCommand, CreateTableCommand, WriteRecordsCommand } from '@aws-sdk/client-timestream-write';
import { describe, expect, it } from 'vitest';
import { rowsOf, useEmulator } from '../../support/emulator.ts';

const fixture = useEmulator({}, { maxSockets: 64 });

describe('concurrency', () => {
  it('8 concurrent writers and 50 concurrent readers lose nothing', async () => {
    const { write, query } = fixture.clients;
    await write.send(new CreateDatabaseCommand({ DatabaseName: 'busy' }));
    await write.send(
      new CreateTableCommand({
        DatabaseName: 'busy',
        TableName: 'metrics',
        RetentionProperties: { MemoryStoreRetentionPeriodInHours: 24, MagneticStoreRetentionPeriodInDays: 7 },
      }),
    );
    const base = Date.now() - 3600_000;
    const writers = Array.from({ length: 8 }, async (_, writer) => {
      for (let batch = 0; batch < 10; batch += 1) {
        await write.send(
          new WriteRecordsCommand({
            DatabaseName: 'busy',
            TableName: 'metrics',
            CommonAttributes: {
              Dimensions: [{ Name: 'writer', Value: `w${writer}` }],
              MeasureName: 'metrics',
              MeasureValueType: 'MULTI',
            },
            Records: Array.from({ length: 100 }, (_, index) => ({
              Dimensions: [{ Name: 'deviceNo', Value: `d${index}` }],
              Time: String(base + batch * 1000),
              MeasureValues: [{ Name: 'value', Value: String(writer * 1000 + batch), Type: 'DOUBLE' }],
            })),
          }),
        );
      }
    });
    let stopReading = false;
    const counts: number[] = [];
    const readers = Array.from({ length: 50 }, async () => {
      while (!stopReading) {
        const response = await query.send(new QueryCommand({ QueryString: 'SELECT count(*) FROM busy.metrics' }));
        counts.push(Number(rowsOf(response)[0]?.[0]));
      }
    });
    await Promise.all(writers);
    stopReading = true;
    await Promise.all(readers);
    expect(
      rowsOf(
        await query.send(
          new QueryCommand({ QueryString: 'SELECT count(*), count(DISTINCT writer), sum(value) FROM busy.metrics' }),
        ),
      ),
    ).toEqual([
      // Σ over writers w and batches b of 100 × (1000w + b) = 100 × (10 × 28 × 1000 + 8 × 45) = 28,036,000.
      ['8000', '8', '2.8036E7'],
    ]);
    expect(counts.length).toBeGreaterThanOrEqual(50);
    expect(Math.max(...counts)).toBeLessThanOrEqual(8000);
  });
});
