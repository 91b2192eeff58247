/**
 * The conformance corpus: queries written for this project in the shapes published Timestream
 * queries take — the developer guide's examples (last point, binned averages, percentiles,
 * interpolation, time series), the AWS samples (amazon-timestream-tools sample_apps: DevOps hosts,
 * IoT trucks), Grafana's Timestream plugin (its macros expand to `time BETWEEN from_milliseconds(…)
 * AND from_milliseconds(…)` and `bin(time, <n>ms)`), and the JDBC/ODBC drivers' type tests (every
 * literal and result type). `plain` queries must run; `timeseries` ones run or are refused by name.
 */
import { DEVOPS, IOT } from './tables.ts';

export interface CorpusQuery {
  readonly id: string;
  readonly kind: 'plain' | 'timeseries';
  /** `{from}` and `{to}` become epoch milliseconds of the data's first and last minute (Grafana's time range). */
  readonly sql: string;
}

const q = (id: string, sql: string, kind: CorpusQuery['kind'] = 'plain'): CorpusQuery => ({ id, kind, sql });
const CPU = `measure_name = 'cpu_utilization'`;

export const CORPUS: readonly CorpusQuery[] = [
  // Catalog statements
  q('show-databases', 'SHOW DATABASES'),
  q('show-tables', 'SHOW TABLES FROM corpus'),
  q('show-tables-like', "SHOW TABLES FROM corpus LIKE 'Dev%'"),
  q('describe-devops', `DESCRIBE ${DEVOPS}`),
  q('describe-iot', `DESCRIBE ${IOT}`),
  q('show-measures', `SHOW MEASURES FROM ${DEVOPS}`),
  q('show-measures-like', `SHOW MEASURES FROM ${DEVOPS} LIKE 'cpu%'`),
  // Looking at the data
  q('select-star-devops', `SELECT * FROM ${DEVOPS} ORDER BY time DESC LIMIT 10`),
  q('select-star-iot', `SELECT * FROM ${IOT} ORDER BY time DESC, truck_id LIMIT 10`),
  q('count-all', `SELECT count(*) FROM ${DEVOPS}`),
  q(
    'count-by-measure',
    `SELECT measure_name, count(*) AS records FROM ${DEVOPS} GROUP BY measure_name ORDER BY measure_name`,
  ),
  q('distinct-hosts', `SELECT DISTINCT hostname FROM ${DEVOPS} ORDER BY hostname`),
  q('distinct-count', `SELECT count(DISTINCT hostname) AS hosts, count(DISTINCT region) AS regions FROM ${DEVOPS}`),
  q('time-range', `SELECT min(time) AS first, max(time) AS last FROM ${DEVOPS}`),
  // Last point
  q(
    'last-point',
    `SELECT hostname, measure_value::double AS cpu, time FROM ${DEVOPS} WHERE ${CPU} AND time > ago(15m) ORDER BY time DESC LIMIT 1`,
  ),
  q(
    'last-point-per-host-max-by',
    `SELECT hostname, max_by(measure_value::double, time) AS cpu, max(time) AS at FROM ${DEVOPS} WHERE ${CPU} AND time > ago(1h) GROUP BY hostname ORDER BY hostname`,
  ),
  q(
    'last-point-row-number',
    `SELECT hostname, cpu, time FROM (SELECT hostname, measure_value::double AS cpu, time, ROW_NUMBER() OVER (PARTITION BY hostname ORDER BY time DESC) AS rn FROM ${DEVOPS} WHERE ${CPU} AND time > ago(1h)) WHERE rn = 1 ORDER BY hostname`,
  ),
  q(
    'last-point-join-back',
    `WITH latest AS (SELECT hostname, max(time) AS t FROM ${DEVOPS} WHERE ${CPU} AND time > ago(1h) GROUP BY hostname) SELECT d.hostname, d.measure_value::double AS cpu FROM ${DEVOPS} d JOIN latest l ON d.hostname = l.hostname AND d.time = l.t WHERE d.${CPU} AND d.time > ago(1h) ORDER BY d.hostname`,
  ),
  q(
    'last-multi',
    `SELECT truck_id, max_by(speed, time) AS speed, max_by(location, time) AS location FROM ${IOT} WHERE time > ago(30m) GROUP BY truck_id ORDER BY truck_id`,
  ),
  // Binned aggregates (dashboards)
  q(
    'bin-5m-avg',
    `SELECT hostname, bin(time, 5m) AS binned, round(avg(measure_value::double), 2) AS avg_cpu FROM ${DEVOPS} WHERE ${CPU} AND time > ago(2h) GROUP BY hostname, bin(time, 5m) ORDER BY binned, hostname`,
  ),
  q(
    'bin-by-ordinal',
    `SELECT bin(time, 15m), max(measure_value::double) FROM ${DEVOPS} WHERE ${CPU} GROUP BY 1 ORDER BY 1`,
  ),
  q(
    'bin-multi',
    `SELECT fleet, bin(time, 10m) AS t, avg(speed) AS avg_speed, max(load) AS max_load FROM ${IOT} WHERE time > ago(2h) GROUP BY fleet, bin(time, 10m) ORDER BY t, fleet`,
  ),
  q(
    'grafana-time-filter',
    `SELECT hostname, bin(time, 60000ms) AS t, avg(measure_value::double) AS cpu FROM ${DEVOPS} WHERE time BETWEEN from_milliseconds({from}) AND from_milliseconds({to}) AND ${CPU} GROUP BY hostname, bin(time, 60000ms) ORDER BY t`,
  ),
  q(
    'grafana-raw',
    `SELECT time, measure_value::double AS cpu FROM ${DEVOPS} WHERE time BETWEEN from_milliseconds({from}) AND from_milliseconds({to}) AND hostname = 'host-a' AND ${CPU} ORDER BY time ASC`,
  ),
  q(
    'grafana-multi-measure',
    `SELECT truck_id, bin(time, 300000ms) AS t, avg(speed) AS speed, avg(fuel_reading) AS fuel FROM ${IOT} WHERE time BETWEEN from_milliseconds({from}) AND from_milliseconds({to}) GROUP BY truck_id, bin(time, 300000ms) ORDER BY truck_id, t`,
  ),
  q(
    'percentiles',
    `SELECT hostname, approx_percentile(measure_value::double, 0.5) AS p50, approx_percentile(measure_value::double, 0.9) AS p90, approx_percentile(measure_value::double, 0.99) AS p99 FROM ${DEVOPS} WHERE ${CPU} AND time > ago(2h) GROUP BY hostname ORDER BY hostname`,
  ),
  q(
    'stats',
    `SELECT hostname, min(measure_value::double), max(measure_value::double), avg(measure_value::double), stddev(measure_value::double), count(*) FROM ${DEVOPS} WHERE ${CPU} GROUP BY hostname ORDER BY hostname`,
  ),
  q(
    'above-fleet-average',
    `WITH per_host AS (SELECT hostname, avg(measure_value::double) AS cpu FROM ${DEVOPS} WHERE ${CPU} AND time > ago(1h) GROUP BY hostname), fleet AS (SELECT avg(cpu) AS cpu FROM per_host) SELECT h.hostname, h.cpu FROM per_host h CROSS JOIN fleet f WHERE h.cpu > f.cpu ORDER BY h.cpu DESC`,
  ),
  q(
    'having',
    `SELECT hostname, avg(measure_value::double) AS cpu FROM ${DEVOPS} WHERE ${CPU} GROUP BY hostname HAVING avg(measure_value::double) > 40 ORDER BY hostname`,
  ),
  q(
    'count-if',
    `SELECT truck_id, count_if(speed > 60) AS fast, count(*) AS minutes FROM ${IOT} GROUP BY truck_id ORDER BY truck_id`,
  ),
  q('filter-clause', `SELECT count(*) FILTER (WHERE speed > 60) AS fast, count(*) AS all_minutes FROM ${IOT}`),
  q(
    'case-buckets',
    `SELECT CASE WHEN speed < 30 THEN 'slow' WHEN speed < 60 THEN 'medium' ELSE 'fast' END AS band, count(*) FROM ${IOT} GROUP BY 1 ORDER BY 1`,
  ),
  q(
    'single-measure-pivot',
    `SELECT hostname, bin(time, 10m) AS t, avg(CASE WHEN measure_name = 'cpu_utilization' THEN measure_value::double END) AS cpu, avg(CASE WHEN measure_name = 'memory_utilization' THEN measure_value::double END) AS memory FROM ${DEVOPS} WHERE measure_name IN ('cpu_utilization', 'memory_utilization') GROUP BY hostname, bin(time, 10m) ORDER BY hostname, t`,
  ),
  q(
    'bigint-measure',
    `SELECT hostname, sum(measure_value::bigint) AS tasks FROM ${DEVOPS} WHERE measure_name = 'tasks_completed' GROUP BY hostname ORDER BY hostname`,
  ),
  q(
    'varchar-measure',
    `SELECT hostname, measure_value::varchar AS status, time FROM ${DEVOPS} WHERE measure_name = 'status' ORDER BY time, hostname`,
  ),
  q(
    'rollup',
    `SELECT region, hostname, count(*) FROM ${DEVOPS} WHERE ${CPU} GROUP BY ROLLUP (region, hostname) ORDER BY region NULLS FIRST, hostname NULLS FIRST`,
  ),
  q(
    'grouping-sets',
    `SELECT fleet, make, avg(speed) FROM ${IOT} GROUP BY GROUPING SETS ((fleet), (make), ()) ORDER BY fleet, make`,
  ),
  q('cube', `SELECT fleet, make, count(*) FROM ${IOT} GROUP BY CUBE (fleet, make) ORDER BY fleet, make`),
  // Predicates
  q('in-list', `SELECT count(*) FROM ${DEVOPS} WHERE hostname IN ('host-a', 'host-c') AND ${CPU}`),
  q('not-in', `SELECT count(*) FROM ${DEVOPS} WHERE hostname NOT IN ('host-a') AND ${CPU}`),
  q('between-values', `SELECT count(*) FROM ${IOT} WHERE speed BETWEEN 20 AND 40`),
  q('like', `SELECT DISTINCT hostname FROM ${DEVOPS} WHERE hostname LIKE 'host-%' AND az LIKE '%a' ORDER BY hostname`),
  q('not-like-escape', `SELECT count(*) FROM ${DEVOPS} WHERE hostname NOT LIKE 'x\\_%' ESCAPE '\\'`),
  q('or-chain', `SELECT count(*) FROM ${DEVOPS} WHERE (hostname = 'host-a' OR hostname = 'host-b') AND ${CPU}`),
  q('is-null', `SELECT truck_id, count(*) FROM ${IOT} WHERE fuel_reading IS NULL GROUP BY truck_id`),
  q('is-not-null', `SELECT count(*) FROM ${IOT} WHERE fuel_reading IS NOT NULL`),
  q('is-distinct-from', `SELECT count(*) FROM ${IOT} WHERE fuel_reading IS DISTINCT FROM NULL`),
  q(
    'exists',
    `SELECT DISTINCT hostname FROM ${DEVOPS} d WHERE EXISTS (SELECT 1 FROM ${DEVOPS} s WHERE s.hostname = d.hostname AND s.measure_name = 'status' AND s.measure_value::varchar = 'DEGRADED') ORDER BY hostname`,
  ),
  q(
    'in-subquery',
    `SELECT count(*) FROM ${DEVOPS} WHERE hostname IN (SELECT hostname FROM ${DEVOPS} WHERE measure_name = 'tasks_completed' AND measure_value::bigint > 200)`,
  ),
  q(
    'not-exists',
    `SELECT count(*) FROM ${IOT} i WHERE NOT EXISTS (SELECT 1 FROM ${IOT} j WHERE j.truck_id = i.truck_id AND j.speed > 200)`,
  ),
  q(
    'scalar-subquery',
    `SELECT truck_id, speed - (SELECT avg(speed) FROM ${IOT}) AS above_average FROM ${IOT} WHERE time > ago(5m) ORDER BY truck_id`,
  ),
  q(
    'quantified-all',
    `SELECT count(*) FROM ${IOT} WHERE speed >= ALL (SELECT speed FROM ${IOT} WHERE truck_id = 'truck-1')`,
  ),
  q(
    'quantified-any',
    `SELECT count(*) FROM ${IOT} WHERE load = ANY (SELECT load FROM ${IOT} WHERE truck_id = 'truck-2')`,
  ),
  q('in-values', `SELECT count(*) FROM ${DEVOPS} WHERE hostname IN (VALUES 'host-a', 'host-b')`),
  q('time-now-minus', `SELECT count(*) FROM ${DEVOPS} WHERE time > now() - 30m AND time <= now()`),
  q('time-current-timestamp', `SELECT count(*) FROM ${DEVOPS} WHERE time > current_timestamp - 1h`),
  q('time-between-ago', `SELECT count(*) FROM ${IOT} WHERE time BETWEEN ago(1h) AND now()`),
  q('time-interval-literal', `SELECT count(*) FROM ${IOT} WHERE time > now() - INTERVAL '1' HOUR`),
  q('time-day-literal', `SELECT count(*) FROM ${IOT} WHERE time > ago(1d)`),
  // Joins and sets
  q(
    'join-tables-on-bins',
    `SELECT d.t, d.cpu, i.speed FROM (SELECT bin(time, 10m) AS t, avg(measure_value::double) AS cpu FROM ${DEVOPS} WHERE ${CPU} GROUP BY bin(time, 10m)) d JOIN (SELECT bin(time, 10m) AS t, avg(speed) AS speed FROM ${IOT} GROUP BY bin(time, 10m)) i ON d.t = i.t ORDER BY d.t`,
  ),
  q(
    'left-join-using',
    `SELECT h.hostname, t.tasks FROM (SELECT DISTINCT hostname FROM ${DEVOPS}) h LEFT JOIN (SELECT hostname, sum(measure_value::bigint) AS tasks FROM ${DEVOPS} WHERE measure_name = 'tasks_completed' AND hostname <> 'host-d' GROUP BY hostname) t USING (hostname) ORDER BY h.hostname`,
  ),
  q(
    'full-join',
    `SELECT coalesce(a.k, b.k) AS k FROM (VALUES 1, 2) AS a(k) FULL OUTER JOIN (VALUES 2, 3) AS b(k) ON a.k = b.k ORDER BY 1`,
  ),
  q('right-join', `SELECT b.k FROM (VALUES 1, 2) AS a(k) RIGHT JOIN (VALUES 2, 3) AS b(k) ON a.k = b.k ORDER BY 1`),
  q(
    'comma-join',
    `SELECT count(*) FROM (SELECT DISTINCT hostname FROM ${DEVOPS}) h, (SELECT DISTINCT truck_id FROM ${IOT}) t`,
  ),
  q(
    'union-all',
    `SELECT hostname AS name FROM ${DEVOPS} WHERE time > ago(2m) UNION ALL SELECT truck_id FROM ${IOT} WHERE time > ago(2m)`,
  ),
  q('union', `SELECT region FROM ${DEVOPS} UNION SELECT fleet FROM ${IOT} ORDER BY 1`),
  q(
    'intersect',
    `SELECT hostname FROM ${DEVOPS} WHERE measure_name = 'status' INTERSECT SELECT hostname FROM ${DEVOPS} WHERE measure_name = 'tasks_completed'`,
  ),
  q('except', `SELECT DISTINCT hostname FROM ${DEVOPS} EXCEPT SELECT 'host-a'`),
  q(
    'values-table',
    `SELECT t.name, t.threshold FROM (VALUES ('host-a', 50.0), ('host-b', 60.0)) AS t(name, threshold) ORDER BY t.name`,
  ),
  q(
    'values-join-thresholds',
    `SELECT d.hostname, count(*) AS over FROM ${DEVOPS} d JOIN (VALUES ('host-a', 50.0), ('host-b', 60.0)) AS t(name, threshold) ON d.hostname = t.name WHERE d.${CPU} AND d.measure_value::double > t.threshold GROUP BY d.hostname ORDER BY 1`,
  ),
  q(
    'nested-subqueries',
    `SELECT max(c) FROM (SELECT hostname, count(*) AS c FROM (SELECT * FROM ${DEVOPS} WHERE ${CPU}) GROUP BY hostname)`,
  ),
  q(
    'with-two',
    `WITH a AS (SELECT truck_id, avg(speed) AS s FROM ${IOT} GROUP BY truck_id), b AS (SELECT max(s) AS top FROM a) SELECT a.truck_id FROM a, b WHERE a.s = b.top`,
  ),
  q(
    'with-column-names',
    `WITH t (host, n) AS (SELECT hostname, count(*) FROM ${DEVOPS} GROUP BY hostname) SELECT host, n FROM t ORDER BY host`,
  ),
  // Windows
  q(
    'moving-average',
    `SELECT time, speed, avg(speed) OVER (PARTITION BY truck_id ORDER BY time ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS moving FROM ${IOT} WHERE truck_id = 'truck-1' AND time > ago(30m) ORDER BY time`,
  ),
  q(
    'lag-delta',
    `SELECT truck_id, time, fuel_reading - lag(fuel_reading) OVER (PARTITION BY truck_id ORDER BY time) AS delta FROM ${IOT} WHERE time > ago(20m) ORDER BY truck_id, time`,
  ),
  q(
    'lead-ignore-nulls',
    `SELECT time, lead(fuel_reading) IGNORE NULLS OVER (ORDER BY time) AS next_fuel FROM ${IOT} WHERE truck_id = 'truck-3' ORDER BY time LIMIT 20`,
  ),
  q(
    'rank-dense-rank',
    `SELECT hostname, avg_cpu, rank() OVER (ORDER BY avg_cpu DESC) AS r, dense_rank() OVER (ORDER BY avg_cpu DESC) AS dr FROM (SELECT hostname, avg(measure_value::double) AS avg_cpu FROM ${DEVOPS} WHERE ${CPU} GROUP BY hostname)`,
  ),
  q(
    'running-total',
    `SELECT time, sum(load) OVER (PARTITION BY truck_id ORDER BY time RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running FROM ${IOT} WHERE truck_id = 'truck-2' ORDER BY time LIMIT 10`,
  ),
  q(
    'ntile-percent-rank',
    `SELECT speed, ntile(4) OVER (ORDER BY speed) AS quartile, percent_rank() OVER (ORDER BY speed) AS pr FROM ${IOT} WHERE truck_id = 'truck-1' ORDER BY speed LIMIT 10`,
  ),
  q(
    'first-last-value',
    `SELECT DISTINCT truck_id, first_value(location) OVER (PARTITION BY truck_id ORDER BY time) AS first_loc, last_value(location) OVER (PARTITION BY truck_id ORDER BY time ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS last_loc FROM ${IOT} ORDER BY truck_id`,
  ),
  q(
    'order-limit-offset',
    `SELECT time, speed FROM ${IOT} WHERE truck_id = 'truck-1' ORDER BY time DESC OFFSET 5 LIMIT 5`,
  ),
  q(
    'order-nulls-first',
    `SELECT time, fuel_reading FROM ${IOT} WHERE truck_id = 'truck-3' ORDER BY fuel_reading ASC NULLS FIRST LIMIT 3`,
  ),
  // Functions in dashboards
  q('date-trunc-hour', `SELECT date_trunc('hour', time) AS hour, count(*) FROM ${DEVOPS} GROUP BY 1 ORDER BY 1`),
  q(
    'extract-parts',
    `SELECT extract(hour FROM time) AS h, extract(minute FROM time) AS m, day_of_week(time), year(time), month(time) FROM ${IOT} WHERE time > ago(3m)`,
  ),
  q(
    'format-time',
    `SELECT format_datetime(time, 'yyyy-MM-dd HH:mm'), date_format(time, '%Y-%m-%d %H:%i'), to_iso8601(time) FROM ${IOT} WHERE time > ago(2m)`,
  ),
  q(
    'epoch-conversions',
    `SELECT to_milliseconds(time), to_unixtime(time), from_milliseconds(to_milliseconds(time)) = time FROM ${IOT} WHERE time > ago(2m)`,
  ),
  q('date-add-diff', `SELECT date_add('minute', 30, min(time)), date_diff('minute', min(time), max(time)) FROM ${IOT}`),
  q(
    'string-functions',
    `SELECT upper(hostname), concat(region, '/', az), split_part(hostname, '-', 2), replace(hostname, 'host', 'h'), length(az), lpad(hostname, 10, '*'), substr(region, 1, 2) FROM ${DEVOPS} WHERE time > ago(2m) AND ${CPU}`,
  ),
  q(
    'regexp',
    `SELECT hostname FROM ${DEVOPS} WHERE regexp_like(hostname, '^host-[ab]$') AND time > ago(2m) AND ${CPU} ORDER BY 1`,
  ),
  q(
    'math-functions',
    `SELECT round(speed, 1), floor(speed), ceil(speed), abs(speed - 50), power(speed, 2), sqrt(speed), ln(speed + 1), mod(load, 7) FROM ${IOT} WHERE time > ago(2m)`,
  ),
  q('integer-division', `SELECT load / 7, load % 7, load / 7.0 FROM ${IOT} WHERE time > ago(2m)`),
  q(
    'greatest-least',
    `SELECT greatest(speed, fuel_reading), least(speed, fuel_reading) FROM ${IOT} WHERE time > ago(10m)`,
  ),
  q(
    'conditionals',
    `SELECT if(speed > 50, 'fast', 'slow'), coalesce(fuel_reading, -1), nullif(location, 'loc-0'), try(CAST(location AS bigint)) FROM ${IOT} WHERE time > ago(10m)`,
  ),
  q(
    'casts',
    `SELECT CAST(speed AS bigint), CAST(load AS double), CAST(load AS varchar), try_cast('x' AS double), CAST('2024-01-01 00:00:00' AS timestamp), CAST(time AS date) FROM ${IOT} WHERE time > ago(2m)`,
  ),
  q(
    'arrays',
    `SELECT truck_id, array_agg(location ORDER BY time) AS route, cardinality(array_agg(location)) AS n, contains(array_agg(location), 'loc-1') FROM ${IOT} WHERE time > ago(10m) GROUP BY truck_id ORDER BY truck_id`,
  ),
  q(
    'array-lambdas',
    `SELECT transform(array_agg(speed), x -> round(x)), filter(array_agg(speed), x -> x > 50), reduce(array_agg(load), 0, (s, x) -> s + x, s -> s) FROM ${IOT} WHERE time > ago(10m)`,
  ),
  q(
    'array-join-element-at',
    `SELECT array_join(array_agg(DISTINCT fleet), ','), element_at(array_agg(truck_id ORDER BY truck_id), 1) FROM ${IOT}`,
  ),
  q('unnest-array', `SELECT n, n * n AS square FROM UNNEST(ARRAY[1, 2, 3]) AS t(n) ORDER BY n`),
  q('unnest-sequence-ordinality', `SELECT v, i FROM UNNEST(sequence(10, 30, 10)) WITH ORDINALITY AS t(v, i)`),
  q(
    'cross-join-unnest',
    `SELECT truck_id, loc FROM (SELECT truck_id, array_agg(location) AS locs FROM ${IOT} WHERE time > ago(5m) GROUP BY truck_id) CROSS JOIN UNNEST(locs) AS u(loc) ORDER BY truck_id, loc`,
  ),
  q('row-values', `SELECT ROW(1, 'a'), CAST(ROW(1, 'a') AS ROW(id bigint, name varchar))`),
  q(
    'bitwise',
    `SELECT bitwise_and(load, 255), bitwise_or(load, 1), bit_count(load, 64) FROM ${IOT} WHERE time > ago(2m)`,
  ),
  // Types (as the JDBC/ODBC drivers' type tests ask for them)
  q(
    'literal-types',
    `SELECT 1 AS t_int32, 'two' AS t_varchar, TIMESTAMP '2020-08-08 01:00:00' AS timestamp, INTERVAL '1 21:00:00' DAY TO SECOND AS interval_day_to_second, INTERVAL '2-7' YEAR TO MONTH AS interval_year_to_month, TIME '01:00:00' AS time, DATE '2020-08-08' AS date`,
  ),
  q(
    'more-literal-types',
    `SELECT 9007199254740993 AS big, 1.5 AS d, 1e3 AS e, true AS b, NULL AS n, ARRAY[1, 2] AS a, 1h AS dur`,
  ),
  q('unnamed-columns', `SELECT hostname, count(*), max(time) FROM ${DEVOPS} GROUP BY hostname ORDER BY hostname`),
  q('current-values', `SELECT current_date, current_time, current_timestamp, now(), current_timezone()`),
  q('date-plus-duration', `SELECT DATE '2022-05-21' + 2d, TIMESTAMP '2022-05-21 00:00:00' - 90m`),
  // Time series (the developer guide's time-series section)
  q(
    'create-time-series',
    `SELECT hostname, create_time_series(time, measure_value::double) AS cpu FROM ${DEVOPS} WHERE ${CPU} AND time > ago(30m) GROUP BY hostname ORDER BY hostname`,
    'timeseries',
  ),
  q(
    'create-time-series-multi',
    `SELECT truck_id, create_time_series(time, speed) AS speed FROM ${IOT} WHERE time > ago(30m) GROUP BY truck_id`,
    'timeseries',
  ),
  q(
    'interpolate-linear-unnest',
    `WITH binned AS (SELECT hostname, bin(time, 30s) AS t, round(avg(measure_value::double), 2) AS v FROM ${DEVOPS} WHERE ${CPU} AND time > ago(1h) GROUP BY hostname, bin(time, 30s)), series AS (SELECT hostname, interpolate_linear(create_time_series(t, v), sequence(min(t), max(t), 15s)) AS ts FROM binned GROUP BY hostname) SELECT hostname, u.time, u.value FROM series CROSS JOIN UNNEST(ts) AS u(time, value) ORDER BY hostname, u.time LIMIT 40`,
    'timeseries',
  ),
  q(
    'interpolate-locf',
    `SELECT truck_id, interpolate_locf(create_time_series(time, fuel_reading), sequence(min(time), max(time), 30s)) FROM ${IOT} WHERE time > ago(20m) GROUP BY truck_id`,
    'timeseries',
  ),
  q(
    'interpolate-fill',
    `SELECT truck_id, interpolate_fill(create_time_series(time, fuel_reading), sequence(min(time), max(time), 1m), 0.0) FROM ${IOT} WHERE truck_id = 'truck-3' GROUP BY truck_id`,
    'timeseries',
  ),
  q(
    'interpolate-spline',
    `SELECT interpolate_spline_cubic(create_time_series(time, speed), sequence(min(time), max(time), 30s)) FROM ${IOT} WHERE truck_id = 'truck-1'`,
    'timeseries',
  ),
  q(
    'interpolate-at-point',
    `SELECT truck_id, interpolate_linear(create_time_series(time, speed), max(time)) FROM ${IOT} GROUP BY truck_id`,
    'timeseries',
  ),
  q(
    'derivative',
    `SELECT truck_id, derivative_linear(create_time_series(time, fuel_reading), 1m) FROM ${IOT} WHERE time > ago(10m) GROUP BY truck_id`,
    'timeseries',
  ),
  q(
    'non-negative-derivative',
    `SELECT truck_id, non_negative_derivative_linear(create_time_series(time, CAST(load AS double)), 1m) FROM ${IOT} WHERE time > ago(10m) GROUP BY truck_id`,
    'timeseries',
  ),
  q(
    'integral',
    `SELECT truck_id, integral_trapezoidal(create_time_series(time, speed), 1h) AS distance FROM ${IOT} WHERE time > ago(1h) GROUP BY truck_id ORDER BY truck_id`,
    'timeseries',
  ),
  q(
    'correlate',
    `SELECT correlate_pearson(create_time_series(time, speed), create_time_series(time, fuel_reading)) FROM ${IOT} WHERE truck_id = 'truck-1'`,
    'timeseries',
  ),
  q(
    'correlate-spearman',
    `SELECT correlate_spearman(create_time_series(time, speed), create_time_series(time, fuel_reading)) FROM ${IOT} WHERE truck_id = 'truck-1'`,
    'timeseries',
  ),
  q(
    'filter-series',
    `SELECT hostname, filter(create_time_series(time, measure_value::double), p -> p.value > 50) FROM ${DEVOPS} WHERE ${CPU} AND time > ago(30m) GROUP BY hostname`,
    'timeseries',
  ),
  q(
    'reduce-series',
    `SELECT hostname, reduce(create_time_series(time, measure_value::double), 0.0, (s, p) -> s + p.value, s -> s) AS total FROM ${DEVOPS} WHERE ${CPU} AND time > ago(30m) GROUP BY hostname ORDER BY hostname`,
    'timeseries',
  ),
  q(
    'unnest-series-back',
    `SELECT hostname, p.time, p.value FROM (SELECT hostname, create_time_series(time, measure_value::double) AS ts FROM ${DEVOPS} WHERE ${CPU} AND time > ago(10m) GROUP BY hostname) CROSS JOIN UNNEST(ts) AS p(time, value) ORDER BY hostname, p.time`,
    'timeseries',
  ),
  q(
    'grafana-time-series',
    `SELECT measure_name, region, az, hostname, CREATE_TIME_SERIES(time, measure_value::double) FROM ${DEVOPS} WHERE time BETWEEN from_milliseconds({from}) AND from_milliseconds({to}) AND measure_name IN ('cpu_utilization', 'memory_utilization') GROUP BY measure_name, region, az, hostname`,
    'timeseries',
  ),
];
