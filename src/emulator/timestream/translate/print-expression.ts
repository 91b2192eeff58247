/**
 * Expressions in DuckDB's SQL. Names are quoted as written (DuckDB matches quoted names without
 * regard to case, as Timestream matches unquoted ones); functions go through the registry; lambdas
 * become DuckDB lambdas, or are applied in place where DuckDB has no higher-order equivalent.
 */
import type {
  Expression,
  IntervalLiteral,
  FunctionCall,
  Lambda,
  OrderItem,
  Query,
  TypeName,
  Window,
} from '../../../timestream/sql/ast.ts';
import { plainCall } from '../../../timestream/sql/parse-primary.ts';
import { SqlSyntaxError } from '../../../timestream/sql/syntax-error.ts';
import { quoteIdent, quoteLiteral } from '../engine.ts';
import { EXTRACT_FIELDS } from './functions/datetime-functions.ts';
import type { CallPrinter } from './functions/function-spec.ts';
import { functionSpec } from './functions/registry.ts';
import { TranslationError } from './translation-error.ts';

/** Calls whose answer is an array, so a function with an array and a scalar form takes the array form. */
const ARRAY_RESULTS = new Set([
  'sequence',
  'array_agg',
  'split',
  'regexp_extract_all',
  'regexp_split',
  'array_distinct',
  'array_intersect',
  'array_union',
  'array_except',
  'array_sort',
  'array_remove',
  'filter',
  'transform',
  'flatten',
  'slice',
  'repeat',
  'zip',
  'zip_with',
  'reverse',
  'shuffle',
  'create_time_series',
]);

const DURATION_SQL_UNIT = {
  nanosecond: 'microseconds',
  microsecond: 'microseconds',
  millisecond: 'milliseconds',
  second: 'seconds',
  minute: 'minutes',
  hour: 'hours',
  day: 'days',
} as const;

export interface QueryPrinter {
  query(query: Query): string;
}

export class ExpressionPrinter implements CallPrinter {
  /** Lambda parameters in scope (lower-cased), each with the SQL that stands for it. */
  private readonly scopes: Map<string, string>[] = [];

  constructor(
    private readonly sql: string,
    private readonly queries: QueryPrinter,
  ) {}

  /** A refusal positioned at the part of the query it is about. */
  refuse(at: { start: number }, message: string): SqlSyntaxError {
    return new SqlSyntaxError(this.sql, at.start, message);
  }

