/**
 * The case study as a bundled workload, run by the same code as any team's: its legacy queries and
 * their optimized twins on the same data, side by side — the optimized ones read less.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { labTarget } from '../../../src/deps.ts';
import { bundledWorkload } from '../../../src/lab/workload/bundled.ts';
import { WorkloadRun } from '../../../src/lab/workload/run-workload.ts';
import { generateWorkload, setupWorkload } from '../../../src/lab/workload/workload-tables.ts';
import { useEmulator } from '../../support/emulator.ts';

const fixture = useEmulator();
const folder = mkdtempSync(join(tmpdir(), 'tcu-case-study-workload-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('workloads/case-study.yaml', () => {
  it('runs the legacy queries beside their optimized twins; the twins scan fewer bytes for the same load', async () => {
    const workload = bundledWorkload('case-study');
    const target = await labTarget(loadConfig({ LOG_LEVEL: 'silent' }), {
      endpoint: fixture.emulator.endpoint,
      database: workload.database,
    });
    try {
      await setupWorkload(target, workload);
      const generated = await generateWorkload(target, workload, {
        spanMs: 30 * 60_000,
        checkpointPath: join(folder, 'case-study.json'),
      });
      expect(generated.validation?.isComplete).toBe(true);
      // 3 minutes of stages at 2 % is 3.6 s.
      const result = await new WorkloadRun(workload, { target, timeFactor: 0.02 }).run();
      const { perQuery } = result;
      for (const name of ['sql1', 'sql2', 'sql1-optimized', 'sql2-optimized']) {
        expect(perQuery[name]!.started).toBeGreaterThan(0);
        expect(perQuery[name]!.succeeded).toBe(perQuery[name]!.started);
      }
      const perCall = (name: string) => perQuery[name]!.bytesScanned / perQuery[name]!.succeeded;
      expect(perCall('sql1-optimized')).toBeLessThan(perCall('sql1'));
      expect(perCall('sql2-optimized')).toBeLessThan(perCall('sql2'));
    } finally {
      target.clients.write.destroy();
      target.clients.query.destroy();
    }
  }, 60_000);
});
