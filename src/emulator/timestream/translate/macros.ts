/**
 * DuckDB macros behind the registry's translations, created once per engine (non-TEMP, so every
 * pooled connection sees them: https://duckdb.org/docs/stable/sql/statements/create_macro). Each is
 * named `ts_…` so it never shadows a DuckDB function a translation relies on.
 */
export const TIMESTREAM_MACROS: readonly string[] = [
  `CREATE OR REPLACE MACRO ts_now() AS coalesce(getvariable('ts_now'), CAST(get_current_timestamp() AS TIMESTAMP))`,
  `CREATE OR REPLACE MACRO ts_milliseconds_interval(n) AS to_microseconds(CAST(n AS BIGINT) * 1000)`,
  `CREATE OR REPLACE MACRO ts_quarters_interval(n) AS to_months(CAST(n AS BIGINT) * 3)`,
  `CREATE OR REPLACE MACRO ts_date_add(unit, n, t) AS t + CASE lower(unit)
      WHEN 'millisecond' THEN ts_milliseconds_interval(n) WHEN 'second' THEN to_seconds(CAST(n AS BIGINT))
      WHEN 'minute' THEN to_minutes(CAST(n AS BIGINT)) WHEN 'hour' THEN to_hours(CAST(n AS BIGINT))
      WHEN 'day' THEN to_days(CAST(n AS BIGINT)) WHEN 'week' THEN to_weeks(CAST(n AS BIGINT))
      WHEN 'month' THEN to_months(CAST(n AS BIGINT)) WHEN 'quarter' THEN ts_quarters_interval(n)
      WHEN 'year' THEN to_years(CAST(n AS BIGINT)) END`,
  `CREATE OR REPLACE MACRO ts_to_nanoseconds(x) AS CASE WHEN typeof(x) = 'INTERVAL' THEN epoch_us(x) * 1000 ELSE epoch_ns(x) END`,
  // '42.8ms' → INTERVAL; units as Timestream's parse_duration takes them.
  `CREATE OR REPLACE MACRO ts_parse_duration(s) AS to_microseconds(CAST(round(
      CAST(regexp_extract(trim(s), '^([0-9.]+)\\s*([a-z]+)$', 1) AS DOUBLE) * CASE regexp_extract(trim(s), '^([0-9.]+)\\s*([a-z]+)$', 2)
        WHEN 'ns' THEN 0.001 WHEN 'us' THEN 1 WHEN 'ms' THEN 1e3 WHEN 's' THEN 1e6 WHEN 'm' THEN 6e7
        WHEN 'h' THEN 3.6e9 WHEN 'd' THEN 8.64e10 END) AS BIGINT))`,
  `CREATE OR REPLACE MACRO ts_human_readable_seconds(x) AS array_to_string(list_filter([
      CASE WHEN x >= 604800 THEN CAST(x // 604800 AS BIGINT) || CASE WHEN x // 604800 = 1 THEN ' week' ELSE ' weeks' END END,
      CASE WHEN x % 604800 >= 86400 THEN CAST((x % 604800) // 86400 AS BIGINT) || CASE WHEN (x % 604800) // 86400 = 1 THEN ' day' ELSE ' days' END END,
      CASE WHEN x % 86400 >= 3600 THEN CAST((x % 86400) // 3600 AS BIGINT) || CASE WHEN (x % 86400) // 3600 = 1 THEN ' hour' ELSE ' hours' END END,
      CASE WHEN x % 3600 >= 60 THEN CAST((x % 3600) // 60 AS BIGINT) || CASE WHEN (x % 3600) // 60 = 1 THEN ' minute' ELSE ' minutes' END END,
      CASE WHEN CAST(round(x) AS BIGINT) % 60 > 0 OR x < 1 THEN CAST(round(x) AS BIGINT) % 60 || CASE WHEN CAST(round(x) AS BIGINT) % 60 = 1 THEN ' second' ELSE ' seconds' END END
    ], lambda p: p IS NOT NULL), ', ')`,
  `CREATE OR REPLACE MACRO ts_year_month_text(i) AS CAST(datepart('year', i) AS VARCHAR) || '-' || CAST(datepart('month', i) AS VARCHAR)`,
  `CREATE OR REPLACE MACRO ts_split_part(s, sep, n) AS CASE WHEN len(string_split(s, sep)) >= n THEN split_part(s, sep, n) END`,
  `CREATE OR REPLACE MACRO ts_split_limit(s, sep, n) AS CASE WHEN len(string_split(s, sep)) <= n THEN string_split(s, sep)
      ELSE list_append(list_slice(string_split(s, sep), 1, n - 1), array_to_string(list_slice(string_split(s, sep), n, len(string_split(s, sep))), sep)) END`,
  `CREATE OR REPLACE MACRO ts_strpos_instance(s, find, k) AS coalesce(list_sum(list_transform(
      list_slice(string_split(s, find), 1, k), lambda p: length(p))) + (k - 1) * length(find) + 1, 0) *
      CASE WHEN len(string_split(s, find)) > k THEN 1 ELSE 0 END`,
  `CREATE OR REPLACE MACRO ts_bit_count(x, bits) AS CASE WHEN bits >= 64 THEN bit_count(CAST(x AS BIGINT))
      ELSE bit_count(CAST(x AS BIGINT) & ((CAST(1 AS BIGINT) << bits) - 1)) END`,
  `CREATE OR REPLACE MACRO ts_cbrt(x) AS CASE WHEN round(cbrt(x)) * round(cbrt(x)) * round(cbrt(x)) = x
      THEN round(cbrt(x)) ELSE cbrt(x) END`,
  `CREATE OR REPLACE MACRO ts_regexp_extract(s, p, g) AS CASE WHEN regexp_matches(s, p) THEN regexp_extract(s, p, g) END`,
  `CREATE OR REPLACE MACRO ts_from_base(s, radix) AS list_reduce(list_transform(string_split(lower(s), ''),
      lambda c: CAST(strpos('0123456789abcdefghijklmnopqrstuvwxyz', c) - 1 AS BIGINT)), lambda acc, d: acc * radix + d, 0::BIGINT)`,
  `CREATE OR REPLACE MACRO ts_to_base(n, radix) AS CASE WHEN n = 0 THEN '0' ELSE (CASE WHEN n < 0 THEN '-' ELSE '' END) ||
      array_to_string(list_reverse(list_transform(list_filter(range(0, 64), lambda k: abs(n) >= pow(radix, k)),
      lambda k: substr('0123456789abcdefghijklmnopqrstuvwxyz', CAST((abs(n) // CAST(pow(radix, k) AS BIGINT)) % radix AS INTEGER) + 1, 1))), '') END`,
  // Interpolation at one time t, over a series in time order; NULL where the series cannot place t.
  `CREATE OR REPLACE MACRO ts_interpolate_locf(ts, t) AS list_filter(ts, lambda p: p.time <= t)[-1].value`,
  `CREATE OR REPLACE MACRO ts_interpolate_fill(ts, t, v) AS coalesce(list_filter(ts, lambda p: p.time = t)[1].value, v)`,
  `CREATE OR REPLACE MACRO ts_interpolate_linear(ts, t) AS CASE
      WHEN len(list_filter(ts, lambda p: p.time = t)) > 0 THEN CAST(list_filter(ts, lambda p: p.time = t)[1].value AS DOUBLE)
      WHEN len(list_filter(ts, lambda p: p.time < t)) > 0 AND len(list_filter(ts, lambda p: p.time > t)) > 0 THEN
        list_filter(ts, lambda p: p.time < t)[-1].value
        + (list_filter(ts, lambda p: p.time > t)[1].value - list_filter(ts, lambda p: p.time < t)[-1].value)
          * CAST(epoch_us(t) - epoch_us(list_filter(ts, lambda p: p.time < t)[-1].time) AS DOUBLE)
          / CAST(epoch_us(list_filter(ts, lambda p: p.time > t)[1].time) - epoch_us(list_filter(ts, lambda p: p.time < t)[-1].time) AS DOUBLE)
    END`,
];
