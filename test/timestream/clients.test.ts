import { QueryCommand } from '@aws-sdk/client-timestream-query';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createTimestreamClients } from '../../src/timestream/clients.ts';
import { useEmulator } from '../support/emulator.ts';

const fixture = useEmulator();

/** A loopback server that receives requests and never answers them: a query forever in flight. */
async function silentServer(): Promise<{ endpoint: string; received: Promise<void>; close: () => void }> {
  let arrived!: () => void;
  const received = new Promise<void>((resolve) => (arrived = resolve));
  const server = createServer((request) => {
    request.resume();
    request.on('end', arrived);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

describe('createTimestreamClients', () => {
  it('with a stop signal, cancels requests in flight and refuses new ones, with no per-call options', async () => {
    const stop = new AbortController();
    const { query } = createTimestreamClients({
      region: 'us-east-1',
      endpoint: fixture.emulator.endpoint,
      maxAttempts: 1,
      stopSignal: stop.signal,
    });
    await expect(query.send(new QueryCommand({ QueryString: 'SELECT 1 AS one' }))).resolves.toMatchObject({
      Rows: [{ Data: [{ ScalarValue: '1' }] }],
    });
    query.destroy();

    const silent = await silentServer();
    const { query: stuck } = createTimestreamClients({
      region: 'us-east-1',
      endpoint: silent.endpoint,
      maxAttempts: 1,
      stopSignal: stop.signal,
    });
    try {
      const inFlight = stuck.send(new QueryCommand({ QueryString: 'SELECT 1' }));
      await silent.received;
      stop.abort();
      await expect(inFlight).rejects.toMatchObject({ name: 'AbortError' });
      await expect(stuck.send(new QueryCommand({ QueryString: 'SELECT 1' }))).rejects.toMatchObject({
        name: 'AbortError',
      });
    } finally {
      stuck.destroy();
      silent.close();
    }
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
