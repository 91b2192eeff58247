import { describe, expect, it, vi } from 'vitest';
import { runQuery } from '../../src/lab/run-query.ts';
import { useEmulator } from '../support/emulator.ts';

const fixture = useEmulator();

describe('runQuery', () => {
  it('keeps the rows when asked, and passes per-call options only for a signal', async () => {
    const send = vi.spyOn(fixture.clients.query, 'send');
    try {
      const run = await runQuery(
        fixture.clients.query,
        'SELECT i, NULL AS n FROM UNNEST(sequence(0, 24)) AS t(i) ORDER BY i',
        {
          keepRows: true,
        },
      );
      expect(run).toMatchObject({ pages: 1, columns: ['i', 'n'] });
      expect(run.rows).toHaveLength(25);
      expect(run.rows[24]).toEqual(['24', null]);
      // No options object without a signal: the client then reuses its resolved middleware
      // (cacheMiddleware), which any options object — even an empty one — turns off.
      expect(send.mock.calls).toHaveLength(1);
      expect(send.mock.calls[0]?.[1]).toBeUndefined();

      const stop = new AbortController();
      await runQuery(fixture.clients.query, 'SELECT 1 AS one', { signal: stop.signal });
      expect(send.mock.calls[1]?.[1]).toEqual({ abortSignal: stop.signal });
    } finally {
      send.mockRestore();
    }
  });
});
