/**
 * A parsed Timestream query as DuckDB SQL, with what the answer's shape needs to know that DuckDB
 * cannot tell: which output columns Timestream names `_col<N>` (an unnamed expression, numbered by
 * its place in the answer) and which are an untyped NULL (Timestream's UNKNOWN). Tables resolve
 * against the emulator's catalog; anything else — the emulator's own tables, DuckDB's catalogs, a
 * table function — is refused before DuckDB sees it.
 */
import type { Alias, Expression, Query, QueryBody, Relation, Select, SelectItem } from '../../../timestream/sql/ast.ts';
import { quoteIdent } from '../engine.ts';
import { ExpressionPrinter } from './print-expression.ts';

export interface TranslateContext {
  /** Whether the catalog has this table (undefined: no such database). */
  tableExists(database: string, table: string): boolean | undefined;
}

export interface Translation {
  readonly sql: string;
  /**
   * Output names whose Timestream type DuckDB cannot report: an untyped NULL (UNKNOWN) and a
   * year-to-month interval (INTERVAL_YEAR_TO_MONTH, answered as text such as `2-7`).
   */
  readonly typeOverrides: ReadonlyMap<string, 'UNKNOWN' | 'INTERVAL_YEAR_TO_MONTH'>;
  /** The catalog tables the query reads. */
  readonly tables: readonly { readonly database: string; readonly table: string }[];
}

/** The name of an unnamed expression until the answer's columns are known (see `answerColumnName`). */
const generatedName = (index: number) => `_col${index}~`;

/**
 * Timestream's name for an answer column: an unnamed expression is `_col<N>`, N its place in the
 * answer (after any `*` is spread); other names as DuckDB reports them.
 */
export function answerColumnName(name: string, place: number): string {
  return /^_col\d+~$/.test(name) ? `_col${place}` : name;
}

export function translateQuery(sql: string, query: Query, context: TranslateContext): Translation {
  const printer = new QueryToDuckDb(sql, context);
  const text = printer.query(query, true);
  return { sql: text, typeOverrides: printer.overrides, tables: printer.tables };
}

class QueryToDuckDb {
  readonly overrides = new Map<string, 'UNKNOWN' | 'INTERVAL_YEAR_TO_MONTH'>();
  readonly tables: { database: string; table: string }[] = [];
  private readonly expressions: ExpressionPrinter;
  /** WITH names in scope, innermost last. */
  private readonly withNames: Set<string>[] = [];

  constructor(
    sql: string,
    private readonly context: TranslateContext,
  ) {
    this.expressions = new ExpressionPrinter(sql, { query: (query) => this.query(query, false) });
  }

  query(query: Query, top: boolean): string {
    this.withNames.push(new Set(query.with.map((entry) => entry.name.value.toLowerCase())));
    try {
      const parts: string[] = [];
      if (query.with.length > 0) {
        const entries = query.with.map((entry) => {
          const columns =
            entry.columns.length > 0 ? `(${entry.columns.map((c) => quoteIdent(c.value)).join(', ')})` : '';
          return `${quoteIdent(entry.name.value)}${columns} AS (${this.query(entry.query, false)})`;
        });
        parts.push(`WITH ${entries.join(', ')}`);
      }
      parts.push(this.body(query.body, top));
      if (query.orderBy.length > 0) parts.push(`ORDER BY ${this.expressions.orderBy(query.orderBy)}`);
      if (query.limit) parts.push(`LIMIT ${this.expressions.expr(query.limit)}`);
      if (query.offset) parts.push(`OFFSET ${this.expressions.expr(query.offset)}`);
      return parts.join(' ');
    } finally {
      this.withNames.pop();
    }
  }

  private body(body: QueryBody, top: boolean): string {
    switch (body.kind) {
      case 'select':
        return this.select(body, top);
      case 'set':
        // The answer's names come from the first SELECT.
        return `(${this.body(body.left, top)}) ${body.op.toUpperCase()}${body.all ? ' ALL' : ''} (${this.body(body.right, false)})`;
      case 'values':
        return `VALUES ${body.rows.map((row) => (row.kind === 'row' ? `(${row.items.map((item) => this.expressions.expr(item)).join(', ')})` : `(${this.expressions.expr(row)})`)).join(', ')}`;
      case 'nested':
        return `(${this.query(body.query, top)})`;
    }
  }

  private select(select: Select, top: boolean): string {
    const items = select.items.map((item, index) => this.selectItem(item, index, top)).join(', ');
    let text = `SELECT ${select.distinct ? 'DISTINCT ' : ''}${items}`;
    if (select.from.length > 0) text += ` FROM ${select.from.map((relation) => this.relation(relation)).join(', ')}`;
    if (select.where) text += ` WHERE ${this.expressions.expr(select.where)}`;
    if (select.groupBy) {
      const elements = select.groupBy.elements.map((element) => {
        const list = (values: readonly Parameters<ExpressionPrinter['expr']>[0][]) =>
          values.map((v) => this.expressions.expr(v)).join(', ');
        switch (element.kind) {
          case 'expression':
            return this.expressions.expr(element.value);
          case 'rollup':
          case 'cube':
            return `${element.kind.toUpperCase()} (${list(element.values)})`;
          case 'sets':
            return `GROUPING SETS (${element.sets.map((set) => `(${list(set)})`).join(', ')})`;
        }
      });
      text += ` GROUP BY ${elements.join(', ')}`;
    }
    if (select.having) text += ` HAVING ${this.expressions.expr(select.having)}`;
    return text;
  }

