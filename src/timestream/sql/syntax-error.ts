/** A query Timestream's grammar does not accept, with Timestream's `line L:C:` position prefix. */
export class SqlSyntaxError extends Error {
  readonly line: number;
  readonly column: number;

  constructor(
    sql: string,
    readonly offset: number,
    readonly reason: string,
  ) {
    const before = sql.slice(0, offset).split('\n');
    const line = before.length;
    const column = before.at(-1)!.length + 1;
    super(`line ${line}:${column}: ${reason}`);
    this.name = 'SqlSyntaxError';
    this.line = line;
    this.column = column;
  }
}
