import { QueryCommand, type QueryCommandOutput } from '@aws-sdk/client-timestream-query';
import {
  CreateDatabaseCommand,
  CreateTableCommand,
  DeleteTableCommand,
  WriteRecordsCommand,
  type MeasureValue,
  type _Record,
} from '@aws-sdk/client-timestream-write';
import { describe, expect, it } from 'vitest';
import { formatDouble, formatTimestampMicros } from '../../../../src/emulator/timestream/query/result-format.ts';
import { rowsOf, useEmulator } from '../../../support/emulator.ts';
import { createLegacyTable, legacyBase } from '../../../support/legacy-data.ts';
import { beforeAll } from 'vitest';

const fixture = useEmulator();
const base = legacyBase();
const at = (minute: number) => formatTimestampMicros((base + minute * 60_000) * 1000);
const query = (
  QueryString: string,
  extra: { MaxRows?: number; NextToken?: string } = {},
): Promise<QueryCommandOutput> => fixture.clients.query.send(new QueryCommand({ QueryString, ...extra }));

beforeAll(async () => {
  await createLegacyTable(fixture.clients, 'iot', base);
});

describe('the case study queries on known data', () => {
  it('SQL1: the latest_record CTE completed by joining back for the latest values', async () => {
    const sql1 = `WITH latest_record as (
        select systemId, deviceNo, name, max(time) as latest_time
        FROM iot.legacy
        WHERE "value">0
          AND "time"<=from_milliseconds(${base + 7 * 60_000})
          AND ("deviceNo"='d1' OR "deviceNo"='d2' OR "deviceNo"='d3')
          AND ("name"='e1' OR "name"='e2')
        group by systemId, deviceNo, name
      )
      SELECT l.systemId, l.deviceNo, l.name, l.latest_time, t."value"
      FROM latest_record l JOIN iot.legacy t
        ON t.systemId = l.systemId AND t.deviceNo = l.deviceNo AND t.name = l.name AND t.time = l.latest_time
      ORDER BY l.deviceNo, l.name`;
    const response = await query(sql1);
    expect(response.ColumnInfo?.map((column) => [column.Name, column.Type?.ScalarType])).toEqual([
      ['systemId', 'VARCHAR'],
      ['deviceNo', 'VARCHAR'],
      ['name', 'VARCHAR'],
      ['latest_time', 'TIMESTAMP'],
      ['value', 'DOUBLE'],
    ]);
    expect(rowsOf(response)).toEqual([
      ['s1', 'd1', 'e1', at(7), '117.5'],
      ['s1', 'd1', 'e2', at(7), '127.5'],
      ['s1', 'd2', 'e1', at(6), '216.5'], // value 0 at minute 7 is excluded by "value">0
      ['s1', 'd2', 'e2', at(7), '227.5'],
      ['s1', 'd3', 'e1', at(7), '317.5'],
      ['s1', 'd3', 'e2', at(7), '327.5'],
    ]);
  });

  it('SQL2: BIN(time, 5m) averages for one system and product', async () => {
    const sql2 = `select BIN(time, 5m) as time, name, AVG(value) as value, modelKey, productKey, deviceNo
      from iot.legacy
      WHERE "systemId"='s1' AND "productKey"='pk1'
        AND "time">=from_milliseconds(${base}) AND "time"<=from_milliseconds(${base + 9 * 60_000})
        AND ("name"='p1')
      group by name, BIN(time, 5m), productKey, modelKey, deviceNo
      order by time asc, deviceNo`;
    expect(rowsOf(await query(sql2))).toEqual([
      [at(0), 'p1', '132.5', 'mk-1', 'pk1', 'd1'],
      [at(0), 'p1', '232.5', 'mk-2', 'pk1', 'd2'],
      [at(5), 'p1', '137.5', 'mk-1', 'pk1', 'd1'],
      [at(5), 'p1', '237.5', 'mk-2', 'pk1', 'd2'],
    ]);
  });

  it('the optimized ROW_NUMBER latest-value query', async () => {
    const latest = `SELECT systemId, value, deviceNo, name, time FROM (
        SELECT *, ROW_NUMBER() OVER (PARTITION BY systemId, deviceNo, name ORDER BY time DESC) AS row_num
        FROM iot.legacy
        WHERE time BETWEEN from_milliseconds(${base}) AND from_milliseconds(${base + 7 * 60_000})
          AND systemId = 's1' AND name IN ('e1', 'e2'))
      WHERE row_num = 1 ORDER BY deviceNo, name`;
    expect(rowsOf(await query(latest))).toEqual([
      ['s1', '117.5', 'd1', 'e1', at(7)],
      ['s1', '127.5', 'd1', 'e2', at(7)],
      ['s1', '0.0', 'd2', 'e1', at(7)],
      ['s1', '227.5', 'd2', 'e2', at(7)],
      ['s1', '317.5', 'd3', 'e1', at(7)],
      ['s1', '327.5', 'd3', 'e2', at(7)],
    ]);
  });

  it('reports bytes scanned from the model: fewer columns and a narrower time range scan less', async () => {
    const wide = await query(`SELECT deviceNo, name, value, stringValue, requestId FROM iot.legacy`);
    const narrow = await query(`SELECT value FROM iot.legacy WHERE time >= from_milliseconds(${base + 5 * 60_000})`);
    const wideBytes = wide.QueryStatus?.CumulativeBytesScanned ?? 0;
    const narrowBytes = narrow.QueryStatus?.CumulativeBytesScanned ?? 0;
    // 160 rows × (2 + 2 + 8 + 2 + ~11 bytes) for the wide one; 80 rows × 8 bytes for the narrow one.
    expect(narrowBytes).toBe(80 * 8);
    expect(wideBytes).toBeGreaterThan(160 * 20);
    // Under TCU pricing nothing is metered by bytes (scheduled-query reports show bytesMetered 0).
    expect(wide.QueryStatus?.CumulativeBytesMetered).toBe(0);
  });
});

