/**
 * Expressions, by precedence from loosest to tightest: OR, AND, NOT, predicates (comparison,
 * BETWEEN, IN, LIKE, IS), `||`, `+ -`, `* / %`, unary sign, AT TIME ZONE, subscripts and fields —
 * the order of Trino's grammar, which Timestream's query engine follows. Primaries (literals, names,
 * calls, CASE, CAST, …) are parse-primary.ts.
 */
import type { BinaryOperator, Expression, OrderItem, Query } from './ast.ts';
import type { Cursor } from './cursor.ts';
import { parsePrimary } from './parse-primary.ts';
import { parseQuery, startsQuery } from './parse-query.ts';

const COMPARISON = new Set(['=', '<>', '!=', '<', '<=', '>', '>=']);

export function parseExpression(c: Cursor): Expression {
  return parseOr(c);
}

function parseOr(c: Cursor): Expression {
  let left = parseAnd(c);
  while (c.acceptWords('or')) {
    const right = parseAnd(c);
    left = { kind: 'binary', op: 'or', left, right, start: left.start, end: right.end };
  }
  return left;
}

function parseAnd(c: Cursor): Expression {
  let left = parseNot(c);
  while (c.acceptWords('and')) {
    const right = parseNot(c);
    left = { kind: 'binary', op: 'and', left, right, start: left.start, end: right.end };
  }
  return left;
}

function parseNot(c: Cursor): Expression {
  const start = c.peek().start;
  if (c.acceptWords('not')) {
    const operand = parseNot(c);
    return { kind: 'unary', op: 'not', operand, start, end: operand.end };
  }
  return parsePredicate(c);
}

function parsePredicate(c: Cursor): Expression {
  let value = parseValue(c, 0);
  for (;;) {
    const start = value.start;
    const token = c.peek();
    if (token.kind === 'symbol' && COMPARISON.has(token.value)) {
      c.next();
      const op = (token.value === '!=' ? '<>' : token.value) as BinaryOperator;
      const quantifier = ['all', 'any', 'some'].find((word) => c.isWord(word) && c.isSymbol('(', 1));
      if (quantifier) {
        c.next();
        const query = parenthesizedQuery(c);
        value = { kind: 'quantified', op, quantifier: quantifier as 'all', value, query, ...c.span(start) };
      } else {
        const right = parseValue(c, 0);
        value = { kind: 'binary', op, left: value, right, start, end: right.end };
      }
      continue;
    }
    if (c.acceptWords('is')) {
      const not = c.acceptWords('not');
      if (c.acceptWords('null')) {
        value = { kind: 'isNull', not, value, ...c.span(start) };
      } else {
        c.expectWords('distinct', 'from');
        const right = parseValue(c, 0);
        value = { kind: 'isDistinct', not, left: value, right, start, end: right.end };
      }
      continue;
    }
    const not = c.isWord('not') && ['between', 'in', 'like'].some((word) => c.isWord(word, 1));
    if (not) c.next();
    if (c.acceptWords('between')) {
      const low = parseValue(c, 0);
      c.expectWords('and');
      const high = parseValue(c, 0);
      value = { kind: 'between', not, value, low, high, start, end: high.end };
    } else if (c.acceptWords('in')) {
      c.expectSymbol('(');
      if (startsQuery(c)) {
        const query = parseQuery(c);
        c.expectSymbol(')');
        value = { kind: 'inQuery', not, value, query, ...c.span(start) };
      } else {
        const list = expressionList(c);
        c.expectSymbol(')');
        value = { kind: 'inList', not, value, list, ...c.span(start) };
      }
    } else if (c.acceptWords('like')) {
      const pattern = parseValue(c, 0);
      const escape = c.acceptWords('escape') ? parseValue(c, 0) : undefined;
      value = { kind: 'like', not, value, pattern, escape, ...c.span(start) };
    } else {
      return value;
    }
  }
}

const BINARY_PRECEDENCE: Record<string, number> = { '||': 1, '+': 2, '-': 2, '*': 3, '/': 3, '%': 3 };

/** Arithmetic and concatenation by precedence climbing. */
export function parseValue(c: Cursor, minimum: number): Expression {
  let left = parseUnary(c);
  for (;;) {
    const token = c.peek();
    const precedence = token.kind === 'symbol' ? BINARY_PRECEDENCE[token.value] : undefined;
    if (precedence === undefined || precedence <= minimum) return left;
    c.next();
    const right = parseValue(c, precedence);
    left = { kind: 'binary', op: token.value as BinaryOperator, left, right, start: left.start, end: right.end };
  }
}

function parseUnary(c: Cursor): Expression {
  const token = c.peek();
  if (token.kind === 'symbol' && (token.value === '-' || token.value === '+')) {
    c.next();
    const operand = parseUnary(c);
    return { kind: 'unary', op: token.value, operand, start: token.start, end: operand.end };
  }
  return parsePostfix(c);
}

function parsePostfix(c: Cursor): Expression {
  let value = parsePrimary(c);
  for (;;) {
    const start = value.start;
    if (c.acceptSymbol('[')) {
      const index = parseExpression(c);
      c.expectSymbol(']');
      value = { kind: 'subscript', value, index, ...c.span(start) };
    } else if (c.isSymbol('.') && c.isIdentifier(1)) {
      c.next();
      const field = c.identifier();
      value = { kind: 'field', value, field, ...c.span(start) };
    } else if (c.isWord('at') && c.isWord('time', 1) && c.isWord('zone', 2)) {
      c.acceptWords('at', 'time', 'zone');
      const zone = parseUnary(c);
      value = { kind: 'atTimeZone', value, zone, start, end: zone.end };
    } else {
      return value;
    }
  }
}

export function orderItems(c: Cursor): OrderItem[] {
  const items: OrderItem[] = [];
  do {
    const value = parseExpression(c);
    const descending = c.acceptWords('desc');
    if (!descending) c.acceptWords('asc');
    let nulls: OrderItem['nulls'];
    if (c.acceptWords('nulls', 'first')) nulls = 'first';
    else if (c.acceptWords('nulls', 'last')) nulls = 'last';
    items.push({ value, descending, nulls, ...c.span(value.start) });
  } while (c.acceptSymbol(','));
  return items;
}

export function expressionList(c: Cursor): Expression[] {
  const items: Expression[] = [];
  do items.push(parseExpression(c));
  while (c.acceptSymbol(','));
  return items;
}

export function parenthesizedQuery(c: Cursor): Query {
  c.expectSymbol('(');
  const query = parseQuery(c);
  c.expectSymbol(')');
  return query;
}
