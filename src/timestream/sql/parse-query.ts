/**
 * Queries: WITH, SELECT, set operations, VALUES, FROM with joins, UNNEST and derived tables, GROUP BY
 * (with ROLLUP, CUBE and GROUPING SETS), HAVING, ORDER BY, OFFSET and LIMIT
 * (https://docs.aws.amazon.com/timestream/latest/developerguide/supported-sql-constructs.SELECT.html).
 */
import type { Alias, GroupingElement, Identifier, Query, QueryBody, Relation, Select, SelectItem } from './ast.ts';
import type { Cursor } from './cursor.ts';
import { orderItems, parseExpression } from './parse-expression.ts';

/** Whether a query starts `from` tokens ahead, looking through opening parentheses (`((SELECT …))`). */
export function startsQuery(c: Cursor, from = 0): boolean {
  let ahead = from;
  while (c.isSymbol('(', ahead)) ahead += 1;
  return c.isWord('select', ahead) || c.isWord('with', ahead) || c.isWord('values', ahead);
}

export function parseQuery(c: Cursor): Query {
  const start = c.peek().start;
  const withQueries: Query['with'][number][] = [];
  if (c.acceptWords('with')) {
    c.acceptWords('recursive');
    do {
      const name = c.identifier('the name of a WITH query');
      const columns = c.isSymbol('(') ? columnList(c) : [];
      c.expectWords('as');
      c.expectSymbol('(');
      const query = parseQuery(c);
      c.expectSymbol(')');
      withQueries.push({ name, columns, query, ...c.span(name.start) });
    } while (c.acceptSymbol(','));
  }
  const body = parseSetExpression(c);
  const orderBy = c.acceptWords('order', 'by') ? orderItems(c) : [];
  let offset: Query['offset'];
  let limit: Query['limit'];
  if (c.acceptWords('offset')) {
    offset = parseExpression(c);
    if (!c.acceptWords('rows')) c.acceptWords('row');
  }
  if (c.acceptWords('limit')) {
    if (!c.acceptWords('all')) limit = parseExpression(c);
  }
  return { kind: 'query', with: withQueries, body, orderBy, offset, limit, ...c.span(start) };
}

function parseSetExpression(c: Cursor): QueryBody {
  let left = parseSetTerm(c);
  for (;;) {
    const op = c.isWord('union') ? 'union' : c.isWord('except') ? 'except' : undefined;
    if (!op) return left;
    c.next();
    const all = c.acceptWords('all');
    if (!all) c.acceptWords('distinct');
    const right = parseSetTerm(c);
    left = { kind: 'set', op, all, left, right, start: left.start, end: right.end };
  }
}

/** INTERSECT binds tighter than UNION and EXCEPT. */
function parseSetTerm(c: Cursor): QueryBody {
  let left = parseQueryPrimary(c);
  while (c.acceptWords('intersect')) {
    const all = c.acceptWords('all');
    if (!all) c.acceptWords('distinct');
    const right = parseQueryPrimary(c);
    left = { kind: 'set', op: 'intersect', all, left, right, start: left.start, end: right.end };
  }
  return left;
}

function parseQueryPrimary(c: Cursor): QueryBody {
  const start = c.peek().start;
  if (c.isWord('select')) return parseSelect(c);
  if (c.acceptWords('values')) {
    const rows = [];
    do rows.push(parseExpression(c));
    while (c.acceptSymbol(','));
    return { kind: 'values', rows, ...c.span(start) };
  }
  if (c.acceptSymbol('(')) {
    const query = parseQuery(c);
    c.expectSymbol(')');
    return { kind: 'nested', query, ...c.span(start) };
  }
  throw c.error('expected SELECT, VALUES or WITH');
}

function parseSelect(c: Cursor): Select {
  const start = c.next().start;
  const distinct = c.acceptWords('distinct');
  if (!distinct) c.acceptWords('all');
  const items: SelectItem[] = [];
  do items.push(parseSelectItem(c));
  while (c.acceptSymbol(','));
  const from: Relation[] = [];
  if (c.acceptWords('from')) {
    do from.push(parseRelation(c));
    while (c.acceptSymbol(','));
  }
  const where = c.acceptWords('where') ? parseExpression(c) : undefined;
  let groupBy: Select['groupBy'];
  if (c.isWord('group') && c.isWord('by', 1)) {
    const groupStart = c.peek().start;
    c.acceptWords('group', 'by');
    const groupDistinct = c.acceptWords('distinct');
    if (!groupDistinct) c.acceptWords('all');
    const elements: GroupingElement[] = [];
    do elements.push(parseGroupingElement(c));
    while (c.acceptSymbol(','));
    groupBy = { distinct: groupDistinct, elements, ...c.span(groupStart) };
  }
  const having = c.acceptWords('having') ? parseExpression(c) : undefined;
  return { kind: 'select', distinct, items, from, where, groupBy, having, ...c.span(start) };
}