describe('Timestream SQL on DuckDB', () => {
  it.each([
    ["TIMESTAMP '2025-05-28 00:06:30'", '7m', '2025-05-28 00:05:00.000000000'],
    ["TIMESTAMP '2025-05-28 00:05:00'", '5m', '2025-05-28 00:05:00.000000000'],
    ["TIMESTAMP '2025-05-28 23:59:59.999'", '1d', '2025-05-28 00:00:00.000000000'],
    ["TIMESTAMP '2025-05-28 12:00:00'", '7d', '2025-05-22 00:00:00.000000000'],
    ["TIMESTAMP '2025-05-28 12:00:00.250'", '100ms', '2025-05-28 12:00:00.200000000'],
    ["TIMESTAMP '2025-05-28 12:34:56'", '1h', '2025-05-28 12:00:00.000000000'],
  ])('bin(%s, %s) is aligned to the epoch', async (timestamp, interval, expected) => {
    expect(rowsOf(await query(`SELECT bin(${timestamp}, ${interval}) AS b`))).toEqual([[expected]]);
  });

  it('leaves interval-like text in strings alone and returns intervals as Timestream does', async () => {
    const response = await query(`SELECT '5m' AS s, 5m AS i, 90s AS j`);
    expect(rowsOf(response)).toEqual([['5m', '0 00:05:00.000000000', '0 00:01:30.000000000']]);
    expect(response.ColumnInfo?.[1]?.Type?.ScalarType).toBe('INTERVAL_DAY_TO_SECOND');
  });

  it('answers every scalar as a string, NULL as NullValue, and arrays and rows in their shapes', async () => {
    const response = await query(
      `SELECT 42 AS i, CAST(7 AS BIGINT) AS b, 1.0 / 4 AS d, true AS t, NULL AS n, ARRAY[1, 2] AS a, CAST(ROW('y') AS ROW(x varchar)) AS r, from_milliseconds(0) AS ts`,
    );
    expect(response.Rows?.[0]?.Data).toEqual([
      { ScalarValue: '42' },
      { ScalarValue: '7' },
      { ScalarValue: '0.25' },
      { ScalarValue: 'true' },
      { NullValue: true },
      { ArrayValue: [{ ScalarValue: '1' }, { ScalarValue: '2' }] },
      { RowValue: { Data: [{ ScalarValue: 'y' }] } },
      { ScalarValue: '1970-01-01 00:00:00.000000000' },
    ]);
    expect(response.ColumnInfo?.map((column) => column.Type)).toEqual([
      { ScalarType: 'INTEGER' },
      { ScalarType: 'BIGINT' },
      { ScalarType: 'DOUBLE' },
      { ScalarType: 'BOOLEAN' },
      { ScalarType: 'UNKNOWN' },
      { ArrayColumnInfo: { Type: { ScalarType: 'INTEGER' } } },
      { RowColumnInfo: [{ Name: 'x', Type: { ScalarType: 'VARCHAR' } }] },
      { ScalarType: 'TIMESTAMP' },
    ]);
  });

  it('SHOW, DESCRIBE and SHOW MEASURES answer from the catalog', async () => {
    expect(rowsOf(await query('SHOW DATABASES'))).toEqual([['iot']]);
    expect(rowsOf(await query('SHOW TABLES FROM iot'))).toEqual([['legacy']]);
    expect(rowsOf(await query('DESCRIBE iot.legacy'))).toEqual([
      ['deviceNo', 'varchar', 'DIMENSION'],
      ['systemId', 'varchar', 'DIMENSION'],
      ['productKey', 'varchar', 'DIMENSION'],
      ['name', 'varchar', 'DIMENSION'],
      ['modelKey', 'varchar', 'DIMENSION'],
      ['source', 'varchar', 'DIMENSION'],
      ['value', 'double', 'MULTI'],
      ['stringValue', 'varchar', 'MULTI'],
      ['requestId', 'varchar', 'MULTI'],
      ['measure_name', 'varchar', 'MEASURE_NAME'],
      ['time', 'timestamp', 'TIMESTAMP'],
    ]);
    const measures = await query('SHOW MEASURES FROM iot.legacy');
    expect(rowsOf(measures)[0]?.slice(0, 2)).toEqual(['metrics', 'multi']);
    expect(measures.Rows?.[0]?.Data?.[2]?.ArrayValue).toHaveLength(6);
  });

  it.each([
    [
      'SELECT INTERPOLATE_SPLINE_CUBIC(create_time_series(time, value), SEQUENCE(ago(1h), now(), 10s)) FROM iot.legacy',
      'interpolate_spline_cubic',
    ],
    ['SELECT deviceNo, histogram(name) FROM iot.legacy GROUP BY deviceNo', 'histogram'],
  ])('refuses an unsupported function by name: %s', async (sql, name) => {
    await expect(query(sql)).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining(`function ${name} is not supported`),
    });
  });

  it.each([
    ['SELECT nope FROM iot.legacy', "Column 'nope' does not exist."],
    ['SELECT * FROM iot.missing', 'Table iot.missing does not exist.'],
    ['SELECT * FROM nowhere.missing', 'Database nowhere does not exist.'],
    ['SELECT FROM WHERE', "line 1:8: expected an expression, found 'FROM'"],
    ['SELECT 1; DROP TABLE iot.legacy', 'Only one statement'],
    ['DROP TABLE iot.legacy', 'Only SELECT queries'],
    ['SELECT * FROM iot."legacy$data"', 'does not exist'],
    ['SELECT frobnicate(1)', "line 1:8: Function 'frobnicate' not registered"],
    ['SELECT * FROM information_schema.tables', 'Database information_schema does not exist.'],
    ["SELECT * FROM read_csv('/etc/passwd')", "expected the end of the query, found '('"],
  ])('translates engine errors without leaking them: %s', async (sql, message) => {
    const error = (await query(sql).catch((caught: unknown) => caught)) as Error & {
      $metadata: { httpStatusCode: number };
    };
    expect(error.name).toBe('ValidationException');
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.message).toContain(message);
    expect(error.message).not.toMatch(/Catalog Error|Binder Error|Parser Error|LINE 1/);
  });
});

