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

function scalar(valueSql: string): string {
  return `'{"ScalarValue":"' || ${valueSql} || '"}'`;
}

/** SQL producing the Datum JSON for one column, or undefined when the type needs the JavaScript path. */
function datumSql(column: string, type: DuckDBType): string | undefined {
  let datum: string;
  switch (type.typeId) {
    case DuckDBTypeId.VARCHAR:
      datum = `'{"ScalarValue":' || to_json(${column})::VARCHAR || '}'`;
      break;
    case DuckDBTypeId.BOOLEAN:
      datum = scalar(`CASE WHEN ${column} THEN 'true' ELSE 'false' END`);
      break;
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
      datum = scalar(`${column}::VARCHAR`);
      break;
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.DECIMAL: {
      const value = `${column}::DOUBLE`;
      datum = scalar(
        `CASE WHEN ${value} = 0 AND NOT signbit(${value}) THEN '0.0' WHEN abs(${value}) >= 0.001 AND abs(${value}) < 10000000 THEN ${value}::VARCHAR ELSE '${DOUBLE_MARK}' || ${value}::VARCHAR END`,
      );
      break;
    }
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
    case DuckDBTypeId.TIMESTAMP_TZ:
      datum = scalar(`strftime(${column}::TIMESTAMP, '%Y-%m-%d %H:%M:%S.%n')`);
      break;
    case DuckDBTypeId.DATE:
      datum = scalar(`strftime(${column}, '%Y-%m-%d')`);
      break;
    default:
      return undefined;
  }
  return `CASE WHEN ${column} IS NULL THEN ${NULL_DATUM} ELSE ${datum} END`;
}

/**
 * Wraps a query so it returns one VARCHAR per row: the Row JSON. Undefined when some column needs the
 * JavaScript formatter. Columns are renamed by position, so duplicate or odd names do not matter.
 */
export function rowJsonSql(sql: string, types: readonly DuckDBType[]): string | undefined {
  const aliases = types.map((_, index) => `c${index}`);
  const datums = types.map((type, index) => datumSql(`q.${quoteIdent(aliases[index]!)}`, type));
  if (datums.some((datum) => datum === undefined)) return undefined;
  if (datums.length === 0) return undefined;
  return `SELECT '{"Data":[' || concat_ws(',', ${datums.join(', ')}) || ']}' FROM (${sql}\n) AS q(${aliases.map(quoteIdent).join(', ')})`;
}

// eslint-disable-next-line no-control-regex -- the mark is a control character on purpose (see DOUBLE_MARK)
const MARKED_DOUBLE = /\u0001([^"]*)/g;

/** Finishes the doubles DuckDB marked (Java notation for very large/small values, NaN, ±Infinity). */
export function finishRowJson(row: string): string {
  if (!row.includes(DOUBLE_MARK)) return row;
  return row.replace(MARKED_DOUBLE, (_, raw: string) => formatDouble(raw === 'inf' ? Infinity : raw === '-inf' ? -Infinity : Number(raw)));
}
