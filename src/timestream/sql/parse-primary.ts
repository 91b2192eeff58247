/**
 * The primaries of an expression: literals (numbers, strings, durations such as `5m`, INTERVAL,
 * TIMESTAMP '…'), names (`measure_value::double` is one), calls with DISTINCT, ORDER BY, FILTER,
 * IGNORE NULLS and OVER, lambdas, CASE, CAST, EXISTS, ARRAY[…], ROW(…), EXTRACT and position(a IN b),
 * and type names.
 */
import type {
  DurationLiteral,
  Expression,
  FrameBound,
  FunctionCall,
  Identifier,
  Span,
  TypeName,
  Window,
} from './ast.ts';
import type { Cursor } from './cursor.ts';
import { expressionList, orderItems, parenthesizedQuery, parseExpression, parseValue } from './parse-expression.ts';
import { parseQuery, startsQuery } from './parse-query.ts';

const SPECIAL_VALUES = new Set(['current_timestamp', 'current_date', 'current_time', 'localtime', 'localtimestamp']);
const DURATION_UNITS: Record<string, DurationLiteral['unit']> = {
  ns: 'nanosecond',
  us: 'microsecond',
  ms: 'millisecond',
  s: 'second',
  m: 'minute',
  h: 'hour',
  d: 'day',
};

export function parsePrimary(c: Cursor): Expression {
  const token = c.peek();
  const start = token.start;
  switch (token.kind) {
    case 'number':
      c.next();
      return { kind: 'literal', type: 'number', value: token.value, start, end: token.end };
    case 'string':
      c.next();
      return { kind: 'literal', type: 'string', value: token.value, start, end: token.end };
    case 'duration': {
      c.next();
      const [, amount, unitText] = /^([\d.]+)([a-z]+)$/i.exec(token.text)!;
      const lower = unitText!.toLowerCase();
      const unit = DURATION_UNITS[lower] ?? (lower.replace(/s$/, '') as DurationLiteral['unit']);
      return { kind: 'duration', amount: amount!, unit, start, end: token.end };
    }
    case 'symbol':
      if (token.value === '(') return parseParenthesized(c);
      break;
    case 'quoted':
      return parseName(c);
    case 'word':
      return parseWord(c);
    case 'end':
      break;
  }
  throw c.error('expected an expression');
}

/** `(expr)`, `(a, b)` (a row), `(SELECT …)`, or the parameters of `(a, b) -> …`. */
function parseParenthesized(c: Cursor): Expression {
  const start = c.peek().start;
  if (isLambdaParameters(c)) {
    c.next();
    const params: Identifier[] = [];
    if (!c.isSymbol(')'))
      do params.push(c.identifier('a lambda parameter'));
      while (c.acceptSymbol(','));
    c.expectSymbol(')');
    c.expectSymbol('->');
    const body = parseExpression(c);
    return { kind: 'lambda', params, body, start, end: body.end };
  }
  c.next();
  if (startsQuery(c)) {
    const query = parseQuery(c);
    c.expectSymbol(')');
    return { kind: 'subquery', query, ...c.span(start) };
  }
  const items = expressionList(c);
  c.expectSymbol(')');
  if (items.length === 1) return { ...items[0]!, start, end: c.lastEnd };
  return { kind: 'row', items, ...c.span(start) };
}

function isLambdaParameters(c: Cursor): boolean {
  let ahead = 1;
  if (!c.isSymbol(')', ahead)) {
    for (;;) {
      if (!c.isIdentifier(ahead)) return false;
      ahead += 1;
      if (c.isSymbol(',', ahead)) ahead += 1;
      else break;
    }
  }
  return c.isSymbol(')', ahead) && c.isSymbol('->', ahead + 1);
}

