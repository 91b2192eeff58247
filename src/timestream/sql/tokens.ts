/**
 * Splits Timestream SQL into tokens, each with its place in the text (for error positions and the
 * advisor's spans). Timestream's own lexical forms are tokens here, not rewrites: duration literals
 * (`5m`, `1h`, `100ms`, `2day` — https://docs.aws.amazon.com/timestream/latest/developerguide/date-time-operators.html)
 * and `measure_value::<type>` columns. Comments and whitespace are dropped.
 */
import { SqlSyntaxError } from './syntax-error.ts';

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'duration' | 'symbol' | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** The text as written. */
  readonly text: string;
  /** The value: identifiers unquoted, strings unescaped; for words, the text. */
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

/** A number directly followed by a unit (Timestream's duration literal). */
const DURATION =
  /^(\d+(?:\.\d+)?)(nanoseconds?|microseconds?|milliseconds?|seconds?|minutes?|hours?|days?|ns|us|ms|s|m|h|d)(?![A-Za-z0-9_])/i;
const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;
const WORD = /^[A-Za-z_][A-Za-z0-9_]*/;
const SYMBOLS = ['<>', '!=', '<=', '>=', '||', '->', '::', '=>'];

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  const push = (kind: TokenKind, text: string, value = text) => {
    tokens.push({ kind, text, value, start: index, end: index + text.length });
    index += text.length;
  };
  while (index < sql.length) {
    const rest = sql.slice(index);
    const char = sql[index]!;
    let match: RegExpExecArray | null;
    if (/\s/.test(char)) {
      index += /^\s+/.exec(rest)![0].length;
    } else if (rest.startsWith('--')) {
      const end = rest.indexOf('\n');
      index += end < 0 ? rest.length : end;
    } else if (rest.startsWith('/*')) {
      const end = rest.indexOf('*/', 2);
      if (end < 0) throw new SqlSyntaxError(sql, index, 'the comment is not closed');
      index += end + 2;
    } else if (char === "'" || char === '"') {
      const text = quotedText(sql, index, char);
      push(char === "'" ? 'string' : 'quoted', text, text.slice(1, -1).replaceAll(char + char, char));
    } else if (/[0-9]/.test(char) && (match = DURATION.exec(rest))) {
      push('duration', match[0]);
    } else if ((match = NUMBER.exec(rest))) {
      if (/^[A-Za-z_]/.test(rest.slice(match[0].length)))
        throw new SqlSyntaxError(
          sql,
          index,
          `'${rest.slice(0, match[0].length + 1)}…' is neither a number nor a duration`,
        );
      push('number', match[0]);
    } else if ((match = WORD.exec(rest))) {
      push('word', match[0]);
    } else {
      const symbol = SYMBOLS.find((candidate) => rest.startsWith(candidate)) ?? char;
      if (!/^[-+*/%(),.;=<>[\]|!:?{}]|^<>|^!=|^<=|^>=|^\|\||^->|^::|^=>/.test(symbol))
        throw new SqlSyntaxError(sql, index, `unexpected character '${char}'`);
      push('symbol', symbol);
    }
  }
  tokens.push({ kind: 'end', text: '', value: '', start: sql.length, end: sql.length });
  return tokens;
}

/** A quoted string or identifier; a doubled quote inside escapes it. */
function quotedText(sql: string, start: number, quote: string): string {
  let index = start + 1;
  for (;;) {
    const next = sql.indexOf(quote, index);
    if (next < 0)
      throw new SqlSyntaxError(
        sql,
        start,
        quote === "'" ? 'the string is not closed' : 'the quoted name is not closed',
      );
    if (sql[next + 1] === quote) {
      index = next + 2;
      continue;
    }
    return sql.slice(start, next + 1);
  }
}