  expr(e: Expression): string {
    switch (e.kind) {
      case 'literal':
        if (e.type === 'string') return quoteLiteral(e.value);
        if (e.type === 'number') return /[.eE]/.test(e.value) ? `${e.value}::DOUBLE` : e.value;
        return e.value.toUpperCase();
      case 'duration': {
        // DuckDB intervals are microsecond-precise: nanoseconds floor to microseconds.
        const amount = e.unit === 'nanosecond' ? String(Math.floor(Number(e.amount) / 1000)) : e.amount;
        return `INTERVAL '${amount} ${DURATION_SQL_UNIT[e.unit]}'`;
      }
      case 'interval':
        return this.interval(e);
      case 'typed':
        return `${e.type.toUpperCase()} ${quoteLiteral(e.value)}`;
      case 'column':
        return this.column(e.parts.map((part) => part.value));
      case 'special':
        if (e.name === 'current_date') return 'CAST(ts_now() AS DATE)';
        if (e.name === 'current_time' || e.name === 'localtime') return 'CAST(ts_now() AS TIME)';
        return 'ts_now()';
      case 'unary':
        return e.op === 'not' ? `(NOT ${this.expr(e.operand)})` : `(${e.op}${this.expr(e.operand)})`;
      case 'binary':
        return `(${this.expr(e.left)} ${e.op.toUpperCase()} ${this.expr(e.right)})`;
      case 'between':
        return `(${this.expr(e.value)} ${e.not ? 'NOT ' : ''}BETWEEN ${this.expr(e.low)} AND ${this.expr(e.high)})`;
      case 'inList':
        return `(${this.expr(e.value)} ${e.not ? 'NOT ' : ''}IN (${e.list.map((item) => this.expr(item)).join(', ')}))`;
      case 'inQuery':
        return `(${this.expr(e.value)} ${e.not ? 'NOT ' : ''}IN (${this.queries.query(e.query)}))`;
      case 'like':
        return `(${this.expr(e.value)} ${e.not ? 'NOT ' : ''}LIKE ${this.expr(e.pattern)}${e.escape ? ` ESCAPE ${this.expr(e.escape)}` : ''})`;
      case 'isNull':
        return `(${this.expr(e.value)} IS ${e.not ? 'NOT ' : ''}NULL)`;
      case 'isDistinct':
        return `(${this.expr(e.left)} IS ${e.not ? 'NOT ' : ''}DISTINCT FROM ${this.expr(e.right)})`;
      case 'case': {
        const whens = e.whens.map(({ when, then }) => ` WHEN ${this.expr(when)} THEN ${this.expr(then)}`).join('');
        return `(CASE${e.operand ? ` ${this.expr(e.operand)}` : ''}${whens}${e.else ? ` ELSE ${this.expr(e.else)}` : ''} END)`;
      }
      case 'cast':
        if (e.value.kind === 'row' && e.type.name === 'row' && e.value.items.length === e.type.params.length) {
          // DuckDB casts structs field by name; ROW(…) AS ROW(a …, b …) names them by place.
          const value = e.value;
          const fields = value.items.map((item, index) => {
            const type = e.type.params[index]!;
            const name = e.type.fields[index] ?? `field${index}`;
            return `${quoteLiteral(name)}: ${e.safe ? 'TRY_CAST' : 'CAST'}(${this.expr(item)} AS ${typeof type === 'number' ? 'VARCHAR' : this.type(type)})`;
          });
          return `{${fields.join(', ')}}`;
        }
        return `${e.safe ? 'TRY_CAST' : 'CAST'}(${this.expr(e.value)} AS ${this.type(e.type)})`;
      case 'exists':
        return `(EXISTS (${this.queries.query(e.query)}))`;
      case 'subquery':
        return `(${this.queries.query(e.query)})`;
      case 'quantified':
        return `(${this.expr(e.value)} ${e.op} ${e.quantifier === 'all' ? 'ALL' : 'ANY'} (${this.queries.query(e.query)}))`;
      case 'array':
        return `[${e.items.map((item) => this.expr(item)).join(', ')}]`;
      case 'row':
        // Named fields: DuckDB leaves a ROW's fields unnamed, and unnamed fields cannot be told apart.
        return `{${e.items.map((item, index) => `'field${index}': ${this.expr(item)}`).join(', ')}}`;
      case 'subscript':
        return `(${this.expr(e.value)})[${this.expr(e.index)}]`;
      case 'field':
        return `(${this.expr(e.value)}).${quoteIdent(e.field.value)}`;
      case 'lambda':
        return this.lambda(e);
      case 'extract': {
        const name = EXTRACT_FIELDS[e.field];
        if (!name) throw this.refuse(e, `EXTRACT does not know the field ${e.field.toUpperCase()}.`);
        return functionSpec(name)!.translate!([this.expr(e.value)], plainCall(name, e, [e.value], e), this);
      }
      case 'atTimeZone': {
        if (e.zone.kind === 'literal' && e.zone.type === 'string' && /^(utc|z|\+00:00|gmt)$/i.test(e.zone.value))
          return this.expr(e.value);
        throw this.refuse(
          e,
          'Timestream for LiveAnalytics is UTC only; AT TIME ZONE other than UTC is not supported by the tcu-bot emulator.',
        );
      }
      case 'call':
        return this.call(e);
    }
  }

