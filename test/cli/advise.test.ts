import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adviseCommand } from '../../src/cli/advise.ts';
import { UsageError } from '../../src/cli/usage-error.ts';

describe('tcu-bot advise', () => {
  it('prints the findings as text, or as the documented JSON', () => {
    const sql = 'SELECT * FROM "iot"."legacy" WHERE time > ago(1h)';
    expect(adviseCommand([sql], {})).toEqual({ output: expect.stringContaining('[select-star]'), ok: true });
    const json = JSON.parse(adviseCommand([sql], { json: true }).output) as { findings: { rule: string }[] };
    expect(json.findings.map((finding) => finding.rule)).toEqual(['select-star']);
  });

  it('answers in Chinese when asked', () => {
    expect(adviseCommand(['SELECT a FROM "d"."t"'], { locale: 'zh-CN' }).output).toContain('未限定时间范围');
  });

  it('fails (exit 1) on text that is not a query, saying where', () => {
    expect(adviseCommand(['SELECT FROM'], {})).toEqual({
      output: "not a Timestream query: line 1:8: expected an expression, found 'FROM'",
      ok: false,
    });
  });

  it('advises on every query of a workload file, with the tables it describes', () => {
    const json = JSON.parse(adviseCommand([], { workload: 'workloads/fleet.yaml', json: true }).output) as {
      queries: Record<string, { findings: unknown[] }>;
    };
    expect(Object.keys(json.queries)).toEqual(['last-point', 'speed-bins', 'over-speed']);
    expect(Object.values(json.queries).flatMap((advice) => advice.findings)).toEqual([]);
    const folder = mkdtempSync(join(tmpdir(), 'advise-'));
    const file = join(folder, 'w.yaml');
    writeFileSync(
      file,
      readFileSync('workloads/fleet.yaml', 'utf8').replace(
        "WHERE vin = '{{vin}}' AND time > ago({{window}})",
        "WHERE lower(vin) = '{{vin}}' AND time > ago({{window}})",
      ),
    );
    // vin is the table's partition key (partitionKey: vin): a function around it cannot prune.
    expect(adviseCommand([], { workload: file }).output).toContain(
      "[function-on-key] the partition key is matched by LIKE or a function: lower(vin) = 'vin-0'",
    );
    writeFileSync(file, 'name: x\n');
    expect(adviseCommand([], { workload: file })).toEqual({ output: expect.stringMatching(/w\.yaml:1: /), ok: false });
    rmSync(folder, { recursive: true, force: true });
  });

  it('is a usage error without exactly one query', () => {
    expect(() => adviseCommand([], {})).toThrow(UsageError);
    expect(() => adviseCommand(['SELECT', '1'], {})).toThrow(UsageError);
    expect(() => adviseCommand(['SELECT 1'], { locale: 'fr' })).toThrow(UsageError);
    expect(() => adviseCommand(['SELECT 1'], { workload: 'workloads/fleet.yaml' })).toThrow(UsageError);
  });
});
