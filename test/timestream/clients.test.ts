import { QueryCommand } from '@aws-sdk/client-timestream-query';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createTimestreamClients } from '../../src/timestream/clients.ts';
import { useEmulator } from '../support/emulator.ts';

const fixture = useEmulator();
/** A fraction of a second to a second of DuckDB work: long enough to be in flight when the signal fires. */
const SLOW = 'SELECT sum(i * i % 7) AS s FROM range(100000000) AS t(i)';

describe('createTimestreamClients', () => {
  it('with a stop signal, cancels requests in flight and refuses new ones, with no per-call options', async () => {
    const stop = new AbortController();
    const { query } = createTimestreamClients({ region: 'us-east-1', endpoint: fixture.emulator.endpoint, maxAttempts: 1, stopSignal: stop.signal });
    await expect(query.send(new QueryCommand({ QueryString: 'SELECT 1 AS one' }))).resolves.toMatchObject({ Rows: [{ Data: [{ ScalarValue: '1' }] }] });

    const inFlight = query.send(new QueryCommand({ QueryString: SLOW }));
    const settled = inFlight.then(
      () => 'finished',
      (error: Error) => error.name,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stoppedAt = performance.now();
    stop.abort();
    expect(await settled).toBe('AbortError');
    expect(performance.now() - stoppedAt).toBeLessThan(500);
    await expect(query.send(new QueryCommand({ QueryString: 'SELECT 1 AS one' }))).rejects.toMatchObject({ name: 'AbortError' });
    query.destroy();
  });

  it('without one, the same query runs to its answer', async () => {
    const { query } = createTimestreamClients({ region: 'us-east-1', endpoint: fixture.emulator.endpoint, maxAttempts: 1 });
    const answer = await query.send(new QueryCommand({ QueryString: SLOW }));
    expect(answer.Rows).toHaveLength(1);
    query.destroy();
  });

  it('sends unsigned requests to the emulator (it never checks signatures)', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const server = createServer((request, response) => {
      seen.push(request.headers);
      request.resume();
      request.on('end', () => {
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
        response.end(JSON.stringify({ QueryId: 'Q1', Rows: [], ColumnInfo: [] }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { query } = createTimestreamClients({ region: 'us-east-1', endpoint, maxAttempts: 1 });
    try {
      await expect(query.send(new QueryCommand({ QueryString: 'SELECT 1' }))).resolves.toMatchObject({ QueryId: 'Q1' });
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({ 'x-amz-target': 'Timestream_20181101.Query' });
      expect(seen[0]).not.toHaveProperty('authorization');
      expect(seen[0]).not.toHaveProperty('x-amz-date');
    } finally {
      query.destroy();
      server.close();
    }
  });
});
