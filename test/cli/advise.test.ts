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

  it('is a usage error without exactly one query', () => {
    expect(() => adviseCommand([], {})).toThrow(UsageError);
    expect(() => adviseCommand(['SELECT', '1'], {})).toThrow(UsageError);
    expect(() => adviseCommand(['SELECT 1'], { locale: 'fr' })).toThrow(UsageError);
  });
});
