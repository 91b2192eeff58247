/**
 * Date and time functions (https://docs.aws.amazon.com/timestream/latest/developerguide/date-time-functions.html).
 * Timestream is UTC only; weeks and days of the week are ISO (Monday = 1), date_diff counts whole
 * units elapsed (DuckDB's date_diff counts boundaries crossed, its date_sub whole units), bin() is
 * aligned to the epoch, and durations like `1h` are day-to-second intervals.
 */
import { TranslationError } from '../translation-error.ts';
import { jodaToStrftime, mysqlToStrftime } from './datetime-patterns.ts';
import { refused, scalar, type CallPrinter, type FunctionSpec, type Translate } from './function-spec.ts';

const UNIT_FUNCTIONS: Readonly<Record<string, string>> = {
  millisecond: 'ts_milliseconds_interval',
  second: 'to_seconds',
  minute: 'to_minutes',
  hour: 'to_hours',
  day: 'to_days',
  week: 'to_weeks',
  month: 'to_months',
  quarter: 'ts_quarters_interval',
  year: 'to_years',
};

/** A pattern argument turned from Timestream's language into strftime's, which needs it written out. */
function pattern(
  kind: 'mysql' | 'joda',
): (args: readonly string[], call: Parameters<Translate>[1], printer: CallPrinter) => string {
  return (_args, call, printer) => {
    const text = printer.literal(call.args[1]!);
    if (text === undefined)
      throw new TranslationError(`${call.name} needs its pattern written as a string literal in the tcu-bot emulator.`);
    const converted = kind === 'mysql' ? mysqlToStrftime(text) : jodaToStrftime(text);
    return `'${converted.replace(/'/g, "''")}'`;
  };
}

const extraction = (name: string, how: string | Translate = name, note = '') => scalar(name, 'datetime', 1, how, note);

