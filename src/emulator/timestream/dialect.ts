/**
 * The lexical pass that lets DuckDB run Timestream SQL (docs/emulator.md, "Query support"):
 * interval literals (`5m`, `1h`, `100ms`, `2day`) become `INTERVAL '…'` — DuckDB would otherwise read
 * `1d` as `1 AS d` and answer wrongly — `current_timestamp` becomes `ts_now()`, and
 * `measure_value::double` becomes the quoted column `"measure_value::double"`. Strings, quoted
 * identifiers and comments are never touched. It also names Timestream functions the emulator cannot
 * run, so they are refused instead of answered wrongly.
 */

const INTERVAL =
  /^(\d+(?:\.\d+)?)(nanoseconds?|microseconds?|milliseconds?|seconds?|minutes?|hours?|days?|ns|us|ms|s|m|h|d)(?![A-Za-z0-9_])/i;
const UNIT: Readonly<Record<string, [string, number]>> = {
  ns: ['microseconds', 0.001],
  nanosecond: ['microseconds', 0.001],
  us: ['microseconds', 1],
  microsecond: ['microseconds', 1],
  ms: ['milliseconds', 1],
  millisecond: ['milliseconds', 1],
  s: ['seconds', 1],
  second: ['seconds', 1],
  m: ['minutes', 1],
  minute: ['minutes', 1],
  h: ['hours', 1],
  hour: ['hours', 1],
  d: ['days', 1],
  day: ['days', 1],
};

/**
 * Timestream functions with no faithful DuckDB equivalent here. Refused by name (ValidationException)
 * rather than risk a wrong answer.
 */
export const UNSUPPORTED_FUNCTIONS: ReadonlySet<string> = new Set([
  'create_time_series',
  'interpolate_linear',
  'interpolate_locf',
  'interpolate_fill',
  'interpolate_spline_cubic',
  'derivative_rate',
  'integral',
  'cumulative_sum',
  'date_format',
  'date_parse',
  'year_of_week',
  'parse_duration',
  'human_readable_seconds',
  'to_iso8601',
  'from_iso8601_timestamp',
  'from_iso8601_date',
  'at_timezone',
  'with_timezone',
]);

export type Token =
  | { readonly kind: 'space' | 'comment' | 'string' | 'quoted' | 'number' | 'symbol'; readonly text: string }
  | { readonly kind: 'word'; readonly text: string }
  | { readonly kind: 'interval'; readonly text: string; readonly sql: string };

/** Splits SQL into tokens, recognising interval literals where an identifier or number could not start. */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < sql.length) {
    const rest = sql.slice(index);
    const char = sql[index]!;
    let match: RegExpExecArray | null;
    if (/\s/.test(char)) {
      match = /^\s+/.exec(rest)!;
      tokens.push({ kind: 'space', text: match[0] });
    } else if (rest.startsWith('--')) {
      const end = rest.indexOf('\n');
      tokens.push({ kind: 'comment', text: end < 0 ? rest : rest.slice(0, end) });
    } else if (rest.startsWith('/*')) {
      const end = rest.indexOf('*/', 2);
      tokens.push({ kind: 'comment', text: end < 0 ? rest : rest.slice(0, end + 2) });
    } else if (char === "'" || char === '"') {
      // '' and "" inside escape the quote.
      let end = 1;
      for (;;) {
        const next = rest.indexOf(char, end);
        if (next < 0) {
          end = rest.length;
          break;
        }
        if (rest[next + 1] === char) {
          end = next + 2;
          continue;
        }
        end = next + 1;
        break;
      }
      tokens.push({ kind: char === "'" ? 'string' : 'quoted', text: rest.slice(0, end) });
    } else if (/[0-9]/.test(char) && !isIdentifierTail(tokens.at(-1)) && (match = INTERVAL.exec(rest))) {
      tokens.push({ kind: 'interval', text: match[0], sql: intervalSql(match[1]!, match[2]!) });
    } else if (/[0-9]/.test(char) || (char === '.' && /[0-9]/.test(sql[index + 1] ?? ''))) {
      match = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?[A-Za-z0-9_]*/.exec(rest)!;
      tokens.push({ kind: 'number', text: match[0] });
    } else if (/[A-Za-z_]/.test(char)) {
      match = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(rest)!;
      tokens.push({ kind: 'word', text: match[0] });
    } else {
      tokens.push({ kind: 'symbol', text: rest.startsWith('::') ? '::' : char });
    }
    index += tokens.at(-1)!.text.length;
  }
  return tokens;
}

function isIdentifierTail(token: Token | undefined): boolean {
  return token?.kind === 'word' || token?.kind === 'number' || token?.kind === 'quoted';
}

function intervalSql(amount: string, unitText: string): string {
  const lower = unitText.toLowerCase();
  // Short units first: `ms` is milliseconds, not the plural of `m`.
  const [sqlUnit, factor] = UNIT[lower] ?? UNIT[lower.replace(/s$/, '')]!;
  // DuckDB intervals are microsecond-precise: nanoseconds floor to microseconds.
  const value = factor === 1 ? amount : String(Math.floor(Number(amount) * factor));
  return `INTERVAL '${value} ${sqlUnit}'`;
}

export interface Rewritten {
  readonly sql: string;
  /** Lower-cased names of functions called in the query (`name(`), for support checks. */
  readonly functions: ReadonlySet<string>;
}

export function rewriteTimestreamSql(sql: string): Rewritten {
  const tokens = tokenize(sql);
  const functions = new Set<string>();
  const out: string[] = [];
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index]!;
    if (token.kind === 'interval') {
      out.push(token.sql);
      continue;
    }
    if (token.kind === 'word') {
      const lower = token.text.toLowerCase();
      const next = nextSignificant(tokens, index);
      if (next?.token.text === '(') functions.add(lower);
      if (lower === 'current_timestamp' && next?.token.text !== '(') {
        out.push('ts_now()');
        continue;
      }
      if (lower === 'measure_value' && next?.token.text === '::') {
        const type = nextSignificant(tokens, next.index);
        if (type?.token.kind === 'word') {
          out.push(`"measure_value::${type.token.text.toLowerCase()}"`);
          index = type.index;
          continue;
        }
      }
    }
    out.push(token.text);
  }
  return { sql: out.join(''), functions };
}

function nextSignificant(tokens: readonly Token[], from: number): { token: Token; index: number } | undefined {
  for (let index = from + 1; index < tokens.length; index += 1) {
    const token = tokens[index]!;
    if (token.kind !== 'space' && token.kind !== 'comment') return { token, index };
  }
  return undefined;
}

/** The first function the query calls that the emulator refuses, if any. */
export function firstUnsupportedFunction(functions: ReadonlySet<string>): string | undefined {
  for (const name of functions) if (UNSUPPORTED_FUNCTIONS.has(name)) return name;
  return undefined;
}
