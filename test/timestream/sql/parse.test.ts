import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Expression, Query, Select } from '../../../src/timestream/sql/ast.ts';
import { parseStatement, SqlSyntaxError } from '../../../src/timestream/sql/parse.ts';

const query = (sql: string) => parseStatement(sql) as Query;
const select = (sql: string) => query(sql).body as Select;
const firstItem = (sql: string) => {
  const item = select(sql).items[0]!;
  if (item.kind !== 'expression') throw new Error('expected an expression');
  return item.value;
};

/** The tree as fully parenthesized text: two parses mean the same when these agree. */
function canonical(e: Expression): string {
  switch (e.kind) {
    case 'literal':
      return e.value;
    case 'column':
      return e.parts.map((part) => part.value).join('.');
    case 'binary':
      return `(${canonical(e.left)} ${e.op} ${canonical(e.right)})`;
    case 'unary':
      return `(${e.op} ${canonical(e.operand)})`;
    default:
      return e.kind;
  }
}

describe('parseStatement', () => {
  it('reads Timestream’s own forms: durations, measure_value::type, ago(), bin()', () => {
    const where = select(
      `SELECT bin(time, 5m), avg(measure_value::double) FROM "db"."t" WHERE time > ago(1.5h) AND x < 100ms`,
    ).where!;
    expect(where).toMatchObject({
      kind: 'binary',
      op: 'and',
      left: { right: { kind: 'call', name: 'ago', args: [{ kind: 'duration', amount: '1.5', unit: 'hour' }] } },
      right: { right: { kind: 'duration', amount: '100', unit: 'millisecond' } },
    });
    expect(firstItem(`SELECT t.measure_value::bigint FROM "db"."t" t`)).toMatchObject({
      kind: 'column',
      parts: [{ value: 't' }, { value: 'measure_value::bigint' }],
    });
  });

  it('keeps the span of every node', () => {
    const sql = 'SELECT upper(name) AS n FROM "db"."t"';
    const call = firstItem(sql);
    expect(sql.slice(call.start, call.end)).toBe('upper(name)');
    const table = select(sql).from[0]!;
    expect(sql.slice(table.start, table.end)).toBe('"db"."t"');
  });

  it('binds AND tighter than OR, * tighter than +, and NOT around a predicate', () => {
    expect(canonical(select('SELECT 1 FROM t WHERE a = 1 OR b = 2 AND c = 3').where!)).toBe(
      '((a = 1) or ((b = 2) and (c = 3)))',
    );
    expect(canonical(firstItem('SELECT 1 + 2 * 3 - 4'))).toBe('((1 + (2 * 3)) - 4)');
    expect(canonical(select('SELECT 1 FROM t WHERE NOT a = 1').where!)).toBe('(not (a = 1))');
  });

  it('reads lambdas, position(a IN b), IGNORE NULLS, frames, VALUES and UNNEST', () => {
    expect(firstItem('SELECT reduce(a, 0, (s, x) -> s + x, s -> s)')).toMatchObject({
      args: [{}, {}, { kind: 'lambda', params: [{ value: 's' }, { value: 'x' }] }, { kind: 'lambda' }],
    });
    expect(firstItem("SELECT position('l' IN 'hello')")).toMatchObject({ kind: 'call', name: 'position' });
    expect(
      firstItem('SELECT last_value(c) IGNORE NULLS OVER (ORDER BY i ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)'),
    ).toMatchObject({ nulls: 'ignore', over: { frame: { units: 'rows', from: { type: 'preceding' } } } });
    expect(
      select('SELECT * FROM (VALUES 1, 2) AS t(c) CROSS JOIN UNNEST(ARRAY[1]) WITH ORDINALITY AS u(x, i)').from[0],
    ).toMatchObject({
      kind: 'join',
      type: 'cross',
      left: { kind: 'derived', alias: { columns: [{ value: 'c' }] } },
      right: { kind: 'unnest', ordinality: true },
    });
  });

  it('reads the catalog statements', () => {
    expect(parseStatement("SHOW MEASURES FROM db.t LIKE 'cpu%'")).toEqual({
      kind: 'showMeasures',
      database: 'db',
      table: 't',
      like: 'cpu%',
    });
    expect(parseStatement('DESCRIBE "my-db"."t"')).toEqual({ kind: 'describe', database: 'my-db', table: 't' });
  });

  it.each([
    ['SELECT FROM t', "line 1:8: expected an expression, found 'FROM'"],
    ['SELECT 1;\nSELECT 2', 'line 2:1: Only one statement can be run per query.'],
    ['DROP TABLE x', 'line 1:1: Only SELECT queries (and SHOW / DESCRIBE) are supported.'],
    ["SELECT 'open", 'line 1:8: the string is not closed'],
    ['SELECT 10abc', "line 1:8: '10a…' is neither a number nor a duration"],
    ['SELECT a FROM t WHERE', 'line 1:22: expected an expression, found the end of the query'],
  ])('refuses %j: %s', (sql, message) => {
    expect(() => parseStatement(sql)).toThrow(SqlSyntaxError);
    expect(() => parseStatement(sql)).toThrow(message);
  });
});

describe('parseStatement (properties)', () => {
  it('answers any text with a tree or a SqlSyntaxError, never another error', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        for (const sql of [text, `SELECT ${text}`, `SELECT a FROM "d"."t" WHERE ${text}`]) {
          try {
            parseStatement(sql);
          } catch (error) {
            expect(error).toBeInstanceOf(SqlSyntaxError);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('reads any quoted name back as written', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }), (name) => {
        const quoted = `"${name.replaceAll('"', '""')}"`;
        expect(firstItem(`SELECT ${quoted} FROM "db"."t"`)).toMatchObject({
          kind: 'column',
          parts: [{ value: name, quoted: true }],
        });
      }),
    );
  });

  it('gives arithmetic the same tree with or without the redundant parentheses', () => {
    const leaf = fc.oneof(fc.nat(99).map(String), fc.constantFrom('a', 'b', 'speed'));
    const tree = fc.letrec<{ node: { text: string; full: string } }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf.map((text) => ({ text, full: text })),
        fc.tuple(tie('node'), fc.constantFrom('+', '-', '*', '/', '%'), tie('node')).map(([left, op, right]) => ({
          text: `(${left.text}) ${op} (${right.text})`,
          full: `(${left.full} ${op} ${right.full})`,
        })),
      ),
    }));
    fc.assert(
      fc.property(tree.node, ({ text, full }) => {
        expect(canonical(firstItem(`SELECT ${text}`))).toBe(full);
      }),
    );
  });
});