export const DATETIME_FUNCTIONS: readonly FunctionSpec[] = [
  scalar('now', 'datetime', 0, () => 'ts_now()'),
  scalar('current_timezone', 'datetime', 0, () => "'UTC'"),
  scalar('date', 'datetime', 1, ([x]) => `CAST(${x} AS DATE)`),
  scalar('last_day_of_month', 'datetime', 1, 'last_day'),
  scalar(
    'from_iso8601_timestamp',
    'datetime',
    1,
    ([s]) => `CAST(CAST(${s} AS TIMESTAMPTZ) AS TIMESTAMP)`,
    'Offsets are applied; the answer is in UTC.',
  ),
  scalar('from_iso8601_date', 'datetime', 1, ([s]) => `CAST(${s} AS DATE)`),
  scalar(
    'to_iso8601',
    'datetime',
    1,
    ([x]) =>
      `CASE WHEN typeof(${x}) = 'DATE' THEN strftime(${x}, '%Y-%m-%d') ELSE strftime(${x}, '%Y-%m-%dT%H:%M:%S.%f') || '000Z' END`,
    'Timestamps with nine fractional digits and Z (assumed from Timestream’s nanosecond timestamps).',
  ),
  scalar('from_unixtime', 'datetime', 1, ([x]) => `make_timestamp(CAST(round(CAST(${x} AS DOUBLE) * 1e6) AS BIGINT))`),
  scalar('to_unixtime', 'datetime', 1, ([t]) => `(epoch_us(${t}) / 1e6)`),
  scalar('from_milliseconds', 'datetime', 1, ([x]) => `make_timestamp(CAST(${x} AS BIGINT) * 1000)`),
  scalar('to_milliseconds', 'datetime', 1, ([x]) => `(epoch_us(${x}) // 1000)`, 'Of a timestamp or an interval.'),
  scalar(
    'from_nanoseconds',
    'datetime',
    1,
    ([x]) => `make_timestamp_ns(CAST(${x} AS BIGINT))`,
    'Keeps the nanoseconds.',
  ),
  scalar('to_nanoseconds', 'datetime', 1, ([x]) => `ts_to_nanoseconds(${x})`, 'Of a timestamp or an interval.'),
  scalar('date_trunc', 'datetime', 2),
  scalar('date_add', 'datetime', 3, ([unit, n, t], call, printer) => {
    const literal = printer.literal(call.args[0]!)?.toLowerCase();
    const to = literal === undefined ? undefined : UNIT_FUNCTIONS[literal];
    if (literal !== undefined && !to) throw new TranslationError(`date_add does not know the unit '${literal}'.`);
    return to ? `(${t} + ${to}(CAST(${n} AS BIGINT)))` : `ts_date_add(${unit}, ${n}, ${t})`;
  }),
  scalar(
    'date_diff',
    'datetime',
    3,
    ([unit, a, b]) => `date_sub(${unit}, ${a}, ${b})`,
    'Whole units elapsed (DuckDB’s date_sub).',
  ),
  scalar('parse_duration', 'datetime', 1, 'ts_parse_duration'),
  scalar('human_readable_seconds', 'datetime', 1, 'ts_human_readable_seconds'),
  scalar(
    'bin',
    'datetime',
    2,
    ([t, i]) => `time_bucket(${i}, ${t}, TIMESTAMP '1970-01-01 00:00:00')`,
    'Aligned to the epoch (DuckDB’s default origin is 2000-01-03).',
  ),
  scalar('ago', 'datetime', 1, ([i]) => `(ts_now() - ${i})`),
  scalar(
    'date_format',
    'datetime',
    2,
    (args, call, printer) => `strftime(${args[0]}, ${pattern('mysql')(args, call, printer)})`,
    'MySQL-style specifiers, converted.',
  ),
  scalar(
    'date_parse',
    'datetime',
    2,
    (args, call, printer) => `strptime(${args[0]}, ${pattern('mysql')(args, call, printer)})`,
    'MySQL-style specifiers, converted.',
  ),
  scalar(
    'format_datetime',
    'datetime',
    2,
    (args, call, printer) => `strftime(${args[0]}, ${pattern('joda')(args, call, printer)})`,
    'Joda patterns, converted.',
  ),
  scalar(
    'parse_datetime',
    'datetime',
    2,
    (args, call, printer) => `strptime(${args[0]}, ${pattern('joda')(args, call, printer)})`,
    'Joda patterns, converted.',
  ),
  extraction('day'),
  extraction('day_of_month', 'day'),
  extraction('day_of_week', 'isodow', 'ISO: Monday = 1.'),
  extraction('dow', 'isodow', 'ISO: Monday = 1.'),
  extraction('day_of_year', 'dayofyear'),
  extraction('doy', 'dayofyear'),
  extraction('hour'),
  extraction('minute'),
  extraction('second'),
  extraction(
    'millisecond',
    ([x]) => `(millisecond(${x}) % 1000)`,
    'Within the second (DuckDB’s counts the seconds too).',
  ),
  extraction('month'),
  extraction('quarter'),
  extraction('week', 'weekofyear', 'ISO week.'),
  extraction('week_of_year', 'weekofyear', 'ISO week.'),
  extraction('year'),
  extraction('year_of_week', 'isoyear'),
  extraction('yow', 'isoyear'),
  refused(
    'at_timezone',
    'datetime',
    'Timestream for LiveAnalytics is UTC only; the emulator answers in UTC and refuses zone conversions.',
  ),
  refused(
    'with_timezone',
    'datetime',
    'Timestream for LiveAnalytics is UTC only; the emulator answers in UTC and refuses zone conversions.',
  ),
];

/** EXTRACT(field FROM x): the field's extraction function. */
export const EXTRACT_FIELDS: Readonly<Record<string, string>> = {
  year: 'year',
  quarter: 'quarter',
  month: 'month',
  week: 'week',
  day: 'day',
  day_of_month: 'day_of_month',
  day_of_week: 'day_of_week',
  dow: 'dow',
  day_of_year: 'day_of_year',
  doy: 'doy',
  year_of_week: 'year_of_week',
  yow: 'yow',
  hour: 'hour',
  minute: 'minute',
  second: 'second',
  millisecond: 'millisecond',
};