describe('the same query text again (served from prepared statements)', () => {
  const write = (table: string, records: _Record[]) =>
    fixture.clients.write.send(new WriteRecordsCommand({ DatabaseName: 'repeat', TableName: table, Records: records }));
  const record = (device: string, minute: number, value: number, extra: MeasureValue[] = []): _Record => ({
    Dimensions: [{ Name: 'deviceNo', Value: device }],
    MeasureName: 'metrics',
    MeasureValueType: 'MULTI',
    Time: String(base + minute * 60_000),
    MeasureValues: [{ Name: 'value', Value: String(value), Type: 'DOUBLE' }, ...extra],
  });
  const createTable = () =>
    fixture.clients.write.send(
      new CreateTableCommand({
        DatabaseName: 'repeat',
        TableName: 'meters',
        RetentionProperties: { MemoryStoreRetentionPeriodInHours: 24, MagneticStoreRetentionPeriodInDays: 7 },
      }),
    );

  it('sees new rows, new columns and a recreated table, and fails cleanly in between', async () => {
    await fixture.clients.write.send(new CreateDatabaseCommand({ DatabaseName: 'repeat' }));
    await createTable();
    const sql = 'SELECT count(*) AS n, sum("value") AS total FROM repeat.meters';
    await write('meters', [record('d1', 0, 1)]);
    expect(rowsOf(await query(sql))).toEqual([['1', '1.0']]);
    await write('meters', [record('d1', 1, 2), record('d2', 1, 3)]);
    expect(rowsOf(await query(sql))).toEqual([['3', '6.0']]);

    // A new measure adds a column: a SELECT * run before must now return it too.
    const star = 'SELECT deviceNo, "value" FROM repeat.meters WHERE deviceNo = \'d2\'';
    expect(rowsOf(await query(star))).toEqual([['d2', '3.0']]);
    await write('meters', [record('d3', 2, 4, [{ Name: 'note', Value: 'hi', Type: 'VARCHAR' }])]);
    const all = await query("SELECT * FROM repeat.meters WHERE deviceNo = 'd3'");
    expect(all.ColumnInfo?.map((column) => column.Name)).toContain('note');
    expect(rowsOf(await query(star))).toEqual([['d2', '3.0']]);

    await fixture.clients.write.send(new DeleteTableCommand({ DatabaseName: 'repeat', TableName: 'meters' }));
    await expect(query(sql)).rejects.toMatchObject({ name: 'ValidationException' });
    await createTable();
    await write('meters', [record('d9', 0, 5)]);
    expect(rowsOf(await query(sql))).toEqual([['1', '5.0']]);
  });
});

