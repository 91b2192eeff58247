/**
 * Acknowledged means stored: concurrent writers send WriteRecords to `tcu-bot emulator` on a data
 * file, the process is killed with SIGKILL mid-stream, and after a restart every record the emulator
 * answered 200 for is there — round after round, on the same file.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateDatabaseCommand, CreateTableCommand, WriteRecordsCommand } from '@aws-sdk/client-timestream-write';
import { QueryCommand } from '@aws-sdk/client-timestream-query';
import { afterAll, describe, expect, it } from 'vitest';
import { createTimestreamClients } from '../../src/timestream/clients.ts';

const WRITERS = 4;
const RECORDS_PER_CALL = 100;
const ROUNDS = 3;

interface RunningEmulator {
  readonly endpoint: string;
  kill(): Promise<void>;
}

function startEmulator(dataPath: string): Promise<RunningEmulator> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli.ts', 'emulator', '--port', '0', '--data', dataPath],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match)
        resolve({
          endpoint: match[1]!,
          kill: async () => {
            child.kill('SIGKILL');
            await exited;
          },
        });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    exited.then(() => reject(new Error(`the emulator exited before listening:\n${output}`)), reject);
  });
}

const folder = mkdtempSync(join(tmpdir(), 'write-crash-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('WriteRecords across kill -9', () => {
  it(`keeps every acknowledged record over ${ROUNDS} crashes, with ${WRITERS} writers in flight`, async () => {
    // A data file in folders that do not exist yet, as `--data some/new/place.duckdb` on a fresh clone.
    const dataPath = join(folder, 'not', 'yet', 'there.duckdb');
    const acknowledged = new Set<string>();
    for (let round = 0; round < ROUNDS; round += 1) {
      const emulator = await startEmulator(dataPath);
      const clients = createTimestreamClients({ region: 'us-east-1', endpoint: emulator.endpoint, maxAttempts: 1 });
      if (round === 0) {
        await clients.write.send(new CreateDatabaseCommand({ DatabaseName: 'crash' }));
        await clients.write.send(new CreateTableCommand({ DatabaseName: 'crash', TableName: 'writes' }));
      } else {
        // Everything acknowledged before the last kill is stored.
        const stored = await storedCalls(clients.query);
        const missing = [...acknowledged].filter((call) => stored.get(call) !== RECORDS_PER_CALL);
        expect(missing, `round ${round}: acknowledged calls missing or partial after kill -9`).toEqual([]);
      }
      let stopping = false;
      const writer = async (id: number) => {
        for (let call = 0; !stopping; call += 1) {
          const name = `r${round}-w${id}-c${call}`;
          const now = Date.now();
          const records = Array.from({ length: RECORDS_PER_CALL }, (_, index) => ({
            Dimensions: [
              { Name: 'call', Value: name },
              { Name: 'item', Value: String(index) },
            ],
            MeasureName: 'value',
            MeasureValue: String(index),
            Time: String(now),
          }));
          try {
            await clients.write.send(
              new WriteRecordsCommand({ DatabaseName: 'crash', TableName: 'writes', Records: records }),
            );
            acknowledged.add(name);
          } catch {
            return; // the process is gone
          }
        }
      };
      const writing = Array.from({ length: WRITERS }, (_, id) => writer(id));
      await new Promise((resolve) => setTimeout(resolve, 800 + Math.random() * 700));
      await emulator.kill();
      stopping = true;
      await Promise.all(writing);
      clients.write.destroy();
      clients.query.destroy();
    }
    const emulator = await startEmulator(dataPath);
    const clients = createTimestreamClients({ region: 'us-east-1', endpoint: emulator.endpoint });
    const stored = await storedCalls(clients.query);
    expect([...acknowledged].filter((call) => stored.get(call) !== RECORDS_PER_CALL)).toEqual([]);
    expect(acknowledged.size).toBeGreaterThan(ROUNDS * WRITERS);
    clients.write.destroy();
    clients.query.destroy();
    await emulator.kill();
  }, 120_000);
});

/** Records stored per WriteRecords call name. */
async function storedCalls(query: ReturnType<typeof createTimestreamClients>['query']): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  let token: string | undefined;
  do {
    const page = await query.send(
      new QueryCommand({ QueryString: 'SELECT call, count(*) FROM "crash"."writes" GROUP BY call', NextToken: token }),
    );
    for (const row of page.Rows ?? []) counts.set(row.Data![0]!.ScalarValue!, Number(row.Data![1]!.ScalarValue));
    token = page.NextToken;
  } while (token);
  return counts;
}
