/**
 * DuckDB results in Timestream's wire shapes: every scalar a string, NULL as `{"NullValue":true}`,
 * timestamps `YYYY-MM-DD HH:MM:SS.nnnnnnnnn` in UTC, doubles as Java prints them (`1.0`, `1.0E-5`),
 * lists as ArrayValue, structs as RowValue, and ColumnInfo with Timestream type names
 * (https://docs.aws.amazon.com/timestream/latest/developerguide/API_query_Datum.html).
 * Rows are serialized to JSON text once, so pages are assembled by concatenation.
 */
import {
  type DuckDBDateValue,
  type DuckDBIntervalValue,
  type DuckDBListValue,
  type DuckDBStructValue,
  type DuckDBTimestampNanosecondsValue,
  type DuckDBTimestampValue,
  DuckDBTypeId,
  type DuckDBListType,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';

export interface ColumnType {
  readonly ScalarType?: string;
  readonly ArrayColumnInfo?: { readonly Type: ColumnType };
  readonly TimeSeriesMeasureValueColumnInfo?: { readonly Type: ColumnType };
  readonly RowColumnInfo?: readonly { readonly Name: string; readonly Type: ColumnType }[];
}

export interface ColumnInfo {
  readonly Name: string;
  readonly Type: ColumnType;
}

type Formatter = (value: DuckDBValue) => string;

export function columnTypeOf(type: DuckDBType): ColumnType {
  const series = timeSeriesValueType(type);
  if (series) return { TimeSeriesMeasureValueColumnInfo: { Type: columnTypeOf(series) } };
  switch (type.typeId) {
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
      return { ArrayColumnInfo: { Type: columnTypeOf((type as DuckDBListType).valueType) } };
    case DuckDBTypeId.STRUCT: {
      const struct = type;
      return {
        RowColumnInfo: struct.entryNames.map((name, index) => ({
          Name: name,
          Type: columnTypeOf(struct.entryTypes[index]!),
        })),
      };
    }
    default:
      return { ScalarType: scalarTypeName(type.typeId) };
  }
}

function scalarTypeName(typeId: DuckDBTypeId): string {
  switch (typeId) {
    case DuckDBTypeId.BOOLEAN:
      return 'BOOLEAN';
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
      return 'INTEGER';
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.UHUGEINT:
      return 'BIGINT';
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.DECIMAL:
      return 'DOUBLE';
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return 'TIMESTAMP';
    case DuckDBTypeId.DATE:
      return 'DATE';
    case DuckDBTypeId.TIME:
    case DuckDBTypeId.TIME_TZ:
      return 'TIME';
    case DuckDBTypeId.INTERVAL:
      return 'INTERVAL_DAY_TO_SECOND';
    case DuckDBTypeId.SQLNULL:
      return 'UNKNOWN';
    default:
      return 'VARCHAR';
  }
}

/** Java's Double.toString, which Timestream's answers follow: `1.0`, `0.001`, `1.0E7`, `1.5E-4`. */
export function formatDouble(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    const text = String(value);
    return text.includes('.') ? text : `${text}.0`;
  }
  const [mantissa, exponent] = value.toExponential().split('e') as [string, string];
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

/** `2025-05-28 09:59:59.999000000` from epoch microseconds. */
export function formatTimestampMicros(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const iso = new Date(ms).toISOString();
  const fraction = String(((micros % 1_000_000) + 1_000_000) % 1_000_000).padStart(6, '0');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${fraction}000`;
}

/** `2025-05-28 09:59:59.999123456` from epoch nanoseconds (from_nanoseconds keeps all nine digits). */
export function formatTimestampNanos(nanos: bigint): string {
  const micros = nanos / 1000n - (nanos % 1000n < 0n ? 1n : 0n);
  const rest = nanos - micros * 1000n;
  return `${formatTimestampMicros(Number(micros)).slice(0, -3)}${rest.toString().padStart(3, '0')}`;
}

function formatInterval(value: DuckDBIntervalValue): string {
  const totalMicros = BigInt(value.days) * 86_400_000_000n + value.micros;
  const negative = totalMicros < 0n;
  let rest = negative ? -totalMicros : totalMicros;
  const days = rest / 86_400_000_000n;
  rest %= 86_400_000_000n;
  const hours = rest / 3_600_000_000n;
  rest %= 3_600_000_000n;
  const minutes = rest / 60_000_000n;
  rest %= 60_000_000n;
  const seconds = rest / 1_000_000n;
  const micros = rest % 1_000_000n;
  const pad = (n: bigint, width = 2) => n.toString().padStart(width, '0');
  const months = value.months !== 0 ? `${value.months} months ` : '';
  return `${negative ? '-' : ''}${months}${days} ${pad(hours)}:${pad(minutes)}:${pad(seconds)}.${pad(micros, 6)}000`;
}

function scalarFormatter(typeId: DuckDBTypeId): Formatter {
  switch (typeId) {
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
      return (value) => formatDouble(value as number);
    case DuckDBTypeId.DECIMAL:
      return (value) => formatDouble(Number(String(value)));
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return (value) => formatTimestampMicros(Number((value as DuckDBTimestampValue).micros));
    case DuckDBTypeId.TIMESTAMP_NS:
      return (value) => formatTimestampNanos((value as DuckDBTimestampNanosecondsValue).nanos);
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
      // These value classes print ISO-like text; normalise through the microsecond path.
      return (value) => formatTimestampMicros(Date.parse(`${String(value).replace(' ', 'T')}Z`) * 1000);
    case DuckDBTypeId.DATE:
      return (value) => new Date((value as DuckDBDateValue).days * 86_400_000).toISOString().slice(0, 10);
    case DuckDBTypeId.INTERVAL:
      return (value) => formatInterval(value as DuckDBIntervalValue);
    case DuckDBTypeId.TIME:
    case DuckDBTypeId.TIME_TZ:
      return (value) =>
        `${String(value).slice(0, 8)}.${(String(value).split('.')[1] ?? '').padEnd(9, '0').slice(0, 9)}`;
    default:
      return (value) => String(value);
  }
}

const TIMESTAMPS: ReadonlySet<DuckDBTypeId> = new Set([
  DuckDBTypeId.TIMESTAMP,
  DuckDBTypeId.TIMESTAMP_NS,
  DuckDBTypeId.TIMESTAMP_MS,
  DuckDBTypeId.TIMESTAMP_S,
]);

/**
 * The value type of a TIMESERIES: how the emulator holds one (create_time_series) is a list of
 * rows of exactly a timestamp `time` and a `value`, in time order.
 */
function timeSeriesValueType(type: DuckDBType): DuckDBType | undefined {
  if (type.typeId !== DuckDBTypeId.LIST) return undefined;
  const item = type.valueType;
  if (item.typeId !== DuckDBTypeId.STRUCT) return undefined;
  const [time, value] = item.entryNames;
  if (item.entryNames.length !== 2 || time !== 'time' || value !== 'value') return undefined;
  return TIMESTAMPS.has(item.entryTypes[0]!.typeId) ? item.entryTypes[1] : undefined;
}

/** A function from a DuckDB value to the JSON text of a Timestream Datum. */
export function datumSerializer(type: DuckDBType): (value: DuckDBValue) => string {
  const series = timeSeriesValueType(type);
  if (series) {
    const item = (type as DuckDBListType).valueType as DuckDBType & { entryTypes: DuckDBType[] };
    const time = scalarFormatter(item.entryTypes[0]!.typeId);
    const measure = datumSerializer(series);
    return (value) => {
      if (value === null) return '{"NullValue":true}';
      const points = (value as DuckDBListValue).items.map((point) => {
        const { entries } = point as DuckDBStructValue;
        return `{"Time":${JSON.stringify(time(entries.time!))},"Value":${measure(entries.value ?? null)}}`;
      });
      return `{"TimeSeriesValue":[${points.join(',')}]}`;
    };
  }
  switch (type.typeId) {
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY: {
      const item = datumSerializer((type as DuckDBListType).valueType);
      return (value) =>
        value === null
          ? '{"NullValue":true}'
          : `{"ArrayValue":[${(value as DuckDBListValue).items.map(item).join(',')}]}`;
    }
    case DuckDBTypeId.STRUCT: {
      const struct = type;
      const fields = struct.entryNames.map(
        (name, index) => [name, datumSerializer(struct.entryTypes[index]!)] as const,
      );
      return (value) => {
        if (value === null) return '{"NullValue":true}';
        const entries = (value as DuckDBStructValue).entries;
        return `{"RowValue":{"Data":[${fields.map(([name, serialize]) => serialize(entries[name] ?? null)).join(',')}]}}`;
      };
    }
    case DuckDBTypeId.SQLNULL:
      return () => '{"NullValue":true}';
    default: {
      const format = scalarFormatter(type.typeId);
      return (value) => (value === null ? '{"NullValue":true}' : `{"ScalarValue":${JSON.stringify(format(value))}}`);
    }
  }
}

export interface SerializedResult {
  readonly columnInfo: ColumnInfo[];
  /** Each row as the JSON text of `{"Data":[…]}`. */
  readonly rows: string[];
}

export function serializeRows(
  names: readonly string[],
  types: readonly DuckDBType[],
  rows: readonly (readonly DuckDBValue[])[],
): SerializedResult {
  const serializers = types.map(datumSerializer);
  return {
    columnInfo: names.map((name, index) => ({ Name: name, Type: columnTypeOf(types[index]!) })),
    rows: rows.map((row) => `{"Data":[${row.map((value, index) => serializers[index]!(value)).join(',')}]}`),
  };
}
