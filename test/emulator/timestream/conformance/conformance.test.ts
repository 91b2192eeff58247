/**
 * The conformance corpus (corpus.ts) through the real Timestream query client: every plain query
 * runs, every time-series query runs or is refused by name, and where a real recorded response is
 * published the answer has its column names, types and order. The recorded responses are the test
 * data of Grafana's Timestream plugin (grafana/timestream-datasource, pkg/timestream/testdata:
 * select-star.json, describe-table.json, show-measures.json, select-consts.json,
 * complex-timeseries.json); their facts carry over, not their text.
 */
import { QueryCommand, type QueryCommandOutput } from '@aws-sdk/client-timestream-query';
import { beforeAll, describe, expect, it } from 'vitest';
import { datumText } from '../../../support/datum.ts';
import { useEmulator } from '../../../support/emulator.ts';
import { CORPUS } from './corpus.ts';
import { createCorpusTables } from './tables.ts';

const fixture = useEmulator({ paceAnswers: false });
const nowMs = Date.now();
const range = { from: Math.floor(nowMs / 60_000) * 60_000 - 120 * 60_000, to: nowMs };

beforeAll(async () => {
  await createCorpusTables(fixture.clients, nowMs);
});

/** Every page of the answer: the columns, and the rows as text. */
async function run(sql: string): Promise<{ columns: QueryCommandOutput['ColumnInfo']; rows: string[][] }> {
  const text = sql.replaceAll('{from}', String(range.from)).replaceAll('{to}', String(range.to));
  const rows: string[][] = [];
  let page: QueryCommandOutput | undefined;
  do {
    page = await fixture.clients.query.send(new QueryCommand({ QueryString: text, NextToken: page?.NextToken }));
    for (const row of page.Rows ?? []) rows.push((row.Data ?? []).map(datumText));
  } while (page.NextToken);
  return { columns: page.ColumnInfo, rows };
}

const byId = (id: string) => CORPUS.find((entry) => entry.id === id)!.sql;
const shape = (columns: QueryCommandOutput['ColumnInfo']) =>
  (columns ?? []).map((column) => [column.Name, column.Type?.ScalarType ?? column.Type]);
const VARCHAR = { ScalarType: 'VARCHAR' };

describe('the conformance corpus', () => {
  it('holds at least 100 queries', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(100);
    expect(new Set(CORPUS.map((entry) => entry.id)).size).toBe(CORPUS.length);
  });

  it.each(CORPUS.filter((entry) => entry.kind === 'plain').map((entry) => [entry.id, entry.sql]))(
    'runs %s',
    async (_id, sql) => {
      const answer = await run(sql);
      expect(answer.columns?.length).toBeGreaterThan(0);
    },
  );

  it.each(CORPUS.filter((entry) => entry.kind === 'timeseries').map((entry) => [entry.id, entry.sql]))(
    'runs or refuses by name %s',
    async (_id, sql) => {
      const outcome = await run(sql).catch((error: unknown) => error as Error);
      if (outcome instanceof Error) {
        expect(outcome.name).toBe('ValidationException');
        expect(outcome.message).toMatch(/The function \w+ is not supported by the tcu-bot emulator/);
      } else {
        expect(outcome.rows.length).toBeGreaterThan(0);
      }
    },
  );
});

describe('answers shaped like the recorded ones', () => {
  it('SELECT * on a single-measure table: dimensions, measure values, measure_name, time (select-star.json)', async () => {
    expect(shape((await run(byId('select-star-devops'))).columns)).toEqual([
      ['region', 'VARCHAR'],
      ['az', 'VARCHAR'],
      ['hostname', 'VARCHAR'],
      ['measure_value::double', 'DOUBLE'],
      ['measure_value::bigint', 'BIGINT'],
      ['measure_value::varchar', 'VARCHAR'],
      ['measure_name', 'VARCHAR'],
      ['time', 'TIMESTAMP'],
    ]);
  });

  it('DESCRIBE: Column, Type, Timestream attribute type, in the same order (describe-table.json)', async () => {
    const answer = await run(byId('describe-devops'));
    expect(answer.columns?.map((column) => column.Name)).toEqual(['Column', 'Type', 'Timestream attribute type']);
    expect(answer.rows).toEqual([
      ['region', 'varchar', 'DIMENSION'],
      ['az', 'varchar', 'DIMENSION'],
      ['hostname', 'varchar', 'DIMENSION'],
      ['measure_value::double', 'double', 'MEASURE_VALUE'],
      ['measure_value::bigint', 'bigint', 'MEASURE_VALUE'],
      ['measure_value::varchar', 'varchar', 'MEASURE_VALUE'],
      ['measure_name', 'varchar', 'MEASURE_NAME'],
      ['time', 'timestamp', 'TIMESTAMP'],
    ]);
  });

  it('SHOW MEASURES: measure_name, data_type, dimensions as rows of name and type (show-measures.json)', async () => {
    const answer = await run(byId('show-measures'));
    expect(answer.columns).toEqual([
      { Name: 'measure_name', Type: VARCHAR },
      { Name: 'data_type', Type: VARCHAR },
      {
        Name: 'dimensions',
        Type: {
          ArrayColumnInfo: {
            Type: {
              RowColumnInfo: [
                { Name: 'dimension_name', Type: VARCHAR },
                { Name: 'data_type', Type: VARCHAR },
              ],
            },
          },
        },
      },
    ]);
    expect(answer.rows[0]).toEqual([
      'cpu_utilization',
      'double',
      '[{region, varchar}, {az, varchar}, {hostname, varchar}]',
    ]);
  });

  it('literal types and their text, year-to-month intervals included (select-consts.json)', async () => {
    const answer = await run(byId('literal-types'));
    expect(shape(answer.columns)).toEqual([
      ['t_int32', 'INTEGER'],
      ['t_varchar', 'VARCHAR'],
      ['timestamp', 'TIMESTAMP'],
      ['interval_day_to_second', 'INTERVAL_DAY_TO_SECOND'],
      ['interval_year_to_month', 'INTERVAL_YEAR_TO_MONTH'],
      ['time', 'TIME'],
      ['date', 'DATE'],
    ]);
    expect(answer.rows).toEqual([
      ['1', 'two', '2020-08-08 01:00:00.000000000', '1 21:00:00.000000000', '2-7', '01:00:00.000000000', '2020-08-08'],
    ]);
  });

  it('an unnamed time series after the grouped columns is _col<N> of TIMESERIES(DOUBLE) (complex-timeseries.json)', async () => {
    const answer = await run(byId('grafana-time-series'));
    expect(answer.columns?.map((column) => column.Name)).toEqual(['measure_name', 'region', 'az', 'hostname', '_col4']);
    expect(answer.columns?.[4]?.Type).toEqual({ TimeSeriesMeasureValueColumnInfo: { Type: { ScalarType: 'DOUBLE' } } });
  });
});
