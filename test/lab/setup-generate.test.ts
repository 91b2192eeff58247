import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { labTarget } from '../../src/deps.ts';
import { generateLab } from '../../src/lab/generate.ts';
import type { LabEvent, LabTarget } from '../../src/lab/lab-target.ts';
import { checkRegion } from '../../src/lab/lab-target.ts';
import { EXPECTED_COLUMNS, setupLab } from '../../src/lab/setup.ts';
import { rowsOf, useEmulator } from '../support/emulator.ts';
import { QueryCommand } from '@aws-sdk/client-timestream-query';

const fixture = useEmulator();
const folder = mkdtempSync(join(tmpdir(), 'tcu-lab-'));
afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
  for (const each of targets.values()) {
    each.clients.write.destroy();
    each.clients.query.destroy();
  }
});
const targets = new Map<string, LabTarget>();
/** One lab target per database, wired as the CLI wires it, against the test's emulator. */
const target = (database: string): LabTarget => targets.get(database)!;
beforeAll(async () => {
  for (const database of ['lab-setup', 'lab-gen', 'lab-again', 'lab-resume', 'lab-bad']) {
    targets.set(
      database,
      await labTarget(loadConfig({ LOG_LEVEL: 'silent' }), { endpoint: fixture.emulator.endpoint, database }),
    );
  }
});
const SMALL = { scale: 0.3, spanMinutes: 30 }; // 3 devices × 30 minutes
const EXPECTED = { legacy: 3 * 52 * 30, power: 3 * 8 * 30, energy: 3 * 44 * 30, metadata: 3 * 52 * 30 };

describe('lab setup', () => {
  it('creates the database and four tables with every column, and a second run is harmless', async () => {
    const first = await setupLab(target('lab-setup'));
    expect(first.databaseCreated).toBe(true);
    expect(first.tables.map((table) => [table.table, table.created, table.memoryHours])).toEqual([
      ['legacy', true, 24],
      ['power', true, 24],
      ['energy', true, 24],
      ['metadata', true, 24],
    ]);
    for (const table of first.tables)
      expect(table.columns).toEqual(expect.arrayContaining([...EXPECTED_COLUMNS[table.table]]));
    const second = await setupLab(target('lab-setup'));
    expect(second.databaseCreated).toBe(false);
    expect(second.tables.every((table) => !table.created)).toBe(true);
    const probes = rowsOf(
      await fixture.clients.query.send(new QueryCommand({ QueryString: `SELECT count(*) FROM "lab-setup"."legacy"` })),
    );
    expect(probes).toEqual([['1']]);
  });

  it('refuses a region without Timestream for LiveAnalytics, before any call', () => {
    expect(() => checkRegion({ region: 'cn-north-1', isLocal: false })).toThrow(/not offered in cn-north-1/);
    expect(() => checkRegion({ region: 'cn-north-1', isLocal: true })).not.toThrow();
  });
});

