import { QueryCommand } from '@aws-sdk/client-timestream-query';
import {
  CreateDatabaseCommand,
  CreateTableCommand,
  WriteRecordsCommand,
  type _Record,
  type WriteRecordsCommandInput,
} from '@aws-sdk/client-timestream-write';
import { beforeAll, describe, expect, it } from 'vitest';
import { rowsOf, useEmulator } from '../../../support/emulator.ts';

const fixture = useEmulator();
const now = Date.now();
const DB = 'writes';

function write(table: string, Records: _Record[], CommonAttributes?: _Record) {
  const input: WriteRecordsCommandInput = { DatabaseName: DB, TableName: table, Records, CommonAttributes };
  return fixture.clients.write.send(new WriteRecordsCommand(input));
}

async function rejectionsOf(promise: Promise<unknown>) {
  const error = (await promise.catch((caught: unknown) => caught)) as {
    name: string;
    $metadata: { httpStatusCode: number };
    RejectedRecords?: unknown[];
  };
  expect(error.name).toBe('RejectedRecordsException');
  expect(error.$metadata.httpStatusCode).toBe(419);
  return error.RejectedRecords;
}

const rows = async (sql: string) => rowsOf(await fixture.clients.query.send(new QueryCommand({ QueryString: sql })));

beforeAll(async () => {
  await fixture.clients.write.send(new CreateDatabaseCommand({ DatabaseName: DB }));
  for (const [table, magnetic] of [
    ['single', false],
    ['multi', false],
    ['rejects', false],
    ['magnetic', true],
    ['upserts', false],
    ['resent', false],
    ['sparse', false],
    ['typed', false],
    ['together', false],
  ] as const) {
    await fixture.clients.write.send(
      new CreateTableCommand({
        DatabaseName: DB,
        TableName: table,
        RetentionProperties: { MemoryStoreRetentionPeriodInHours: 12, MagneticStoreRetentionPeriodInDays: 30 },
        MagneticStoreWriteProperties: { EnableMagneticStoreWrites: magnetic },
      }),
    );
  }
});