  /**
   * `INTERVAL '2' DAY`, `INTERVAL '2-7' YEAR TO MONTH`, `INTERVAL '1 21:00:00' DAY TO SECOND`: the
   * written value read by its fields, as DuckDB's interval text.
   */
  private interval(e: IntervalLiteral): string {
    const { value, from, to } = e;
    let text: string | undefined;
    if (to === undefined) text = /^\d+(\.\d+)?$/.test(value.trim()) ? `${value.trim()} ${from}s` : undefined;
    else if (from === 'year' && to === 'month') {
      const match = /^(\d+)-(\d+)$/.exec(value.trim());
      text = match ? `${Number(match[1]) * 12 + Number(match[2])} months` : undefined;
    } else if (from === 'day') {
      const match = /^(\d+) (\d+(?::\d+){0,2}(?:\.\d+)?)$/.exec(value.trim());
      text = match ? `${match[1]} days ${match[2]!.includes(':') ? match[2] : `${match[2]}:00`}` : undefined;
    } else if (from === 'hour') text = /^\d+:\d+(:\d+(\.\d+)?)?$/.test(value.trim()) ? value.trim() : undefined;
    else if (from === 'minute') text = /^\d+:\d+(\.\d+)?$/.test(value.trim()) ? `00:${value.trim()}` : undefined;
    if (text === undefined)
      throw this.refuse(
        e,
        `The interval '${value}' does not read as ${from.toUpperCase()}${to ? ` TO ${to.toUpperCase()}` : ''}.`,
      );
    return `(${e.sign}CAST(${quoteLiteral(text)} AS INTERVAL))`;
  }

  private column(parts: readonly string[]): string {
    const bound = this.bound(parts[0]!);
    if (bound !== undefined) return [bound, ...parts.slice(1).map(quoteIdent)].join('.');
    return parts.map(quoteIdent).join('.');
  }

  private bound(name: string): string | undefined {
    for (let index = this.scopes.length - 1; index >= 0; index -= 1) {
      const sql = this.scopes[index]!.get(name.toLowerCase());
      if (sql !== undefined) return sql;
    }
    return undefined;
  }

  lambda(lambda: Lambda): string {
    const params = lambda.params.map((param) => `_l_${param.value.toLowerCase()}`);
    this.scopes.push(new Map(lambda.params.map((param, index) => [param.value.toLowerCase(), params[index]!])));
    try {
      return `(lambda ${params.join(', ')}: ${this.expr(lambda.body)})`;
    } finally {
      this.scopes.pop();
    }
  }

  applyLambda(argument: Expression, bound: readonly string[]): string {
    if (argument.kind !== 'lambda') throw this.refuse(argument, 'Expected a lambda (x -> …) here.');
    if (argument.params.length !== bound.length)
      throw this.refuse(argument, `This lambda takes ${bound.length} parameter(s), not ${argument.params.length}.`);
    this.scopes.push(new Map(argument.params.map((param, index) => [param.value.toLowerCase(), `(${bound[index]})`])));
    try {
      return `(${this.expr(argument.body)})`;
    } finally {
      this.scopes.pop();
    }
  }

  isArray(argument: Expression): boolean {
    return argument.kind === 'array' || (argument.kind === 'call' && ARRAY_RESULTS.has(argument.name));
  }

  literal(argument: Expression): string | undefined {
    return argument.kind === 'literal' && argument.type === 'string' ? argument.value : undefined;
  }