  private selectItem(item: SelectItem, index: number, top: boolean): string {
    if (item.kind === 'all')
      return item.qualifier.length > 0 ? `${item.qualifier.map((q) => quoteIdent(q.value)).join('.')}.*` : '*';
    let value = this.expressions.expr(item.value);
    let name: string | undefined = item.alias?.value;
    if (name === undefined && item.value.kind === 'field') name = item.value.field.value;
    if (name === undefined && item.value.kind === 'column') return value;
    name ??= generatedName(index);
    if (top && item.value.kind === 'literal' && item.value.type === 'null') this.overrides.set(name, 'UNKNOWN');
    if (top && isYearToMonth(item.value)) {
      // Recorded answers write these as years-months: `2-7` (grafana/timestream-datasource
      // pkg/timestream/testdata/select-consts.json).
      this.overrides.set(name, 'INTERVAL_YEAR_TO_MONTH');
      value = `ts_year_month_text(${value})`;
    }
    return `${value} AS ${quoteIdent(name)}`;
  }

  private relation(relation: Relation): string {
    switch (relation.kind) {
      case 'table':
        return `${this.table(relation)}${alias(relation.alias)}`;
      case 'derived':
        return `${relation.lateral ? 'LATERAL ' : ''}(${this.query(relation.query, false)})${alias(relation.alias)}`;
      case 'unnest':
        return this.unnest(relation);
      case 'join': {
        const left = this.relation(relation.left);
        const right = this.relation(relation.right);
        if (relation.type === 'cross') return `${left} CROSS JOIN ${right}`;
        const condition = relation.on
          ? ` ON ${this.expressions.expr(relation.on)}`
          : ` USING (${relation.using.map((c) => quoteIdent(c.value)).join(', ')})`;
        return `${left} ${relation.type.toUpperCase()} JOIN ${right}${condition}`;
      }
    }
  }

  private table(relation: Extract<Relation, { kind: 'table' }>): string {
    const parts = relation.name.map((part) => part.value);
    if (parts.length === 1 && this.withNames.some((names) => names.has(parts[0]!.toLowerCase())))
      return quoteIdent(parts[0]!);
    if (parts.length !== 2)
      throw this.expressions.refuse(
        relation,
        `Table ${parts.join('.')} does not exist: name tables with their database, "database"."table".`,
      );
    const [database, table] = parts as [string, string];
    const exists =
      database === '_emulator' || table.endsWith('$data') ? undefined : this.context.tableExists(database, table);
    if (exists === undefined) throw this.expressions.refuse(relation, `Database ${database} does not exist.`);
    if (!exists) throw this.expressions.refuse(relation, `Table ${database}.${table} does not exist.`);
    this.tables.push({ database, table });
    return `${quoteIdent(database)}.${quoteIdent(table)}`;
  }

  /**
   * UNNEST(a[, b…]) [WITH ORDINALITY] AS t(…): a lateral subquery of DuckDB unnests (zipped, padded
   * with NULLs, as Trino pads). One array of rows (a time series) with more names than arrays spreads
   * each row's fields over the names.
   */
  private unnest(relation: Extract<Relation, { kind: 'unnest' }>): string {
    const arrays = relation.args.map((arg) => this.expressions.expr(arg));
    const names = relation.alias?.columns.map((column) => column.value) ?? [];
    const ordinal = relation.ordinality ? 1 : 0;
    const spread = arrays.length === 1 && names.length > 1 + ordinal;
    const inner = arrays.map((array, index) => `unnest(${array}) AS "_e${index}"`);
    if (relation.ordinality)
      inner.push(`unnest(range(1, greatest(${arrays.map((array) => `len(${array})`).join(', ')}) + 1)) AS "_o"`);
    const fieldCount = spread ? names.length - ordinal : arrays.length;
    const outputs = Array.from({ length: fieldCount }, (_, index) =>
      spread ? `struct_extract_at("_e0", ${index + 1})` : `"_e${index}"`,
    );
    if (relation.ordinality) outputs.push('"_o"');
    const columns = outputs.map((sql, index) => `${sql} AS ${quoteIdent(names[index] ?? `_col${index}`)}`);
    const name = relation.alias ? ` AS ${quoteIdent(relation.alias.name.value)}` : '';
    return `LATERAL (SELECT ${columns.join(', ')} FROM (SELECT ${inner.join(', ')}))${name}`;
  }
}

function isYearToMonth(value: Expression): boolean {
  const literal = value.kind === 'unary' ? value.operand : value;
  return literal.kind === 'interval' && (literal.from === 'year' || literal.from === 'month');
}

function alias(value: Alias | undefined): string {
  if (!value) return '';
  const columns = value.columns.length > 0 ? `(${value.columns.map((c) => quoteIdent(c.value)).join(', ')})` : '';
  return ` AS ${quoteIdent(value.name.value)}${columns}`;
}