describe('WriteRecords', () => {
  it('stores single-measure records of every type, read back through measure_value::<type>', async () => {
    const dims = [{ Name: 'host', Value: 'h1' }];
    const result = await write('single', [
      { Dimensions: dims, MeasureName: 'cpu', MeasureValue: '12.5', MeasureValueType: 'DOUBLE', Time: String(now) },
      {
        Dimensions: dims,
        MeasureName: 'tasks',
        MeasureValue: '9007199254740993',
        MeasureValueType: 'BIGINT',
        Time: String(now),
      },
      { Dimensions: dims, MeasureName: 'status', MeasureValue: 'ok', MeasureValueType: 'VARCHAR', Time: String(now) },
      {
        Dimensions: dims,
        MeasureName: 'healthy',
        MeasureValue: 'true',
        MeasureValueType: 'BOOLEAN',
        Time: String(now),
      },
      {
        Dimensions: dims,
        MeasureName: 'booted',
        MeasureValue: '1748426399999',
        MeasureValueType: 'TIMESTAMP',
        Time: String(now),
      },
      {
        Dimensions: dims,
        MeasureName: 'cpu',
        MeasureValue: '13',
        Time: String(Math.floor(now / 1000) - 60),
        TimeUnit: 'SECONDS',
      },
    ]);
    expect(result.RecordsIngested).toEqual({ Total: 6, MemoryStore: 6, MagneticStore: 0 });
    expect(
      await rows(`SELECT measure_name, measure_value::double, measure_value::bigint, measure_value::varchar, measure_value::boolean, measure_value::timestamp
                  FROM ${DB}.single WHERE time = from_milliseconds(${now}) ORDER BY measure_name`),
    ).toEqual([
      ['booted', null, null, null, null, '2025-05-28 09:59:59.999000000'],
      ['cpu', '12.5', null, null, null, null],
      ['healthy', null, null, null, 'true', null],
      ['status', null, null, 'ok', null, null],
      ['tasks', null, '9007199254740993', null, null, null],
    ]);
  });

  it('stores MULTI records with CommonAttributes merged, one column per measure', async () => {
    const result = await write(
      'multi',
      [
        {
          Dimensions: [{ Name: 'deviceNo', Value: 'd1' }],
          Time: String(now),
          MeasureValues: [
            { Name: 'value', Value: '1.5', Type: 'DOUBLE' },
            { Name: 'requestId', Value: 'r1', Type: 'VARCHAR' },
          ],
        },
        {
          Dimensions: [{ Name: 'deviceNo', Value: 'd2' }],
          Time: String(now),
          MeasureValues: [{ Name: 'value', Value: '2.5', Type: 'DOUBLE' }],
        },
      ],
      { Dimensions: [{ Name: 'systemId', Value: 's1' }], MeasureName: 'metrics', MeasureValueType: 'MULTI' },
    );
    expect(result.RecordsIngested?.Total).toBe(2);
    expect(
      await rows(`SELECT systemId, deviceNo, measure_name, value, requestId FROM ${DB}.multi ORDER BY deviceNo`),
    ).toEqual([
      ['s1', 'd1', 'metrics', '1.5', 'r1'],
      ['s1', 'd2', 'metrics', '2.5', null],
    ]);
  });

  it('rejects bad records by index with reasons while storing the valid ones', async () => {
    const ok = (host: string, value = '1'): _Record => ({
      Dimensions: [{ Name: 'host', Value: host }],
      MeasureName: 'cpu',
      MeasureValue: value,
      Time: String(now),
    });
    await write('rejects', [ok('dup', '1')]);
    const rejected = await rejectionsOf(
      write('rejects', [
        ok('fine-1'),
        ok('dup', '2'), // same key, different value, no higher version
        { ...ok('old'), Time: String(now - 13 * 3600_000) }, // older than 12 h memory retention
        ok('fine-2'),
        { ...ok('future'), Time: String(now + 16 * 60_000) }, // beyond the 15-minute future window
        {
          Dimensions: [{ Name: 'h'.repeat(61), Value: 'x' }],
          MeasureName: 'cpu',
          MeasureValue: '1',
          Time: String(now),
        }, // name limit
        { ...ok('typed'), MeasureValue: '5', MeasureValueType: 'BIGINT' }, // cpu was first written as DOUBLE
        { ...ok('nan'), MeasureValue: 'not-a-number' },
      ]),
    );
    expect(rejected).toEqual([
      { RecordIndex: 1, Reason: expect.stringContaining('same dimensions, time and measure name'), ExistingVersion: 1 },
      { RecordIndex: 2, Reason: expect.stringContaining('outside the time range') },
      { RecordIndex: 4, Reason: expect.stringContaining('outside the time range') },
      { RecordIndex: 5, Reason: expect.stringContaining('exceeds 60 bytes') },
      { RecordIndex: 6, Reason: expect.stringContaining('has type DOUBLE in this table; this record has BIGINT') },
      { RecordIndex: 7, Reason: expect.stringContaining('is not a valid DOUBLE') },
    ]);
    expect(await rows(`SELECT host FROM ${DB}.rejects ORDER BY host`)).toEqual([['dup'], ['fine-1'], ['fine-2']]);
  });

  it('accepts old records into the magnetic store when magnetic writes are on', async () => {
    const result = await write('magnetic', [
      {
        Dimensions: [{ Name: 'host', Value: 'h' }],
        MeasureName: 'cpu',
        MeasureValue: '1',
        Time: String(now - 3 * 86_400_000),
      },
    ]);
    expect(result.RecordsIngested).toEqual({ Total: 1, MemoryStore: 0, MagneticStore: 1 });
    const tooOld = await rejectionsOf(
      write('magnetic', [
        {
          Dimensions: [{ Name: 'host', Value: 'h' }],
          MeasureName: 'cpu',
          MeasureValue: '1',
          Time: String(now - 31 * 86_400_000),
        },
      ]),
    );
    expect(tooOld).toHaveLength(1);
  });

  it('upserts by Version: higher replaces, equal or lower with another value is rejected, identical is a no-op', async () => {
    const record = (value: string, Version?: number): _Record => ({
      Dimensions: [{ Name: 'host', Value: 'h' }],
      MeasureName: 'cpu',
      MeasureValue: value,
      Time: String(now),
      Version,
    });
    await write('upserts', [record('1')]);
    expect((await write('upserts', [record('1')])).RecordsIngested?.Total).toBe(1);
    expect((await write('upserts', [record('2', 2)])).RecordsIngested?.Total).toBe(1);
    expect(await rows(`SELECT measure_value::double FROM ${DB}.upserts`)).toEqual([['2.0']]);
    expect(await rejectionsOf(write('upserts', [record('3', 2)]))).toEqual([
      { RecordIndex: 0, Reason: expect.any(String), ExistingVersion: 2 },
    ]);
    expect(await rows(`SELECT count(*), max(measure_value::double) FROM ${DB}.upserts`)).toEqual([['1', '2.0']]);
  });

  it('decides a batch sent again record by record: identical no-ops, higher Versions, conflicts, a key twice in the batch', async () => {
    const record = (host: string, value: string, Version?: number, minute = 0): _Record => ({
      Dimensions: [{ Name: 'host', Value: host }],
      MeasureName: 'cpu',
      MeasureValue: value,
      Time: String(now - minute * 60_000),
      Version,
    });
    const first = Array.from({ length: 50 }, (_, i) => record(`h${i}`, String(i), 1, i % 5));
    expect((await write('resent', first)).RecordsIngested?.Total).toBe(50);
    // The same 50 again (no-ops), one with a higher Version, one conflicting, and a new key sent twice.
    const again = [...first];
    again[7] = record('h7', '700', 2, 7 % 5);
    again[9] = record('h9', '900', 1, 9 % 5);
    again.push(record('fresh', '1', 1), record('fresh', '2', 1));
    const rejected = await rejectionsOf(write('resent', again));
    expect(rejected).toEqual([
      { RecordIndex: 9, Reason: expect.stringContaining('different measure value'), ExistingVersion: 1 },
      { RecordIndex: 51, Reason: expect.stringContaining('different measure value'), ExistingVersion: 1 },
    ]);
    expect(await rows(`SELECT count(*), sum(measure_value::double) FROM ${DB}.resent`)).toEqual([
      ['51', String(((49 * 50) / 2 - 7 + 700 + 1).toFixed(1))],
    ]);
    expect(
      await rows(`SELECT measure_value::double FROM ${DB}.resent WHERE host IN ('h7', 'h9', 'fresh') ORDER BY host`),
    ).toEqual([['1.0'], ['700.0'], ['9.0']]);
  });

  it('matches a batch sent again on missing dimensions and on dimension values with quotes, backslashes and CJK', async () => {
    const hosts = ["h'1", 'h"2', '机架\\3', 'plain'];
    const record = (host: string, withRack: boolean, value: string): _Record => ({
      Dimensions: [{ Name: 'host', Value: host }, ...(withRack ? [{ Name: 'rack', Value: `r-${host}` }] : [])],
      MeasureName: 'cpu',
      MeasureValue: value,
      Time: String(now),
    });
    const first = hosts.flatMap((host, i) => [record(host, true, String(i)), record(host, false, String(i + 10))]);
    expect((await write('sparse', first)).RecordsIngested?.Total).toBe(8);
    expect((await write('sparse', first)).RecordsIngested?.Total).toBe(8);
    expect(await rows(`SELECT count(*) FROM ${DB}.sparse`)).toEqual([['8']]);
    // Only the record without a rack conflicts; its twin with a rack is a no-op.
    const changed = [record('h"2', true, '1'), record('h"2', false, '99')];
    expect(await rejectionsOf(write('sparse', changed))).toEqual([
      { RecordIndex: 1, Reason: expect.stringContaining('different measure value'), ExistingVersion: 1 },
    ]);
    expect(await rows(`SELECT count(*) FROM ${DB}.sparse`)).toEqual([['8']]);
  });

  it('gives a new measure the type it is first written with, in one call and across calls arriving together', async () => {
    const multi = (host: string, type: 'DOUBLE' | 'BIGINT', value: string, extraDimension?: string): _Record => ({
      Dimensions: [{ Name: 'host', Value: host }, ...(extraDimension ? [{ Name: extraDimension, Value: 'x' }] : [])],
      MeasureName: 'm',
      MeasureValueType: 'MULTI',
      MeasureValues: [{ Name: 'load', Value: value, Type: type }],
      Time: String(now),
    });
    // The refused record's new dimension does not become a column either.
    expect(
      await rejectionsOf(write('typed', [multi('a', 'DOUBLE', '1.5'), multi('b', 'BIGINT', '2', 'zone')])),
    ).toEqual([{ RecordIndex: 1, Reason: 'Measure load has type DOUBLE in this table; this record has BIGINT.' }]);
    expect(await rows(`SELECT host, load FROM ${DB}.typed`)).toEqual([['a', '1.5']]);
    expect((await rows(`DESCRIBE ${DB}.typed`)).map(([column]) => column)).not.toContain('zone');
    // Two calls at once, each introducing the same new measure with a different type: one wins.
    const outcomes = await Promise.allSettled([
      write('typed', [
        { ...multi('c', 'BIGINT', '3'), MeasureValues: [{ Name: 'fresh', Value: '3', Type: 'BIGINT' }] },
      ]),
      write('typed', [
        { ...multi('d', 'DOUBLE', '4'), MeasureValues: [{ Name: 'fresh', Value: '4', Type: 'DOUBLE' }] },
      ]),
    ]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await rows(`SELECT count(*) FROM ${DB}.typed WHERE fresh IS NOT NULL`)).toEqual([['1']]);
  });

  it('decides calls that arrive together as if they came one after another', async () => {
    const record = (host: string, value: string): _Record => ({
      Dimensions: [{ Name: 'host', Value: host }],
      MeasureName: 'cpu',
      MeasureValue: value,
      Time: String(now),
    });
    const calls = Array.from({ length: 8 }, (_, call) =>
      Array.from({ length: 10 }, (_, i) => record(`h${call}-${i}`, String(i))),
    );
    await Promise.all(calls.map((records) => write('together', records)));
    // All sent again at once: every record a no-op; plus one key sent with two values by two calls.
    const again = await Promise.allSettled([
      ...calls.map((records) => write('together', records)),
      write('together', [record('twice', '1')]),
      write('together', [record('twice', '2')]),
    ]);
    expect(
      again.slice(0, 8).map((outcome) => outcome.status === 'fulfilled' && outcome.value.RecordsIngested?.Total),
    ).toEqual(Array(8).fill(10));
    // Which of the two arrives first is up to the sockets; the first keeps the key, the other is refused.
    const twice = again.slice(8);
    expect(twice.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    const kept = twice[0]!.status === 'fulfilled' ? '1.0' : '2.0';
    expect(await rows(`SELECT count(*), sum(measure_value::double) FROM ${DB}.together WHERE host <> 'twice'`)).toEqual(
      [['80', `${8 * 45}.0`]],
    );
    expect(await rows(`SELECT measure_value::double FROM ${DB}.together WHERE host = 'twice'`)).toEqual([[kept]]);
  });

  it.each([
    [
      'overlapping dimensions with CommonAttributes',
      { Dimensions: [{ Name: 'host', Value: 'a' }] },
      [{ Dimensions: [{ Name: 'host', Value: 'b' }], MeasureName: 'm', MeasureValue: '1', Time: String(now) }],
      'also in CommonAttributes',
    ],
    ['no dimension', undefined, [{ MeasureName: 'm', MeasureValue: '1', Time: String(now) }], 'at least one dimension'],
    [
      '101 records',
      undefined,
      Array.from({ length: 101 }, (_, i) => ({
        Dimensions: [{ Name: 'host', Value: `h${i}` }],
        MeasureName: 'm',
        MeasureValue: '1',
        Time: String(now),
      })),
      'less than or equal to 100',
    ],
    [
      'no Time',
      undefined,
      [{ Dimensions: [{ Name: 'host', Value: 'a' }], MeasureName: 'm', MeasureValue: '1' }],
      'Time is required',
    ],
  ])('refuses the whole request for %s', async (_case, common, records, message) => {
    await expect(write('single', records as _Record[], common as _Record | undefined)).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining(message),
    });
  });

  it('answers ResourceNotFound for a missing table', async () => {
    await expect(
      write('nope', [
        { Dimensions: [{ Name: 'a', Value: 'b' }], MeasureName: 'm', MeasureValue: '1', Time: String(now) },
      ]),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 404 },
    });
  });
});
