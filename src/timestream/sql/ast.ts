/**
 * The tree of a Timestream query (the SELECT grammar of
 * https://docs.aws.amazon.com/timestream/latest/developerguide/supported-sql-constructs.SELECT.html
 * and the expression forms of its function reference). Every node keeps the span of text it came
 * from, so the emulator can name what it refuses and the advisor can point at what it means.
 */

export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface Identifier extends Span {
  readonly value: string;
  readonly quoted: boolean;
}

export type Expression =
  | Literal
  | DurationLiteral
  | IntervalLiteral
  | TypedLiteral
  | ColumnRef
  | FunctionCall
  | SpecialValue
  | Unary
  | Binary
  | Between
  | InList
  | InQuery
  | Like
  | IsNull
  | IsDistinct
  | Case
  | Cast
  | Exists
  | ScalarQuery
  | Quantified
  | ArrayConstructor
  | RowConstructor
  | Subscript
  | FieldAccess
  | Lambda
  | Extract
  | AtTimeZone;

export interface Literal extends Span {
  readonly kind: 'literal';
  readonly type: 'string' | 'number' | 'boolean' | 'null';
  readonly value: string;
}

/** `5m`, `1.5h`, `100ms`: a day-to-second interval (Timestream's own form). */
export interface DurationLiteral extends Span {
  readonly kind: 'duration';
  readonly amount: string;
  readonly unit: 'nanosecond' | 'microsecond' | 'millisecond' | 'second' | 'minute' | 'hour' | 'day';
}

/** `INTERVAL '2' DAY`, `INTERVAL '1' YEAR TO MONTH`. */
export interface IntervalLiteral extends Span {
  readonly kind: 'interval';
  readonly sign: '' | '-';
  readonly value: string;
  readonly from: string;
  readonly to: string | undefined;
}

/** `TIMESTAMP '2024-01-01 00:00:00'`, `DATE '…'`, `TIME '…'`. */
export interface TypedLiteral extends Span {
  readonly kind: 'typed';
  readonly type: 'timestamp' | 'date' | 'time';
  readonly value: string;
}

/** A name, possibly qualified: `speed`, `t.speed`, `"measure_value::double"` (one part). */
export interface ColumnRef extends Span {
  readonly kind: 'column';
  readonly parts: readonly Identifier[];
}

export interface FunctionCall extends Span {
  readonly kind: 'call';
  /** Lower-cased. */
  readonly name: string;
  readonly nameSpan: Span;
  readonly args: readonly Expression[];
  readonly distinct: boolean;
  /** `count(*)`. */
  readonly star: boolean;
  readonly orderBy: readonly OrderItem[];
  readonly filter: Expression | undefined;
  readonly nulls: 'ignore' | 'respect' | undefined;
  readonly over: Window | undefined;
}

/** `current_timestamp`, `current_date`, `current_time`, `localtime`, `localtimestamp` (no parentheses). */
export interface SpecialValue extends Span {
  readonly kind: 'special';
  readonly name: 'current_timestamp' | 'current_date' | 'current_time' | 'localtime' | 'localtimestamp';
}

export interface Unary extends Span {
  readonly kind: 'unary';
  readonly op: '-' | '+' | 'not';
  readonly operand: Expression;
}

export type BinaryOperator = '+' | '-' | '*' | '/' | '%' | '||' | '=' | '<>' | '<' | '<=' | '>' | '>=' | 'and' | 'or';

export interface Binary extends Span {
  readonly kind: 'binary';
  readonly op: BinaryOperator;
  readonly left: Expression;
  readonly right: Expression;
}

export interface Between extends Span {
  readonly kind: 'between';
  readonly not: boolean;
  readonly value: Expression;
  readonly low: Expression;
  readonly high: Expression;
}

export interface InList extends Span {
  readonly kind: 'inList';
  readonly not: boolean;
  readonly value: Expression;
  readonly list: readonly Expression[];
}

export interface InQuery extends Span {
  readonly kind: 'inQuery';
  readonly not: boolean;
  readonly value: Expression;
  readonly query: Query;
}

export interface Like extends Span {
  readonly kind: 'like';
  readonly not: boolean;
  readonly value: Expression;
  readonly pattern: Expression;
  readonly escape: Expression | undefined;
}

export interface IsNull extends Span {
  readonly kind: 'isNull';
  readonly not: boolean;
  readonly value: Expression;
}

export interface IsDistinct extends Span {
  readonly kind: 'isDistinct';
  readonly not: boolean;
  readonly left: Expression;
  readonly right: Expression;
}

export interface Case extends Span {
  readonly kind: 'case';
  readonly operand: Expression | undefined;
  readonly whens: readonly { readonly when: Expression; readonly then: Expression }[];
  readonly else: Expression | undefined;
}

export interface TypeName extends Span {
  /** Lower-cased base name: `varchar`, `array`, `row`, `decimal`, `interval day to second`. */
  readonly name: string;
  readonly params: readonly (TypeName | number)[];
  /** Field names of a `row(...)`. */
  readonly fields: readonly (string | undefined)[];
}

export interface Cast extends Span {
  readonly kind: 'cast';
  readonly safe: boolean;
  readonly value: Expression;
  readonly type: TypeName;
}

export interface Exists extends Span {
  readonly kind: 'exists';
  readonly query: Query;
}

export interface ScalarQuery extends Span {
  readonly kind: 'subquery';
  readonly query: Query;
}