function parseWord(c: Cursor): Expression {
  const token = c.peek();
  const start = token.start;
  const word = token.value.toLowerCase();
  const next = c.peek(1);
  if (word === 'true' || word === 'false') {
    c.next();
    return { kind: 'literal', type: 'boolean', value: word, start, end: token.end };
  }
  if (word === 'null') {
    c.next();
    return { kind: 'literal', type: 'null', value: 'null', start, end: token.end };
  }
  if (word === 'case') return parseCase(c);
  if ((word === 'cast' || word === 'try_cast') && c.isSymbol('(', 1)) {
    c.next();
    c.next();
    const value = parseExpression(c);
    c.expectWords('as');
    const type = parseType(c);
    c.expectSymbol(')');
    return { kind: 'cast', safe: word === 'try_cast', value, type, ...c.span(start) };
  }
  if (word === 'exists' && c.isSymbol('(', 1)) {
    c.next();
    return { kind: 'exists', query: parenthesizedQuery(c), ...c.span(start) };
  }
  if (word === 'interval' && (next.kind === 'string' || (next.kind === 'symbol' && /^[-+]$/.test(next.value))))
    return parseIntervalLiteral(c);
  if ((word === 'timestamp' || word === 'date' || word === 'time') && next.kind === 'string') {
    c.next();
    c.next();
    return { kind: 'typed', type: word, value: next.value, start, end: next.end };
  }
  if (word === 'array' && c.isSymbol('[', 1)) {
    c.next();
    c.next();
    const items = c.isSymbol(']') ? [] : expressionList(c);
    c.expectSymbol(']');
    return { kind: 'array', items, ...c.span(start) };
  }
  if (word === 'row' && c.isSymbol('(', 1)) {
    c.next();
    c.next();
    const items = expressionList(c);
    c.expectSymbol(')');
    return { kind: 'row', items, ...c.span(start) };
  }
  if (word === 'extract' && c.isSymbol('(', 1)) {
    c.next();
    c.next();
    const field = c.identifier('a date or time field').value.toLowerCase();
    c.expectWords('from');
    const value = parseExpression(c);
    c.expectSymbol(')');
    return { kind: 'extract', field, value, ...c.span(start) };
  }
  if (word === 'position' && c.isSymbol('(', 1)) {
    // position(substring IN string): the IN is part of the call, so the needle stops before it.
    c.next();
    c.next();
    const needle = parseValue(c, 0);
    c.expectWords('in');
    const haystack = parseExpression(c);
    c.expectSymbol(')');
    return plainCall('position', { start, end: token.end }, [needle, haystack], c.span(start));
  }
  if (SPECIAL_VALUES.has(word) && !c.isSymbol('(', 1)) {
    c.next();
    return { kind: 'special', name: word as 'current_date', start, end: token.end };
  }
  if (c.isSymbol('->', 1)) {
    const param = c.identifier('a lambda parameter');
    c.next();
    const body = parseExpression(c);
    return { kind: 'lambda', params: [param], body, start, end: body.end };
  }
  if (c.isSymbol('(', 1)) return parseCall(c);
  if (!c.isIdentifier()) throw c.error('expected an expression');
  return parseName(c);
}

/** A column name, qualified or not; `measure_value::double` (also `t.measure_value::double`) is one name, as Timestream shows it. */
function parseName(c: Cursor): Expression {
  const first = c.identifier();
  const parts = [first];
  while (c.isSymbol('.') && c.isIdentifier(1)) {
    c.next();
    parts.push(c.identifier());
  }
  const last = parts.at(-1)!;
  if (!last.quoted && last.value.toLowerCase() === 'measure_value' && c.isSymbol('::')) {
    c.next();
    const type = c.identifier('a measure type');
    parts[parts.length - 1] = {
      value: `measure_value::${type.value.toLowerCase()}`,
      quoted: false,
      start: last.start,
      end: type.end,
    };
  }
  return { kind: 'column', parts, ...c.span(first.start) };
}

function parseCall(c: Cursor): FunctionCall {
  const nameToken = c.next();
  const start = nameToken.start;
  c.expectSymbol('(');
  const distinct = c.acceptWords('distinct');
  if (!distinct) c.acceptWords('all');
  let star = false;
  let args: Expression[] = [];
  if (c.acceptSymbol('*')) star = true;
  else if (!c.isSymbol(')')) args = expressionList(c);
  const orderBy = c.acceptWords('order', 'by') ? orderItems(c) : [];
  c.expectSymbol(')');
  let filter: Expression | undefined;
  if (c.isWord('filter') && c.isSymbol('(', 1)) {
    c.next();
    c.next();
    c.expectWords('where');
    filter = parseExpression(c);
    c.expectSymbol(')');
  }
  let nulls: FunctionCall['nulls'];
  if (c.acceptWords('ignore', 'nulls')) nulls = 'ignore';
  else if (c.acceptWords('respect', 'nulls')) nulls = 'respect';
  const over = c.acceptWords('over') ? parseWindow(c) : undefined;
  return {
    kind: 'call',
    name: nameToken.value.toLowerCase(),
    nameSpan: { start, end: nameToken.end },
    args,
    distinct,
    star,
    orderBy,
    filter,
    nulls,
    over,
    ...c.span(start),
  };
}

