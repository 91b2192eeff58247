import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fillQuery, parameterValues } from '../../../src/lab/workload/query-text.ts';
import { readWorkload, WorkloadError } from '../../../src/lab/workload/read-workload.ts';

const problemsOf = (text: string) => {
  try {
    readWorkload(text, 'w.yaml');
  } catch (error) {
    if (error instanceof WorkloadError) return error.problems;
    throw error;
  }
  throw new Error('expected a WorkloadError');
};

const VALID = `name: t
database: demo
tables:
  - name: cpu_m
    dimensions:
      - { name: host, cardinality: 3 }
    measureName: metrics
    measures:
      - { name: cpu, type: DOUBLE }
    every: 1m
    span: 1h
queries:
  - name: q
    sql: SELECT avg(cpu) FROM "demo"."cpu_m" WHERE host = '{{host}}' AND time > ago(1h)
    params:
      host: { dimension: cpu_m.host }
stages:
  - { duration: 10s, rate: 2 }
`;

describe('readWorkload', () => {
  it.each(readdirSync('workloads').map((file) => [file]))('reads the bundled %s', (file) => {
    const workload = readWorkload(readFileSync(`workloads/${file}`, 'utf8'), file);
    expect(workload.queries.length).toBeGreaterThan(0);
  });

  it('reads YAML and JSON alike, with defaults', () => {
    const workload = readWorkload(VALID, 'w.yaml');
    expect(workload.queries[0]).toMatchObject({ weight: 1 });
    expect(workload.thresholds).toEqual([]);
    expect(readWorkload(JSON.stringify(workload), 'w.json')).toEqual(workload);
  });

  it('fills parameters from a dimension’s values or a list', () => {
    const workload = readWorkload(VALID, 'w.yaml');
    expect(parameterValues(workload, workload.queries[0]!, 'host')).toEqual(['host-0', 'host-1', 'host-2']);
    expect(fillQuery(workload, workload.queries[0]!, (values) => values.at(-1)!)).toContain("host = 'host-2'");
  });

  it('names the line and the field of every problem at once', () => {
    const text = VALID.replace('cardinality: 3', 'cardinality: 0')
      .replace('type: DOUBLE', 'type: FLOAT')
      .replace('every: 1m', 'every: 1')
      .replace('rate: 2', 'rate: 2, workers: 3');
    expect(problemsOf(text)).toEqual([
      expect.stringMatching(/^w\.yaml:6: tables\[0\]\.dimensions\[0\]\.cardinality: /),
      expect.stringMatching(/^w\.yaml:9: tables\[0\]\.measures\[0\]\.type: /),
      'w.yaml:10: tables[0].every: every must be a duration with its unit (30s, 5m, 1h)',
      'w.yaml:18: stages[0]: give either rate (open model) or workers (closed model)',
    ]);
  });

  it('checks names across the file and the caps before anything starts', () => {
    const text = VALID.replace('cardinality: 3', 'cardinality: 100000')
      .replace('span: 1h', 'span: 6h')
      .replace("host = '{{host}}'", "host = '{{hots}}'")
      .replace('{ dimension: cpu_m.host }', '{ dimension: m.nope }')
      .concat('thresholds:\n  - { metric: latency_p95_ms, query: other, below: 100 }\n');
    expect(problemsOf(text)).toEqual([
      'w.yaml:11: tables[0].span: 36000000 records is more than the cap of 20000000',
      "w.yaml:16: queries[0].params.host.dimension: m.nope is no table's dimension",
      'w.yaml:14: queries[0].sql: {{hots}} has no entry in params',
      'w.yaml:20: thresholds[0].query: other is not one of the queries',
    ]);
  });

  it('says where the YAML itself is broken', () => {
    expect(problemsOf('name: [unclosed\n')[0]).toMatch(/^w\.yaml:\d+: /);
  });
});