/** `x > ALL (SELECT …)`, `x = ANY (…)`. */
export interface Quantified extends Span {
  readonly kind: 'quantified';
  readonly op: BinaryOperator;
  readonly quantifier: 'all' | 'any' | 'some';
  readonly value: Expression;
  readonly query: Query;
}

export interface ArrayConstructor extends Span {
  readonly kind: 'array';
  readonly items: readonly Expression[];
}

export interface RowConstructor extends Span {
  readonly kind: 'row';
  readonly items: readonly Expression[];
}

export interface Subscript extends Span {
  readonly kind: 'subscript';
  readonly value: Expression;
  readonly index: Expression;
}

/** `(expr).field`, or `a.b` once `a` is known not to be a table. */
export interface FieldAccess extends Span {
  readonly kind: 'field';
  readonly value: Expression;
  readonly field: Identifier;
}

export interface Lambda extends Span {
  readonly kind: 'lambda';
  readonly params: readonly Identifier[];
  readonly body: Expression;
}

export interface Extract extends Span {
  readonly kind: 'extract';
  readonly field: string;
  readonly value: Expression;
}

export interface AtTimeZone extends Span {
  readonly kind: 'atTimeZone';
  readonly value: Expression;
  readonly zone: Expression;
}

export interface Window extends Span {
  readonly partitionBy: readonly Expression[];
  readonly orderBy: readonly OrderItem[];
  readonly frame: Frame | undefined;
}

export interface Frame {
  readonly units: 'rows' | 'range' | 'groups';
  readonly from: FrameBound;
  readonly to: FrameBound | undefined;
}

export interface FrameBound {
  readonly type: 'unbounded preceding' | 'unbounded following' | 'current row' | 'preceding' | 'following';
  readonly offset: Expression | undefined;
}

export interface OrderItem extends Span {
  readonly value: Expression;
  readonly descending: boolean;
  readonly nulls: 'first' | 'last' | undefined;
}

export interface Query extends Span {
  readonly kind: 'query';
  readonly with: readonly WithQuery[];
  readonly body: QueryBody;
  readonly orderBy: readonly OrderItem[];
  readonly offset: Expression | undefined;
  readonly limit: Expression | undefined;
}

export interface WithQuery extends Span {
  readonly name: Identifier;
  readonly columns: readonly Identifier[];
  readonly query: Query;
}

export type QueryBody = Select | SetOperation | ValuesBody | NestedQuery;

export interface Select extends Span {
  readonly kind: 'select';
  readonly distinct: boolean;
  readonly items: readonly SelectItem[];
  readonly from: readonly Relation[];
  readonly where: Expression | undefined;
  readonly groupBy: GroupBy | undefined;
  readonly having: Expression | undefined;
}

export type SelectItem =
  | (Span & { readonly kind: 'expression'; readonly value: Expression; readonly alias: Identifier | undefined })
  | (Span & { readonly kind: 'all'; readonly qualifier: readonly Identifier[] });

export interface GroupBy extends Span {
  readonly distinct: boolean;
  readonly elements: readonly GroupingElement[];
}

export type GroupingElement =
  | { readonly kind: 'expression'; readonly value: Expression }
  | { readonly kind: 'rollup' | 'cube'; readonly values: readonly Expression[] }
  | { readonly kind: 'sets'; readonly sets: readonly (readonly Expression[])[] };

export interface SetOperation extends Span {
  readonly kind: 'set';
  readonly op: 'union' | 'intersect' | 'except';
  readonly all: boolean;
  readonly left: QueryBody;
  readonly right: QueryBody;
}

export interface ValuesBody extends Span {
  readonly kind: 'values';
  readonly rows: readonly Expression[];
}

export interface NestedQuery extends Span {
  readonly kind: 'nested';
  readonly query: Query;
}

export interface Alias {
  readonly name: Identifier;
  readonly columns: readonly Identifier[];
}

export type Relation = TableRef | DerivedTable | Unnest | Join;

export interface TableRef extends Span {
  readonly kind: 'table';
  readonly name: readonly Identifier[];
  readonly alias: Alias | undefined;
}

/** `(SELECT …) AS t`, `(VALUES …) AS t(a, b)`, `LATERAL (…)`. */
export interface DerivedTable extends Span {
  readonly kind: 'derived';
  readonly lateral: boolean;
  readonly query: Query;
  readonly alias: Alias | undefined;
}

export interface Unnest extends Span {
  readonly kind: 'unnest';
  readonly args: readonly Expression[];
  readonly ordinality: boolean;
  readonly alias: Alias | undefined;
}

export interface Join extends Span {
  readonly kind: 'join';
  readonly type: 'inner' | 'left' | 'right' | 'full' | 'cross';
  readonly left: Relation;
  readonly right: Relation;
  readonly on: Expression | undefined;
  readonly using: readonly Identifier[];
}

/** The statements Timestream answers from its catalog. */
export type MetaStatement =
  | { readonly kind: 'showDatabases'; readonly like: string | undefined }
  | { readonly kind: 'showTables'; readonly database: string | undefined; readonly like: string | undefined }
  | {
      readonly kind: 'showMeasures';
      readonly database: string;
      readonly table: string;
      readonly like: string | undefined;
    }
  | { readonly kind: 'describe'; readonly database: string; readonly table: string };

export type Statement = Query | MetaStatement;
