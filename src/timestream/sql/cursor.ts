/** A position in the token list, with the small vocabulary the parsers read it with. */
import type { Identifier, Span } from './ast.ts';
import { SqlSyntaxError } from './syntax-error.ts';
import { tokenize, type Token } from './tokens.ts';

/**
 * Words that never name a column or alias (Timestream's reserved keywords that matter to the
 * grammar: https://docs.aws.amazon.com/timestream/latest/developerguide/ts-limits.html#limits.reserved).
 */
const RESERVED = new Set(
  (
    'all and as between by case cast cross distinct else end except exists false from full group having in inner ' +
    'order ' +
    'intersect is join lateral left like limit not null offset on or order outer right select then true union unnest ' +
    'using values when where with window fetch natural'
  ).split(' '),
);

export class Cursor {
  private readonly tokens: Token[];
  private index = 0;

  constructor(readonly sql: string) {
    this.tokens = tokenize(sql);
  }

  peek(ahead = 0): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)]!;
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index += 1;
    return token;
  }

  /** Where the last consumed token ended. */
  get lastEnd(): number {
    return this.index === 0 ? 0 : this.tokens[this.index - 1]!.end;
  }

  isWord(word: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'word' && token.value.toLowerCase() === word;
  }

  isSymbol(symbol: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'symbol' && token.value === symbol;
  }

  /** Consumes the keywords if all are next (`acceptWords('order', 'by')`). */
  acceptWords(...words: string[]): boolean {
    if (!words.every((word, offset) => this.isWord(word, offset))) return false;
    this.index += words.length;
    return true;
  }

  acceptSymbol(symbol: string): boolean {
    if (!this.isSymbol(symbol)) return false;
    this.index += 1;
    return true;
  }

  expectWords(...words: string[]): void {
    if (!this.acceptWords(...words)) throw this.error(`expected ${words.join(' ').toUpperCase()}`);
  }

  expectSymbol(symbol: string): void {
    if (!this.acceptSymbol(symbol)) throw this.error(`expected '${symbol}'`);
  }

  /** Whether the next token can be an identifier (a quoted name, or a word that is not reserved). */
  isIdentifier(ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'quoted' || (token.kind === 'word' && !RESERVED.has(token.value.toLowerCase()));
  }

  identifier(what = 'a name'): Identifier {
    if (!this.isIdentifier()) throw this.error(`expected ${what}`);
    const token = this.next();
    return { value: token.value, quoted: token.kind === 'quoted', start: token.start, end: token.end };
  }

  /** A syntax error at the next token, in Timestream's `line L:C:` form. */
  error(expected: string): SqlSyntaxError {
    const token = this.peek();
    const found = token.kind === 'end' ? 'the end of the query' : `'${token.text}'`;
    return new SqlSyntaxError(this.sql, token.start, `${expected}, found ${found}`);
  }

  span(start: number): Span {
    return { start, end: this.lastEnd };
  }
}
