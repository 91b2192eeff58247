import { describe, expect, it } from 'vitest';
import { advise } from '../../src/advisor/advise.ts';
import type { RuleId, TableFacts } from '../../src/advisor/finding.ts';
import { RULE_IDS } from '../../src/advisor/finding.ts';
import { adviceJson, adviceText } from '../../src/advisor/render.ts';
import { legacyQueries, optimizedQueries } from '../../src/lab/queries.ts';

const T = '"iot"."telemetry"';
const rules = (sql: string, facts?: TableFacts) => advise(sql, facts).findings.map((finding) => finding.rule);

/** For each rule: a query that has the problem, and the same query without it. */
const CASES: Record<RuleId, { positive: string; negative: string }> = {
  'no-time-range': {
    positive: `SELECT vin, speed FROM ${T} WHERE vin = 'a'`,
    negative: `SELECT vin, speed FROM ${T} WHERE vin = 'a' AND time > ago(1h)`,
  },
  'unbounded-distinct': {
    positive: `SELECT DISTINCT vin FROM ${T}`,
    negative: `SELECT DISTINCT vin FROM ${T} WHERE time BETWEEN ago(1d) AND now()`,
  },
  'function-on-time': {
    positive: `SELECT speed FROM ${T} WHERE to_milliseconds(time) > 1700000000000`,
    negative: `SELECT speed FROM ${T} WHERE time > from_milliseconds(1700000000000)`,
  },
  'function-on-key': {
    positive: `SELECT speed FROM ${T} WHERE measure_name LIKE 'tele%' AND time > ago(1h)`,
    negative: `SELECT speed FROM ${T} WHERE measure_name = 'telemetry' AND time > ago(1h)`,
  },
  'no-measure-name': {
    positive: `SELECT avg(measure_value::double) AS cpu FROM "db"."DevOps" WHERE time > ago(1h)`,
    negative: `SELECT avg(measure_value::double) AS cpu FROM "db"."DevOps" WHERE time > ago(1h) AND measure_name = 'cpu'`,
  },
  'select-star': {
    positive: `SELECT * FROM ${T} WHERE time > ago(5m)`,
    negative: `SELECT vin, speed FROM ${T} WHERE time > ago(5m)`,
  },
  'unused-column': {
    positive: `WITH recent AS (SELECT vin, speed, odometer FROM ${T} WHERE time > ago(5m)) SELECT vin, max(speed) FROM recent GROUP BY vin`,
    negative: `WITH recent AS (SELECT vin, speed FROM ${T} WHERE time > ago(5m)) SELECT vin, max(speed) FROM recent GROUP BY vin`,
  },
  'or-of-equalities': {
    positive: `SELECT speed FROM ${T} WHERE time > ago(5m) AND (vin = 'a' OR vin = 'b' OR vin = 'c')`,
    negative: `SELECT speed FROM ${T} WHERE time > ago(5m) AND vin IN ('a', 'b', 'c')`,
  },
  'order-without-limit': {
    positive: `SELECT time, speed FROM ${T} WHERE time > ago(5m) ORDER BY time DESC`,
    negative: `SELECT time, speed FROM ${T} WHERE time > ago(5m) ORDER BY time DESC LIMIT 10`,
  },
  'latest-by-join': {
    positive: `WITH latest AS (SELECT vin, max(time) AS at FROM ${T} WHERE time > ago(1h) GROUP BY vin) SELECT t.vin, t.speed FROM ${T} t JOIN latest l ON t.vin = l.vin AND t.time = l.at WHERE t.time > ago(1h)`,
    negative: `SELECT vin, max_by(speed, time) AS speed FROM ${T} WHERE time > ago(1h) GROUP BY vin`,
  },
};

describe('advise: each rule', () => {
  it('has a case for every rule', () => {
    expect(Object.keys(CASES).sort()).toEqual([...RULE_IDS].sort());
  });

  it.each(Object.entries(CASES))(
    '%s: found where it applies, not where it does not',
    (rule, { positive, negative }) => {
      expect(rules(positive)).toContain(rule);
      expect(rules(negative)).not.toContain(rule);
    },
  );

  it('looks at every table of a join and of a subquery', () => {
    const sql = `SELECT a.vin FROM ${T} a JOIN (SELECT vin FROM "iot"."trips") b ON a.vin = b.vin WHERE a.time > ago(1h)`;
    const found = advise(sql).findings.filter((finding) => finding.rule === 'no-time-range');
    expect(found.map((finding) => sql.slice(finding.span.start, finding.span.end))).toEqual(['"iot"."trips"']);
  });

  it('gives the span of what it is about, and a rewrite where the fix is mechanical', () => {
    const sql = `SELECT speed FROM ${T} WHERE time + 1h > now() AND (vin = 'a' OR vin = 'b')`;
    const byRule = new Map(advise(sql).findings.map((finding) => [finding.rule, finding]));
    const onTime = byRule.get('function-on-time')!;
    expect(sql.slice(onTime.span.start, onTime.span.end)).toBe('time + 1h');
    expect(onTime.rewrite?.text).toBe('time > now() - 1h');
    expect(byRule.get('or-of-equalities')!.rewrite?.text).toBe("vin IN ('a', 'b')");
  });

  it('uses what it knows of the table: a customer-defined partition key, the number of measure names', () => {
    const facts: TableFacts = { partitionKey: () => 'vin', measureNameCount: () => 1 };
    expect(rules(`SELECT speed FROM ${T} WHERE lower(vin) = 'a' AND time > ago(1h)`, facts)).toContain(
      'function-on-key',
    );
    expect(rules(`SELECT speed FROM ${T} WHERE lower(vin) = 'a' AND time > ago(1h)`)).not.toContain('function-on-key');
    expect(rules(`SELECT speed FROM ${T} WHERE time > ago(1h)`, { ...facts, measureNameCount: () => 12 })).toContain(
      'no-measure-name',
    );
  });
});

