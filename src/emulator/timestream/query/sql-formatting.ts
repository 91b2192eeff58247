/**
 * The fast path of result formatting: DuckDB itself renders each row as the JSON text of a Timestream
 * Row (`{"Data":[{"ScalarValue":"…"},…]}`), so no per-value JavaScript runs. Used when every column is a
 * plain scalar; lists, structs, intervals and times go through result-format.ts instead.
 * Doubles outside Java's plain-notation range (and NaN/∞) are marked and finished in JavaScript,
 * because Timestream prints them as Java does (`1.0E7`).
 */
import { DuckDBTypeId, type DuckDBType } from '@duckdb/node-api';
import { quoteIdent } from '../engine.ts';
import { formatDouble } from './result-format.ts';

const NULL_DATUM = `'{"NullValue":true}'`;
/** Marks a double that JavaScript must re-format (a control character cannot appear in DuckDB's number text). */
const DOUBLE_MARK = '\u0001';

/** `{"ScalarValue":"…"}` around a value whose text needs no JSON escaping. */
function quoted(valueSql: string): string[] {
  return [`'{"ScalarValue":"'`, valueSql, `'"}'`];
}

/**
 * The pieces that `concat` joins into the Datum JSON of one non-NULL value, or undefined when the
 * type needs the JavaScript path.
 */
function datumPieces(column: string, type: DuckDBType): string[] | undefined {
  switch (type.typeId) {
    case DuckDBTypeId.VARCHAR:
      return [`'{"ScalarValue":'`, `to_json(${column})::VARCHAR`, `'}'`];
    case DuckDBTypeId.BOOLEAN:
      return quoted(`CASE WHEN ${column} THEN 'true' ELSE 'false' END`);
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.UHUGEINT:
      return quoted(`${column}::VARCHAR`);
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.DECIMAL: {
      const value = `${column}::DOUBLE`;
      return quoted(
        `CASE WHEN ${value} = 0 AND NOT signbit(${value}) THEN '0.0' WHEN abs(${value}) >= 0.001 AND abs(${value}) < 10000000 THEN ${value}::VARCHAR ELSE '${DOUBLE_MARK}' || ${value}::VARCHAR END`,
      );
    }
    case DuckDBTypeId.TIMESTAMP_NS:
      // Kept as nanoseconds (from_nanoseconds): %n prints all nine digits of a TIMESTAMP_NS.
      return quoted(`strftime(${column}, '%Y-%m-%d %H:%M:%S.%n')`);
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return quoted(`strftime(${column}::TIMESTAMP, '%Y-%m-%d %H:%M:%S.%n')`);
    case DuckDBTypeId.DATE:
      return quoted(`strftime(${column}, '%Y-%m-%d')`);
    default:
      return undefined;
  }
}

/** Rows per block: fewer, longer strings cross from DuckDB to JavaScript (measured best of 64–1024). */
export const ROWS_PER_BLOCK = 256;
/** How every row but the first of a block starts. A string value cannot hold it: its quotes are escaped. */
const ROW_SEPARATOR = ',{"Data":[';

/** The query wrapped to answer Row JSON: one row per row, or rows joined in blocks. */
export interface RowJsonQueries {
  readonly perRow: string;
  readonly inBlocks: string;
}

/**
 * Wraps a query so it returns the Row JSON of its rows, either one VARCHAR per row or joined by commas
 * in blocks of up to 256 rows in the query's order. Undefined when some column needs the JavaScript
 * formatter. Columns are renamed by position, so duplicate or odd names do not matter.
 * - A row without NULLs — the usual case — is one `concat` of all its pieces; only rows holding a NULL
 *   take the per-column CASE (DuckDB evaluates a CASE branch only for the rows that select it).
 * - Blocks, because reading each string out of DuckDB has a fixed cost: 10,000 rows of SQL2's answer
 *   took ≈ 11 ms one by one. `row_number() OVER ()` numbers rows in the order they arrive, which DuckDB
 *   documents as order-preserving, and each block aggregates in that order. The window and the
 *   aggregate cost a small query about as much as it saves, so the caller picks per query.
 * Together these took the emulator's SQL2 path from ≈ 35 to ≈ 25 ms (bench:emulator breakdown).
 */
export function rowJsonQueries(sql: string, types: readonly DuckDBType[]): RowJsonQueries | undefined {
  if (types.length === 0) return undefined;
  const columns = types.map((_, index) => `q.${quoteIdent(`c${index}`)}`);
  const pieces = types.map((type, index) => datumPieces(columns[index]!, type));
  if (pieces.some((each) => each === undefined)) return undefined;
  const complete = pieces as string[][];
  const whole = `concat('{"Data":[', ${complete.map((each) => each.join(', ')).join(`, ',', `)}, ']}')`;
  const withNulls = `'{"Data":[' || concat_ws(',', ${complete.map((each, index) => `CASE WHEN ${columns[index]} IS NULL THEN ${NULL_DATUM} ELSE concat(${each.join(', ')}) END`).join(', ')}) || ']}'`;
  const anyNull = columns.map((column) => `${column} IS NULL`).join(' OR ');
  const rowJson = `CASE WHEN ${anyNull} THEN ${withNulls} ELSE ${whole} END`;
  const source = `(${sql}\n) AS q(${types.map((_, index) => quoteIdent(`c${index}`)).join(', ')})`;
  const block = `(row_index - 1) // ${ROWS_PER_BLOCK}`;
  return {
    perRow: `SELECT ${rowJson} FROM ${source}`,
    inBlocks: `SELECT string_agg(row_json, ',' ORDER BY row_index) FROM (SELECT ${rowJson} AS row_json, row_number() OVER () AS row_index FROM ${source}) GROUP BY ${block} ORDER BY ${block}`,
  };
}

/** The rows of one block, each finished (see finishRowJson). */
export function rowsOfBlock(block: string): string[] {
  const rows: string[] = [];
  let from = 0;
  for (let at = block.indexOf(ROW_SEPARATOR); at >= 0; at = block.indexOf(ROW_SEPARATOR, from)) {
    rows.push(finishRowJson(block.slice(from, at)));
    from = at + 1;
  }
  rows.push(finishRowJson(block.slice(from)));
  return rows;
}

// eslint-disable-next-line no-control-regex -- the mark is a control character on purpose (see DOUBLE_MARK)
const MARKED_DOUBLE = /\u0001([^"]*)/g;

/** Finishes the doubles DuckDB marked (Java notation for very large/small values, NaN, ±Infinity). */
export function finishRowJson(row: string): string {
  if (!row.includes(DOUBLE_MARK)) return row;
  return row.replace(MARKED_DOUBLE, (_, raw: string) =>
    formatDouble(raw === 'inf' ? Infinity : raw === '-inf' ? -Infinity : Number(raw)),
  );
}