/** A call written in a special form (`position(a IN b)`, `EXTRACT(f FROM x)`), as if written `name(args)`. */
export function plainCall(name: string, nameSpan: Span, args: Expression[], span: Span): FunctionCall {
  return {
    kind: 'call',
    name,
    nameSpan,
    args,
    distinct: false,
    star: false,
    orderBy: [],
    filter: undefined,
    nulls: undefined,
    over: undefined,
    ...span,
  };
}

function parseWindow(c: Cursor): Window {
  const start = c.peek().start;
  c.expectSymbol('(');
  const partitionBy = c.acceptWords('partition', 'by') ? expressionList(c) : [];
  const orderBy = c.acceptWords('order', 'by') ? orderItems(c) : [];
  let frame: Window['frame'];
  const units = ['rows', 'range', 'groups'].find((word) => c.isWord(word));
  if (units) {
    c.next();
    if (c.acceptWords('between')) {
      const from = frameBound(c);
      c.expectWords('and');
      const to = frameBound(c);
      frame = { units: units as 'rows', from, to };
    } else {
      frame = { units: units as 'rows', from: frameBound(c), to: undefined };
    }
  }
  c.expectSymbol(')');
  return { partitionBy, orderBy, frame, ...c.span(start) };
}

function frameBound(c: Cursor): FrameBound {
  if (c.acceptWords('unbounded', 'preceding')) return { type: 'unbounded preceding', offset: undefined };
  if (c.acceptWords('unbounded', 'following')) return { type: 'unbounded following', offset: undefined };
  if (c.acceptWords('current', 'row')) return { type: 'current row', offset: undefined };
  const offset = parseValue(c, 0);
  if (c.acceptWords('preceding')) return { type: 'preceding', offset };
  c.expectWords('following');
  return { type: 'following', offset };
}

function parseCase(c: Cursor): Expression {
  const start = c.next().start;
  const operand = c.isWord('when') ? undefined : parseExpression(c);
  const whens: { when: Expression; then: Expression }[] = [];
  while (c.acceptWords('when')) {
    const when = parseExpression(c);
    c.expectWords('then');
    whens.push({ when, then: parseExpression(c) });
  }
  if (whens.length === 0) throw c.error('expected WHEN');
  const otherwise = c.acceptWords('else') ? parseExpression(c) : undefined;
  c.expectWords('end');
  return { kind: 'case', operand, whens, else: otherwise, ...c.span(start) };
}

function parseIntervalLiteral(c: Cursor): Expression {
  const start = c.next().start;
  let sign: '' | '-' = '';
  if (c.acceptSymbol('-')) sign = '-';
  else c.acceptSymbol('+');
  const value = c.peek();
  if (value.kind !== 'string') throw c.error('expected the interval as a string');
  c.next();
  const field = () => {
    const word = c.peek();
    const name = ['year', 'month', 'day', 'hour', 'minute', 'second'].find(
      (unit) => word.kind === 'word' && word.value.toLowerCase().replace(/s$/, '') === unit,
    );
    if (!name) throw c.error('expected YEAR, MONTH, DAY, HOUR, MINUTE or SECOND');
    c.next();
    return name;
  };
  const from = field();
  const to = c.acceptWords('to') ? field() : undefined;
  return { kind: 'interval', sign, value: value.value, from, to, ...c.span(start) };
}

/** A type name: `varchar`, `double`, `decimal(10, 2)`, `array(double)`, `row(a bigint, b varchar)`. */
export function parseType(c: Cursor): TypeName {
  const start = c.peek().start;
  const first = c.identifier('a type').value.toLowerCase();
  let name = first;
  if (first === 'double' && c.acceptWords('precision')) name = 'double';
  if (first === 'interval') {
    const from = c.identifier('an interval field').value.toLowerCase();
    c.expectWords('to');
    name = `interval ${from} to ${c.identifier('an interval field').value.toLowerCase()}`;
  }
  if (first === 'timestamp' || first === 'time') {
    if (c.acceptWords('with', 'time', 'zone')) name = `${first} with time zone`;
  }
  const params: (TypeName | number)[] = [];
  const fields: (string | undefined)[] = [];
  if (c.acceptSymbol('(')) {
    do {
      const token = c.peek();
      if (token.kind === 'number') {
        c.next();
        params.push(Number(token.value));
      } else if (name === 'row' && c.isIdentifier() && c.isIdentifier(1)) {
        fields.push(c.identifier().value);
        params.push(parseType(c));
      } else {
        fields.push(undefined);
        params.push(parseType(c));
      }
    } while (c.acceptSymbol(','));
    c.expectSymbol(')');
  }
  return { name, params, fields, ...c.span(start) };
}
