import { QueryCommand, TimestreamQueryClient } from '@aws-sdk/client-timestream-query';
import { describe, expect, it } from 'vitest';
import { EMULATOR_CREDENTIALS } from '../../src/timestream/clients.ts';
import { FastQueryProtocol } from '../../src/timestream/fast-query-protocol.ts';
import { useEmulator } from '../support/emulator.ts';

const fixture = useEmulator();

function client(fast: boolean): TimestreamQueryClient {
  return new TimestreamQueryClient({
    region: 'us-east-1',
    endpoint: fixture.emulator.endpoint,
    credentials: EMULATOR_CREDENTIALS,
    maxAttempts: 1,
    ...(fast ? { protocol: FastQueryProtocol } : {}),
  });
}

describe('FastQueryProtocol', () => {
  it('gives exactly the output the SDK deserializer gives, page by page', async () => {
    const sql = `SELECT i, 'x' || i AS s, i / 3.0 AS d, NULL AS n, ARRAY[i, i + 1] AS a, CAST(ROW(i) AS ROW(k bigint)) AS r, from_milliseconds(i) AS t FROM UNNEST(sequence(0, 29)) AS t(i) ORDER BY i`;
    const {
      $metadata: _a,
      QueryId: _q1,
      NextToken: token,
      ...standard
    } = await client(false).send(new QueryCommand({ QueryString: sql, MaxRows: 10 }));
    const {
      $metadata: metadata,
      QueryId: _q2,
      NextToken: fastToken,
      ...fast
    } = await client(true).send(new QueryCommand({ QueryString: sql, MaxRows: 10 }));
    expect(fast).toEqual(standard);
    expect(metadata.httpStatusCode).toBe(200);
    expect(typeof token).toBe(typeof fastToken);
    const nextStandard = await client(false).send(
      new QueryCommand({ QueryString: sql, MaxRows: 10, NextToken: token }),
    );
    const nextFast = await client(true).send(new QueryCommand({ QueryString: sql, MaxRows: 10, NextToken: fastToken }));
    expect(nextFast.Rows).toEqual(nextStandard.Rows);
    expect(nextFast.Rows).toHaveLength(10);
  });

  it('leaves errors to the SDK: typed exceptions as before', async () => {
    await expect(
      client(true).send(new QueryCommand({ QueryString: 'SELECT * FROM nowhere.none' })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      $metadata: { httpStatusCode: 400 },
    });
  });
});