describe('pagination', () => {
  const ALL = 'SELECT deviceNo, name, time, requestId FROM iot.legacy ORDER BY deviceNo, name, time';

  async function allPages(
    sql: string,
    maxRows?: number,
  ): Promise<{ rows: (string | null)[][]; pages: number; firstPageRows: number }> {
    let response = await query(sql, { MaxRows: maxRows });
    const firstPageRows = response.Rows?.length ?? 0;
    const rows = rowsOf(response);
    let pages = 1;
    while (response.NextToken) {
      response = await query(sql, { MaxRows: maxRows, NextToken: response.NextToken });
      rows.push(...rowsOf(response));
      pages += 1;
    }
    return { rows, pages, firstPageRows };
  }

  it('pages with MaxRows equal the whole result, starting with a token-only page', async () => {
    const whole = rowsOf(await query(ALL));
    expect(whole).toHaveLength(160);
    const paged = await allPages(ALL, 7);
    expect(paged.firstPageRows).toBe(0);
    expect(paged.pages).toBe(1 + Math.ceil(160 / 7));
    expect(paged.rows).toEqual(whole);
  });

  it('keeps pages under 1 MB without MaxRows', async () => {
    const big = `SELECT i, lpad('', 2000, 'x') AS pad FROM UNNEST(sequence(0, 1499)) AS t(i) ORDER BY i`;
    let response = await query(big);
    let total = 0;
    let pages = 0;
    for (;;) {
      pages += 1;
      total += response.Rows?.length ?? 0;
      expect(JSON.stringify(response.Rows).length).toBeLessThanOrEqual(1_000_000);
      if (!response.NextToken) break;
      response = await query(big, { NextToken: response.NextToken });
    }
    expect(total).toBe(1500);
    expect(pages).toBeGreaterThanOrEqual(3);
  });

  it('ties a token to its query string, allows 5 uses, and a later token retires earlier ones', async () => {
    const first = await query(ALL, { MaxRows: 50 });
    const token = first.NextToken!;
    await expect(query(`${ALL} LIMIT 5`, { MaxRows: 50, NextToken: token })).rejects.toMatchObject({
      name: 'ValidationException',
    });
    const page = await query(ALL, { MaxRows: 50, NextToken: token });
    for (let use = 2; use <= 5; use += 1)
      expect(rowsOf(await query(ALL, { MaxRows: 50, NextToken: token }))).toEqual(rowsOf(page));
    await expect(query(ALL, { MaxRows: 50, NextToken: token })).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('expired'),
    });
    await query(ALL, { MaxRows: 50, NextToken: page.NextToken! });
    await expect(query(ALL, { MaxRows: 50, NextToken: token })).rejects.toMatchObject({ name: 'ValidationException' });
  });
});

