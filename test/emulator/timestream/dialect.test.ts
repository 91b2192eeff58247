import { describe, expect, it } from 'vitest';
import { firstUnsupportedFunction, rewriteTimestreamSql } from '../../../src/emulator/timestream/dialect.ts';

describe('rewriteTimestreamSql', () => {
  it.each([
    ['SELECT bin(time, 5m) FROM t', "SELECT bin(time, INTERVAL '5 minutes') FROM t"],
    ['WHERE time > ago(1h)', "WHERE time > ago(INTERVAL '1 hours')"],
    ['x - 100ms', "x - INTERVAL '100 milliseconds'"],
    ['x + 2day', "x + INTERVAL '2 days'"],
    ['x + 12second', "x + INTERVAL '12 seconds'"],
    ['x + 1.5h', "x + INTERVAL '1.5 hours'"],
    ['x + 1500ns', "x + INTERVAL '1 microseconds'"],
    ['x + 10s', "x + INTERVAL '10 seconds'"],
    ['x + 3d', "x + INTERVAL '3 days'"],
    ['x + 250us', "x + INTERVAL '250 microseconds'"],
  ])('%s', (input, output) => {
    expect(rewriteTimestreamSql(input).sql).toBe(output);
  });

  it.each([
    ["SELECT 'a 5m string'", "SELECT 'a 5m string'"],
    ["SELECT 'it''s 5m'", "SELECT 'it''s 5m'"],
    ['SELECT "weird-5d-col" FROM t', 'SELECT "weird-5d-col" FROM t'],
    ['SELECT abc5m FROM t', 'SELECT abc5m FROM t'],
    ['SELECT 1 -- 10s\nFROM t', 'SELECT 1 -- 10s\nFROM t'],
    ['SELECT 1 /* 3h */ FROM t', 'SELECT 1 /* 3h */ FROM t'],
    ['SELECT 1e5, 42, 3.14 FROM t', 'SELECT 1e5, 42, 3.14 FROM t'],
    ['SELECT x5 + 1 FROM t', 'SELECT x5 + 1 FROM t'],
  ])('leaves %j alone', (input, output) => {
    expect(rewriteTimestreamSql(input).sql).toBe(output);
  });

  it('quotes measure_value::<type> and maps current_timestamp', () => {
    expect(
      rewriteTimestreamSql('SELECT avg(measure_value::double), current_timestamp FROM t WHERE x::varchar = 1').sql,
    ).toBe('SELECT avg("measure_value::double"), ts_now() FROM t WHERE x::varchar = 1');
  });

  it('lists the functions a query calls and names the first unsupported one', () => {
    const { functions } = rewriteTimestreamSql(
      'SELECT INTERPOLATE_LINEAR(create_time_series(time, v), SEQUENCE(a, b, 10s)), max(x) FROM t',
    );
    expect([...functions]).toEqual(
      expect.arrayContaining(['interpolate_linear', 'create_time_series', 'sequence', 'max']),
    );
    expect(firstUnsupportedFunction(functions)).toBe('interpolate_linear');
    expect(
      firstUnsupportedFunction(rewriteTimestreamSql("SELECT 'create_time_series(' FROM t").functions),
    ).toBeUndefined();
  });
});