describe('lab generate', () => {
  it('writes exact counts into every table and validates them', async () => {
    await setupLab(target('lab-gen'));
    const report = await generateLab(target('lab-gen'), { ...SMALL, checkpointPath: join(folder, 'gen.json') });
    expect(report.status).toBe('complete');
    expect(report.records).toEqual({
      planned: 14_040,
      written: 14_040,
      rejectedBeforeSending: 0,
      rejectedByService: 0,
    });
    expect(report.perTable).toEqual(EXPECTED);
    expect(report.validation?.isComplete).toBe(true);
    expect(report.validation?.tables.map((table) => [table.table, table.rows])).toEqual(Object.entries(EXPECTED));
    expect(report.validation?.legacyPerDeviceMetric).toEqual({ devices: 3, metrics: 52, minRows: 30, maxRows: 30 });
  });

  it('validates a second generation by its own window and devices, whatever earlier runs left', async () => {
    await setupLab(target('lab-again'));
    const first = await generateLab(target('lab-again'), {
      scale: 0.5,
      spanMinutes: 30,
      checkpointPath: join(folder, 'again-1.json'),
    });
    expect(first.validation?.isComplete).toBe(true);
    // Ten minutes later, fewer devices: the earlier run's rows stay in the table (as they do in Timestream).
    const later = Date.now() + 10 * 60_000;
    const second = await generateLab(target('lab-again'), {
      ...SMALL,
      now: () => later,
      checkpointPath: join(folder, 'again-2.json'),
    });
    expect(second.records.rejectedByService).toBe(0);
    expect(second.validation?.isComplete).toBe(true);
    expect(second.validation?.tables.map((table) => [table.table, table.rows])).toEqual(Object.entries(EXPECTED));
    expect(second.validation?.legacyPerDeviceMetric).toEqual({ devices: 3, metrics: 52, minRows: 30, maxRows: 30 });
  });

  it('after a crash at k batches, --resume writes exactly the rest: no duplicate, no gap', async () => {
    await setupLab(target('lab-resume'));
    const checkpointPath = join(folder, 'resume.json');
    const crash = new AbortController();
    let batches = 0;
    const partial = await generateLab(target('lab-resume'), {
      ...SMALL,
      checkpointPath,
      inFlight: 4,
      onProgress: () => undefined,
      tamper: (batch) => {
        batches += 1;
        if (batches === 40) crash.abort();
        return batch;
      },
      signal: crash.signal,
    });
    expect(partial.status).toBe('stopped');
    expect(partial.batches.writtenThisRun).toBeGreaterThanOrEqual(40);
    const resumed = await generateLab(target('lab-resume'), { checkpointPath, resume: true });
    expect(resumed.status).toBe('complete');
    expect(resumed.batches.doneBefore).toBe(partial.batches.writtenThisRun);
    expect(partial.records.written + resumed.records.written).toBe(14_040);
    expect(resumed.validation?.isComplete).toBe(true);
    const duplicates = rowsOf(
      await fixture.clients.query.send(
        new QueryCommand({
          QueryString: `SELECT count(*) FROM (SELECT deviceNo, name, time, count(*) AS c FROM "lab-resume"."legacy" GROUP BY 1, 2, 3) WHERE c > 1`,
        }),
      ),
    );
    expect(duplicates).toEqual([['0']]);
  });

  it('logs injected bad records one by one with reasons and completes', async () => {
    await setupLab(target('lab-bad'));
    const events: LabEvent[] = [];
    const report = await generateLab(target('lab-bad'), {
      ...SMALL,
      checkpointPath: join(folder, 'bad.json'),
      log: (event) => events.push(event),
      tamper: (batch) => {
        if (batch.index !== 0 && batch.index !== 1) return batch;
        const records = batch.records.map((record, index) => {
          if (index === 3) return { ...record, Time: String(Date.now() - 48 * 3600_000) }; // outside the window
          if (index === 5)
            return {
              ...record,
              MeasureValues: record.MeasureValues?.map((measure) =>
                measure.Name === 'value' ? { ...measure, Value: '0' } : measure,
              ),
            };
          // Batch 1, record 7: the same key as record 6 with another value — Timestream rejects it.
          if (batch.index === 1 && index === 7) {
            const twin = batch.records[6]!;
            return {
              ...twin,
              MeasureValues: twin.MeasureValues?.map((measure) =>
                measure.Name === 'value' ? { ...measure, Value: '123.25' } : measure,
              ),
            };
          }
          return record;
        });
        return { ...batch, records };
      },
    });
    expect(report.status).toBe('complete');
    expect(report.records.rejectedBeforeSending).toBe(4);
    const local = events.filter((event) => event.message === 'record rejected before sending');
    expect(local.map((event) => [event.batch, event.recordIndex])).toEqual([
      [0, 3],
      [0, 5],
      [1, 3],
      [1, 5],
    ]);
    expect(String(local[1]?.reason)).toContain('is not > 0');
    expect(report.records.rejectedByService).toBe(1);
    const remote = events.filter((event) => event.message === 'record rejected by Timestream');
    expect(remote).toEqual([
      expect.objectContaining({
        batch: 1,
        recordIndex: 7,
        existingVersion: 1,
        reason: expect.stringContaining('same dimensions, time and measure name'),
      }),
    ]);
    // Record 7 of batch 1 replaced the original record 7, which is therefore missing too.
    expect(report.records.written).toBe(14_040 - 4 - 1);
  });
});