describe('formatting inside DuckDB matches the JavaScript formatter', () => {
  it('keeps text that looks like the row separator inside its value', async () => {
    const text = '},{"Data":[{"ScalarValue":"x"}]}';
    const sql = `SELECT i, '${text.replace(/'/g, "''")}' || i AS s FROM UNNEST(sequence(0, 299)) AS t(i) ORDER BY i`;
    const expected = Array.from({ length: 300 }, (_, i) => [String(i), `${text}${i}`]);
    expect(rowsOf(await query(sql))).toEqual(expected);
    expect(rowsOf(await query(sql))).toEqual(expected);
  });

  it('keeps the query order row by row and across the blocks DuckDB renders big answers in, NULLs and Java-notation doubles included', async () => {
    // 3,000 rows: twelve blocks of 256, in an order no scan would produce by itself.
    const sql = `SELECT i, (i * 7919) % 1000 AS k, CASE WHEN i % 500 = 0 THEN NULL ELSE 'r' || i END AS s, i * 1.0E5 AS big
      FROM UNNEST(sequence(0, 2999)) AS t(i) ORDER BY k DESC, i`;
    const expected = Array.from({ length: 3000 }, (_, i) => i)
      .sort((a, b) => ((b * 7919) % 1000) - ((a * 7919) % 1000) || a - b)
      .map((i) => [String(i), String((i * 7919) % 1000), i % 500 === 0 ? null : `r${i}`, formatDouble(i * 1e5)]);
    const allRows = async () => {
      const rows: (string | null)[][] = [];
      let response = await query(sql);
      for (;;) {
        rows.push(...rowsOf(response));
        if (!response.NextToken) break;
        response = await query(sql, { NextToken: response.NextToken });
      }
      return rows;
    };
    // The first run reads row by row; knowing the answer is big, the second reads blocks.
    expect(await allRows()).toEqual(expected);
    expect(await allRows()).toEqual(expected);
  });

  it('gives the same Datum text both ways for every plain scalar type, including edge doubles, in rows with and without NULLs', async () => {
    // The first query has only plain scalars (DuckDB renders it); the second adds a list (JavaScript renders it).
    // Row 1 holds a NULL (the per-column path inside DuckDB), row 2 none (the one-concat path).
    const columns = `'a"b\\\\c é' AS s, true AS t, CAST(9007199254740993 AS BIGINT) AS b, 1.0E7 AS big, 0.00001 AS tiny, CAST('-0.0' AS DOUBLE) AS neg_zero, 132.5 AS d,
      CAST('nan' AS DOUBLE) AS nan, CAST('inf' AS DOUBLE) AS inf, TIMESTAMP '2025-05-28 09:59:59.999123' AS ts, DATE '2025-05-28' AS dt,
      CASE WHEN k = 1 THEN CAST(NULL AS VARCHAR) ELSE 'x' END AS n`;
    const rows = 'FROM (VALUES (1), (2)) AS v(k) ORDER BY k';
    const fast = await query(`SELECT ${columns} ${rows}`);
    const slow = await query(`SELECT ${columns}, ARRAY[1] AS list ${rows}`);
    expect(fast.Rows?.map((row) => row.Data)).toEqual(slow.Rows?.map((row) => row.Data?.slice(0, -1)));
    const expected = [
      'a"b\\\\c é',
      'true',
      '9007199254740993',
      '1.0E7',
      '1.0E-5',
      '-0.0',
      '132.5',
      'NaN',
      'Infinity',
      '2025-05-28 09:59:59.999123000',
      '2025-05-28',
    ];
    expect(rowsOf(fast)).toEqual([
      [...expected, null],
      [...expected, 'x'],
    ]);
  });
});
