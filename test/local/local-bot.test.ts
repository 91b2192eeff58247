/**
 * startLocalBot, as `npm start` runs it: the emulator's data survives a stop and a start (close()
 * checkpoints it), and the lab's tables are there from the first start.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/client-timestream-query';
import { ListTablesCommand, WriteRecordsCommand } from '@aws-sdk/client-timestream-write';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalBot } from '../../src/local/local-bot.ts';
import { createTimestreamClients } from '../../src/timestream/clients.ts';

const folder = mkdtempSync(join(tmpdir(), 'tcu-local-bot-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const options = {
  port: 0,
  dataPath: join(folder, 'emulator.duckdb'),
  env: { LOG_LEVEL: 'silent', TIMESTREAM_ENDPOINT: undefined },
  write: () => undefined,
};

describe('startLocalBot', () => {
  it('sets up the lab on first start and keeps the data across a restart', async () => {
    const first = await startLocalBot(options);
    const clients = createTimestreamClients({
      region: 'us-east-1',
      endpoint: first.emulator!.endpoint,
      maxAttempts: 1,
    });
    const tables = await clients.write.send(new ListTablesCommand({ DatabaseName: 'tcu_lab' }));
    expect(tables.Tables?.map((table) => table.TableName).sort()).toEqual(['energy', 'legacy', 'metadata', 'power']);
    const time = String(Date.now());
    await clients.write.send(
      new WriteRecordsCommand({
        DatabaseName: 'tcu_lab',
        TableName: 'metadata',
        Records: [
          {
            Dimensions: [{ Name: 'deviceNo', Value: 'restart-check' }],
            MeasureName: 'requestId',
            MeasureValue: 'kept',
            MeasureValueType: 'VARCHAR',
            Time: time,
            TimeUnit: 'MILLISECONDS',
          },
        ],
      }),
    );
    clients.write.destroy();
    clients.query.destroy();
    const page = await fetch(first.url);
    expect(await page.text()).toContain('tcu-bot console');
    await first.close();

    const second = await startLocalBot(options);
    try {
      const again = createTimestreamClients({
        region: 'us-east-1',
        endpoint: second.emulator!.endpoint,
        maxAttempts: 1,
      });
      const answer = await again.query.send(
        new QueryCommand({
          QueryString: `SELECT measure_value::varchar FROM "tcu_lab"."metadata" WHERE deviceNo = 'restart-check'`,
        }),
      );
      expect(answer.Rows?.[0]?.Data?.[0]?.ScalarValue).toBe('kept');
      again.write.destroy();
      again.query.destroy();
    } finally {
      await second.close();
    }
  }, 60_000);
});