  private call(call: FunctionCall): string {
    const spec = functionSpec(call.name);
    if (!spec)
      throw this.refuse(
        call.nameSpan,
        `Function '${call.name}' not registered: the tcu-bot emulator does not know it (docs/emulator.md lists the functions it runs).`,
      );
    if (!spec.translate)
      throw this.refuse(
        call.nameSpan,
        `The function ${call.name} is not supported by the tcu-bot emulator: ${spec.note} (see docs/emulator.md).`,
      );
    const count = call.star ? 0 : call.args.length;
    const [fewest, most] = spec.arity;
    if (count < fewest || count > most)
      throw this.refuse(
        call,
        `Unexpected parameters for function ${call.name}: ${count} given, ${fewest === most ? fewest : `${fewest} to ${most}`} expected.`,
      );
    if (spec.kind === 'scalar' && (call.over || call.filter || call.distinct || call.orderBy.length > 0))
      throw this.refuse(call, `${call.name} is not an aggregate or window function.`);
    if (spec.kind === 'window' && !call.over)
      throw this.refuse(call, `Window function ${call.name} requires an OVER clause.`);
    if (call.star) return `count(*)${this.filterAndOver(call)}`;
    const args = call.args.map((arg) => this.expr(arg));
    if (spec.kind !== 'scalar' && args.length > 0) {
      if (call.distinct) args[0] = `DISTINCT ${args[0]}`;
      const orderBy = call.orderBy.length > 0 ? ` ORDER BY ${this.orderBy(call.orderBy)}` : '';
      const nulls = call.nulls === 'ignore' ? ' IGNORE NULLS' : '';
      args[args.length - 1] += `${orderBy}${nulls}`;
    }
    return `${spec.translate(args, call, this)}${this.filterAndOver(call)}`;
  }

  private filterAndOver(call: FunctionCall): string {
    const filter = call.filter ? ` FILTER (WHERE ${this.expr(call.filter)})` : '';
    return `${filter}${call.over ? ` OVER (${this.window(call.over)})` : ''}`;
  }

  private window(window: Window): string {
    const parts: string[] = [];
    if (window.partitionBy.length > 0)
      parts.push(`PARTITION BY ${window.partitionBy.map((e) => this.expr(e)).join(', ')}`);
    if (window.orderBy.length > 0) parts.push(`ORDER BY ${this.orderBy(window.orderBy)}`);
    if (window.frame) {
      const bound = (b: NonNullable<Window['frame']>['from']) =>
        b.offset ? `${this.expr(b.offset)} ${b.type.toUpperCase()}` : b.type.toUpperCase();
      const { units, from, to } = window.frame;
      parts.push(`${units.toUpperCase()} ${to ? `BETWEEN ${bound(from)} AND ${bound(to)}` : bound(from)}`);
    }
    return parts.join(' ');
  }

  orderBy(items: readonly OrderItem[]): string {
    // Timestream sorts NULLs last in either direction unless told otherwise.
    return items
      .map(
        (item) =>
          `${this.expr(item.value)} ${item.descending ? 'DESC' : 'ASC'} NULLS ${(item.nulls ?? 'last').toUpperCase()}`,
      )
      .join(', ');
  }

  type(type: TypeName): string {
    const inner = (index: number) => {
      const param = type.params[index];
      if (param === undefined || typeof param === 'number')
        throw this.refuse(type, `The type ${type.name} needs an element type.`);
      return this.type(param);
    };
    switch (type.name) {
      case 'varchar':
      case 'char':
        return 'VARCHAR';
      case 'bigint':
        return 'BIGINT';
      case 'integer':
      case 'int':
        return 'INTEGER';
      case 'smallint':
        return 'SMALLINT';
      case 'tinyint':
        return 'TINYINT';
      case 'double':
        return 'DOUBLE';
      case 'real':
        return 'FLOAT';
      case 'boolean':
        return 'BOOLEAN';
      case 'decimal':
        return `DECIMAL(${type.params.filter((param) => typeof param === 'number').join(', ')})`;
      case 'date':
        return 'DATE';
      case 'time':
        return 'TIME';
      case 'timestamp':
        return 'TIMESTAMP';
      case 'varbinary':
        return 'BLOB';
      case 'interval day to second':
      case 'interval year to month':
        return 'INTERVAL';
      case 'array':
        return `${inner(0)}[]`;
      case 'row':
        return `STRUCT(${type.params.map((_, index) => `${quoteIdent(type.fields[index] ?? `field${index}`)} ${inner(index)}`).join(', ')})`;
      default:
        throw this.refuse(type, `The type ${type.name} is not supported by the tcu-bot emulator.`);
    }
  }
}

export { TranslationError };