describe('advise: the case study', () => {
  const window = { startMs: 1_748_390_400_000, endMs: 1_748_433_600_000 };

  it('finds in the legacy SQL1 what the case study changed, and not in the optimized one', () => {
    const legacy = rules(legacyQueries('iot', window).sql1);
    expect(legacy).toEqual(expect.arrayContaining(['latest-by-join', 'no-time-range', 'or-of-equalities']));
    const optimized = rules(optimizedQueries('iot', window).sql1);
    expect(optimized).not.toContain('latest-by-join');
    expect(optimized).not.toContain('no-time-range');
  });

  it('finds the OR chain and the unlimited ORDER BY in the legacy SQL2', () => {
    expect(rules(legacyQueries('iot', window).sql2)).toEqual(
      expect.arrayContaining(['or-of-equalities', 'order-without-limit']),
    );
  });
});

describe('advise: clean queries', () => {
  // Written after the developer guide's and the AWS samples' recommended shapes.
  it.each([
    `SELECT hostname, measure_value::double AS cpu, time FROM "db"."DevOps" WHERE measure_name = 'cpu_utilization' AND hostname = 'host-a' AND time > ago(15m) ORDER BY time DESC LIMIT 1`,
    `SELECT hostname, bin(time, 5m) AS t, avg(measure_value::double) AS cpu FROM "db"."DevOps" WHERE measure_name = 'cpu_utilization' AND time > ago(2h) GROUP BY hostname, bin(time, 5m)`,
    `SELECT vin, max_by(speed, time) AS speed FROM ${T} WHERE time > ago(15m) AND vin IN ('a', 'b') GROUP BY vin`,
    `SELECT time, speed FROM ${T} WHERE time BETWEEN from_milliseconds(1700000000000) AND from_milliseconds(1700003600000) AND vin = 'a' ORDER BY time LIMIT 1000`,
    `SELECT vin, approx_percentile(speed, 0.99) AS p99 FROM ${T} WHERE time > ago(1h) GROUP BY vin`,
    `WITH binned AS (SELECT vin, bin(time, 30s) AS t, avg(speed) AS v FROM ${T} WHERE vin = 'a' AND time > ago(2h) GROUP BY vin, bin(time, 30s)) SELECT vin, interpolate_linear(create_time_series(t, v), sequence(min(t), max(t), 15s)) FROM binned GROUP BY vin`,
    `SELECT vin, speed FROM (SELECT vin, speed, ROW_NUMBER() OVER (PARTITION BY vin ORDER BY time DESC) AS rn FROM ${T} WHERE time > ago(1h)) WHERE rn = 1`,
    `SELECT count(*) FROM ${T} WHERE time > now() - 1h`,
    'SHOW MEASURES FROM "db"."DevOps"',
  ])('has no findings: %s', (sql) => {
    expect(advise(sql).findings).toEqual([]);
  });
});

describe('advice as text and JSON', () => {
  const sql = `SELECT *\nFROM ${T}`;

  it('says where, why and what to do, in the caller’s language', () => {
    expect(adviceText(advise(sql), 'en')).toContain('[select-star] * reads every column (line 1:8)');
    expect(adviceText(advise(sql), 'zh-CN')).toContain('读取了所有列');
    expect(adviceText(advise(sql), 'en')).toContain('queries-bp.html');
  });

  it('keeps the --json shape', () => {
    const json = adviceJson(advise(sql), 'en');
    expect(json.findings.map((finding) => finding.rule)).toEqual(['select-star', 'no-time-range']);
    expect(json.findings[1]).toEqual({
      rule: 'no-time-range',
      span: { start: 14, end: 31, line: 2, column: 6 },
      title: `${T} is read without a time range (no lower bound on time)`,
      why: expect.any(String),
      fix: expect.any(String),
      source: 'https://docs.aws.amazon.com/timestream/latest/developerguide/queries-bp.html',
      rewrite: null,
    });
  });
});
