/**
 * Parses one Timestream statement: a query, or one of the catalog statements (SHOW DATABASES,
 * SHOW TABLES, SHOW MEASURES, DESCRIBE). One statement per call, as Timestream runs them; a single
 * trailing semicolon is allowed.
 */
import type { MetaStatement, Query, Statement } from './ast.ts';
import { Cursor } from './cursor.ts';
import { parseQuery } from './parse-query.ts';

import { SqlSyntaxError } from './syntax-error.ts';

export { SqlSyntaxError };

const STATEMENT_STARTS = ['select', 'with', 'values', 'show', 'describe'];

export function parseStatement(sql: string): Statement {
  const c = new Cursor(sql);
  if (!c.isSymbol('(') && !STATEMENT_STARTS.some((word) => c.isWord(word)))
    throw new SqlSyntaxError(sql, c.peek().start, 'Only SELECT queries (and SHOW / DESCRIBE) are supported.');
  const statement = parseMeta(c) ?? parseQuery(c);
  if (c.acceptSymbol(';') && c.peek().kind !== 'end')
    throw new SqlSyntaxError(sql, c.peek().start, 'Only one statement can be run per query.');
  if (c.peek().kind !== 'end') throw c.error('expected the end of the query');
  return statement;
}

/** Parses a query; a catalog statement is a syntax error here. */
export function parseSelectQuery(sql: string): Query {
  const statement = parseStatement(sql);
  if (statement.kind !== 'query') throw new Error('expected a query');
  return statement;
}

function parseMeta(c: Cursor): MetaStatement | undefined {
  if (c.acceptWords('show', 'databases')) return { kind: 'showDatabases', like: like(c) };
  if (c.acceptWords('show', 'tables')) {
    const database = c.acceptWords('from') || c.acceptWords('in') ? c.identifier('a database').value : undefined;
    return { kind: 'showTables', database, like: like(c) };
  }
  if (c.acceptWords('show', 'measures')) {
    if (!c.acceptWords('from')) c.expectWords('in');
    const [database, table] = tableName(c);
    return { kind: 'showMeasures', database, table, like: like(c) };
  }
  if (c.acceptWords('describe')) {
    const [database, table] = tableName(c);
    return { kind: 'describe', database, table };
  }
  return undefined;
}

function tableName(c: Cursor): [string, string] {
  const database = c.identifier('a database').value;
  c.expectSymbol('.');
  return [database, c.identifier('a table').value];
}

function like(c: Cursor): string | undefined {
  if (!c.acceptWords('like')) return undefined;
  const token = c.peek();
  if (token.kind !== 'string') throw c.error('expected a pattern in quotes');
  c.next();
  return token.value;
}
