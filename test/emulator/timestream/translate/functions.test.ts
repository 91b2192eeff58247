/**
 * Every function in the registry, through the real Timestream query client: each one the emulator
 * runs answers its documented examples, each one it refuses is refused by name, and nothing in the
 * registry goes untested.
 */
import { QueryCommand } from '@aws-sdk/client-timestream-query';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../../../src/emulator/timestream/translate/functions/registry.ts';
import { datumText } from '../../../support/datum.ts';
import { useEmulator } from '../../../support/emulator.ts';
import { FUNCTION_EXAMPLES } from './function-examples.ts';

const fixture = useEmulator({ paceAnswers: false });
const query = (sql: string) => fixture.clients.query.send(new QueryCommand({ QueryString: sql }));

describe('documented examples', () => {
  it.each(FUNCTION_EXAMPLES)('%s: %s', async (_name, sql, expected) => {
    const answer = datumText((await query(sql)).Rows?.[0]?.Data?.[0]);
    if (expected.startsWith('≈')) expect(Number(answer)).toBeCloseTo(Number(expected.slice(1)), 12);
    else expect(answer).toBe(expected);
  });

  it('cover every function the emulator runs', () => {
    const covered = new Set(FUNCTION_EXAMPLES.map(([name]) => name));
    const untested = FUNCTIONS.filter((spec) => spec.translate && !covered.has(spec.name)).map((spec) => spec.name);
    expect(untested).toEqual([]);
  });
});

describe('refused functions', () => {
  const refused = FUNCTIONS.filter((spec) => !spec.translate);

  it.each(refused.map((spec) => [spec.name]))('%s is refused by name', async (name) => {
    await expect(query(`SELECT ${name}(1)`)).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining(`The function ${name} is not supported by the tcu-bot emulator`),
    });
  });
});

describe('answer shapes', () => {
  it('a time series is a TIMESERIES column with TimeSeriesValue points', async () => {
    const answer = await query(
      "SELECT create_time_series(time, value) AS ts FROM (VALUES (TIMESTAMP '2024-01-01 00:00:00', 1.5)) AS p(time, value)",
    );
    expect(answer.ColumnInfo).toEqual([
      { Name: 'ts', Type: { TimeSeriesMeasureValueColumnInfo: { Type: { ScalarType: 'DOUBLE' } } } },
    ]);
    expect(answer.Rows?.[0]?.Data?.[0]).toEqual({
      TimeSeriesValue: [{ Time: '2024-01-01 00:00:00.000000000', Value: { ScalarValue: '1.5' } }],
    });
  });

  it('unnamed expressions are _col<N> by their place in the answer, after * is spread', async () => {
    const answer = await query('SELECT 1, c, c + 1, * FROM (VALUES (7, 8)) AS t(c, d)');
    expect(answer.ColumnInfo?.map((column) => column.Name)).toEqual(['_col0', 'c', '_col2', 'c', 'd']);
    const spread = await query('SELECT *, 1 FROM (VALUES (7, 8)) AS t(c, d)');
    expect(spread.ColumnInfo?.map((column) => column.Name)).toEqual(['c', 'd', '_col2']);
  });

  it('an untyped NULL is UNKNOWN', async () => {
    const answer = await query('SELECT NULL AS nothing, NULL');
    expect(answer.ColumnInfo?.map((column) => column.Type)).toEqual([
      { ScalarType: 'UNKNOWN' },
      { ScalarType: 'UNKNOWN' },
    ]);
  });

  it('integer division truncates, as Timestream divides integers', async () => {
    const answer = await query('SELECT 7 / 2, -7 / 2, 7.0 / 2');
    expect(answer.Rows?.[0]?.Data?.map(datumText)).toEqual(['3', '-3', '3.5']);
  });
});