function parseSelectItem(c: Cursor): SelectItem {
  const start = c.peek().start;
  if (c.acceptSymbol('*')) return { kind: 'all', qualifier: [], ...c.span(start) };
  // `t.*`, `"db"."table".*`
  let ahead = 0;
  while (c.isIdentifier(ahead) && c.isSymbol('.', ahead + 1)) ahead += 2;
  if (ahead > 0 && c.isSymbol('*', ahead)) {
    const qualifier: Identifier[] = [];
    while (!c.isSymbol('*')) {
      qualifier.push(c.identifier());
      c.expectSymbol('.');
    }
    c.next();
    return { kind: 'all', qualifier, ...c.span(start) };
  }
  const value = parseExpression(c);
  let alias: Identifier | undefined;
  if (c.acceptWords('as')) alias = c.identifier('an alias');
  else if (c.isIdentifier()) alias = c.identifier();
  return { kind: 'expression', value, alias, ...c.span(start) };
}

function parseGroupingElement(c: Cursor): GroupingElement {
  for (const kind of ['rollup', 'cube'] as const) {
    if (c.isWord(kind) && c.isSymbol('(', 1)) {
      c.next();
      return { kind, values: parenthesizedExpressions(c) };
    }
  }
  if (c.acceptWords('grouping', 'sets')) {
    c.expectSymbol('(');
    const sets: ReturnType<typeof parseExpression>[][] = [];
    do sets.push(c.isSymbol('(') ? parenthesizedExpressions(c) : [parseExpression(c)]);
    while (c.acceptSymbol(','));
    c.expectSymbol(')');
    return { kind: 'sets', sets };
  }
  return { kind: 'expression', value: parseExpression(c) };
}

function parenthesizedExpressions(c: Cursor): ReturnType<typeof parseExpression>[] {
  c.expectSymbol('(');
  const values = [];
  if (!c.isSymbol(')')) {
    do values.push(parseExpression(c));
    while (c.acceptSymbol(','));
  }
  c.expectSymbol(')');
  return values;
}

function parseRelation(c: Cursor): Relation {
  let left = parseRelationPrimary(c);
  for (;;) {
    if (c.acceptWords('cross', 'join')) {
      const right = parseRelationPrimary(c);
      left = { kind: 'join', type: 'cross', left, right, on: undefined, using: [], start: left.start, end: right.end };
      continue;
    }
    let type: 'inner' | 'left' | 'right' | 'full' | undefined;
    if (c.acceptWords('join') || c.acceptWords('inner', 'join')) type = 'inner';
    else
      for (const side of ['left', 'right', 'full'] as const)
        if (c.acceptWords(side, 'join') || c.acceptWords(side, 'outer', 'join')) type = side;
    if (!type) return left;
    const right = parseRelation(c);
    if (c.acceptWords('using')) {
      const using = columnList(c);
      left = { kind: 'join', type, left, right, on: undefined, using, ...c.span(left.start) };
    } else {
      c.expectWords('on');
      const on = parseExpression(c);
      left = { kind: 'join', type, left, right, on, using: [], start: left.start, end: on.end };
    }
  }
}

function parseRelationPrimary(c: Cursor): Relation {
  const start = c.peek().start;
  if (c.isWord('unnest') && c.isSymbol('(', 1)) {
    c.next();
    c.next();
    const args = [];
    do args.push(parseExpression(c));
    while (c.acceptSymbol(','));
    c.expectSymbol(')');
    const ordinality = c.acceptWords('with', 'ordinality');
    return { kind: 'unnest', args, ordinality, alias: parseAlias(c), ...c.span(start) };
  }
  const lateral = c.isWord('lateral') && c.isSymbol('(', 1);
  if (lateral) c.next();
  if (c.isSymbol('(')) {
    if (startsQuery(c, 1)) {
      c.next();
      const query = parseQuery(c);
      c.expectSymbol(')');
      return { kind: 'derived', lateral, query, alias: parseAlias(c), ...c.span(start) };
    }
    c.next();
    const inner = parseRelation(c);
    c.expectSymbol(')');
    return inner;
  }
  const name = [c.identifier('a table')];
  while (c.acceptSymbol('.')) name.push(c.identifier('a table'));
  return { kind: 'table', name, alias: parseAlias(c), ...c.span(start) };
}

function parseAlias(c: Cursor): Alias | undefined {
  if (!c.acceptWords('as') && !c.isIdentifier()) return undefined;
  const name = c.identifier('an alias');
  return { name, columns: c.isSymbol('(') ? columnList(c) : [] };
}

function columnList(c: Cursor): Identifier[] {
  c.expectSymbol('(');
  const columns = [];
  do columns.push(c.identifier('a column name'));
  while (c.acceptSymbol(','));
  c.expectSymbol(')');
  return columns;
}
