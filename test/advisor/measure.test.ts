/**
 * `advise --measure` on a real emulator: the query as written and its mechanical rewrite, each with
 * QueryInsights, bytes and the TCU model's TCU-seconds (the emulator's own header), and their answers
 * compared. On AWS the per-query TCU-seconds are left out, never guessed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advise } from '../../src/advisor/advise.ts';
import { measureAdvice, rewrittenSql } from '../../src/advisor/measure.ts';
import { loadConfig } from '../../src/config.ts';
import { labTarget } from '../../src/deps.ts';
import type { LabTarget } from '../../src/lab/lab-target.ts';
import { readWorkload } from '../../src/lab/workload/read-workload.ts';
import { generateWorkload, setupWorkload } from '../../src/lab/workload/workload-tables.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { useEmulator } from '../support/emulator.ts';

const fixture = useEmulator();
const folder = mkdtempSync(join(tmpdir(), 'tcu-measure-'));
let target: LabTarget;

beforeAll(async () => {
  target = await labTarget(loadConfig({ LOG_LEVEL: 'silent' }), {
    endpoint: fixture.emulator.endpoint,
    database: 'plant',
  });
  const workload = readWorkload(
    `name: p
database: plant
tables:
  - name: readings
    dimensions: [{ name: plant, values: [p1, p2, p3] }, { name: sensor, cardinality: 20 }]
    measureName: temperature
    measures: [{ name: value, type: DOUBLE, min: 0, max: 100 }]
    every: 5m
    span: 6h
queries: [{ name: q, sql: SELECT 1 }]
stages: [{ duration: 1s, rate: 1 }]
`,
    'p.yaml',
  );
  await setupWorkload(target, workload);
  await generateWorkload(target, workload, { checkpointPath: join(folder, 'p.json') });
});
afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
  target.clients.write.destroy();
  target.clients.query.destroy();
});

const WRAPPED = `SELECT plant, count(*) AS n FROM "plant"."readings"
WHERE to_milliseconds(time) > to_milliseconds(now()) - 3600000 AND (plant = 'p1' OR plant = 'p2')
GROUP BY plant`;

describe('rewrittenSql', () => {
  it('applies every finding’s rewrite, and none when no finding has one', () => {
    expect(rewrittenSql(advise(WRAPPED))).toBe(`SELECT plant, count(*) AS n FROM "plant"."readings"
WHERE time > from_milliseconds(to_milliseconds(now()) - 3600000) AND plant IN ('p1', 'p2')
GROUP BY plant`);
    expect(rewrittenSql(advise('SELECT * FROM "plant"."readings" WHERE time > ago(1h)'))).toBeUndefined();
  });
});

describe('measureAdvice', () => {
  it('measures the query and its rewrite: same rows, less time range, fewer bytes and TCU-seconds', async () => {
    const measure = await measureAdvice(advise(WRAPPED), target.clients.query, { isLocal: true, clock: systemClock });
    expect(measure.answersEqual).toBe(true);
    expect(measure.before.rows).toBe(2);
    const { before, after } = measure;
    expect(after).not.toBeNull();
    expect(after!.temporalRangeNs!).toBeLessThan(before.temporalRangeNs!);
    expect(after!.bytesScanned).toBeLessThan(before.bytesScanned);
    expect(before.tcuSeconds).toBeGreaterThan(0);
    expect(after!.tcuSeconds!).toBeLessThan(before.tcuSeconds!);
    expect(before.spatialCoverage).toBeGreaterThan(0);
    expect(measure.tcuSecondsSource).toBe('emulator TCU model');
  });

  it('says when the rewrite answers differently', async () => {
    // A rewrite that changes the meaning (the advisor never makes one; this checks the comparison).
    const advice = advise(WRAPPED);
    const wrong = {
      ...advice,
      findings: advice.findings.map((finding) =>
        finding.rewrite ? { ...finding, rewrite: { ...finding.rewrite, text: "plant IN ('p3')" } } : finding,
      ),
    };
    const measure = await measureAdvice(wrong, target.clients.query, { isLocal: true, clock: systemClock });
    expect(measure.answersEqual).toBe(false);
  });

  it('leaves TCU-seconds out when the target is not the emulator', async () => {
    const measure = await measureAdvice(
      advise('SELECT count(*) FROM "plant"."readings" WHERE time > ago(1h)'),
      target.clients.query,
      {
        isLocal: false,
        clock: systemClock,
      },
    );
    expect(measure.before.tcuSeconds).toBeNull();
    expect(measure.after).toBeNull();
    expect(measure.answersEqual).toBeNull();
    expect(measure.tcuSecondsSource).toBe('not published per query by Timestream');
  });
});
