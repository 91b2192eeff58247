/**
 * A client that goes away stops its query: the emulator interrupts the DuckDB statement when the
 * HTTP connection closes before the answer (a dashboard refreshing, a killed script), so abandoned
 * work does not pile up on the readers.
 */
import { request } from 'node:http';
import { QueryCommand } from '@aws-sdk/client-timestream-query';
import { describe, expect, it } from 'vitest';
import { rowsOf, useEmulator } from '../../../support/emulator.ts';

const fixture = useEmulator({ paceAnswers: false });

/** Billions of rows: left alone, this runs for hours. */
const ENDLESS =
  'SELECT count(*) FROM UNNEST(sequence(1, 3000)) AS a(i) CROSS JOIN UNNEST(sequence(1, 3000)) AS b(j) CROSS JOIN UNNEST(sequence(1, 3000)) AS c(k) WHERE (i * j + k) % 7 = 3';

const until = async (condition: () => boolean, what: string) => {
  for (let waited = 0; !condition(); waited += 50) {
    if (waited > 15_000) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe('a query whose client disconnects', () => {
  it('is interrupted, and its reader serves the next query', async () => {
    const engine = fixture.emulator.service.engine;
    const url = new URL(fixture.emulator.endpoint);
    const clients = Array.from({ length: 4 }, () => {
      const call = request({
        host: url.hostname,
        port: url.port,
        method: 'POST',
        headers: { 'x-amz-target': 'Timestream_20181101.Query', 'content-type': 'application/x-amz-json-1.0' },
      });
      call.on('error', () => undefined);
      call.end(JSON.stringify({ QueryString: ENDLESS }));
      return call;
    });
    // Every reader is busy with an endless query…
    await until(() => engine.readersInUse === 4, 'the four queries run');
    for (const call of clients) call.destroy();
    // …and each is free again once its client has gone.
    await until(() => engine.readersInUse === 0, 'the readers are released');
    const answer = await fixture.clients.query.send(new QueryCommand({ QueryString: 'SELECT 1 + 1 AS two' }));
    expect(rowsOf(answer)).toEqual([['2']]);
  });
});
