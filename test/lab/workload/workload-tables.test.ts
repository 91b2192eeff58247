/**
 * A workload file's tables and data on a real emulator: setup honours the partition key and the
 * retention; generation honours every field (dimensions and their values, measure names, each
 * measure's type and range, every and span); a crashed run resumes to exactly the plan.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/client-timestream-query';
import { DescribeTableCommand } from '@aws-sdk/client-timestream-write';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { labTarget } from '../../../src/deps.ts';
import type { LabTarget } from '../../../src/lab/lab-target.ts';
import { readWorkload } from '../../../src/lab/workload/read-workload.ts';
import { planWorkloadData } from '../../../src/lab/workload/workload-data.ts';
import { generateWorkload, setupWorkload } from '../../../src/lab/workload/workload-tables.ts';
import { rowsOf, useEmulator } from '../../support/emulator.ts';

const fixture = useEmulator();
const folder = mkdtempSync(join(tmpdir(), 'tcu-workload-'));
let target: LabTarget;
beforeAll(async () => {
  target = await labTarget(loadConfig({ LOG_LEVEL: 'silent' }), {
    endpoint: fixture.emulator.endpoint,
    database: 'shop',
  });
});
afterAll(() => {
  target.clients.write.destroy();
  target.clients.query.destroy();
  rmSync(folder, { recursive: true, force: true });
});

const WORKLOAD = readWorkload(
  `name: shop
database: shop
tables:
  - name: tills
    partitionKey: store
    dimensions:
      - { name: store, values: [north, south, east] }
      - { name: till, cardinality: 2 }
    measureName: { values: [sales, refunds] }
    measures:
      - { name: amount, type: DOUBLE, min: 5, max: 10 }
      - { name: items, type: BIGINT, min: 1, max: 3 }
      - { name: currency, type: VARCHAR, values: [EUR, GBP] }
      - { name: card, type: BOOLEAN }
    every: 5m
    span: 1h
  - name: doors
    dimensions: [{ name: door, cardinality: 2 }]
    measureName: visits
    measures: [{ name: count, type: BIGINT }]
    every: 10m
    span: 30m
queries:
  - name: q
    sql: SELECT count(*) FROM "shop"."tills" WHERE time > ago(1h)
stages: [{ duration: 1s, rate: 1 }]
`,
  'shop.yaml',
);

const query = async (sql: string) => rowsOf(await target.clients.query.send(new QueryCommand({ QueryString: sql })));

describe('a workload file’s tables and data', () => {
  it('setup creates each table with the partition key and a memory retention covering its span', async () => {
    const report = await setupWorkload(target, WORKLOAD);
    expect(report.tables).toEqual([
      { table: 'tills', created: true, memoryHours: 2, partitionKey: 'store' },
      { table: 'doors', created: true, memoryHours: 2, partitionKey: null },
    ]);
    const described = await target.clients.write.send(
      new DescribeTableCommand({ DatabaseName: 'shop', TableName: 'tills' }),
    );
    expect(described.Table?.Schema?.CompositePartitionKey).toEqual([
      { Type: 'DIMENSION', Name: 'store', EnforcementInRecord: 'REQUIRED' },
    ]);
    expect((await setupWorkload(target, WORKLOAD)).tables.every((table) => !table.created)).toBe(true);
  });

  it('generation honours every field, then counts every expected row', async () => {
    const report = await generateWorkload(target, WORKLOAD, { checkpointPath: join(folder, 'shop.json') });
    // tills: 3 stores × 2 tills × 12 points × 2 names; doors: 2 × 3 points.
    expect(report.perTable).toEqual({ tills: 144, doors: 6 });
    expect(report.validation).toMatchObject({ isComplete: true });
    expect(await query('SELECT DISTINCT store, till FROM "shop"."tills" ORDER BY store, till')).toEqual([
      ['east', 'till-0'],
      ['east', 'till-1'],
      ['north', 'till-0'],
      ['north', 'till-1'],
      ['south', 'till-0'],
      ['south', 'till-1'],
    ]);
    expect(await query('SELECT DISTINCT measure_name FROM "shop"."tills" ORDER BY 1')).toEqual([
      ['refunds'],
      ['sales'],
    ]);
    const [bounds] = await query(
      `SELECT min(amount) >= 5 AND max(amount) <= 10, min(items), max(items), count(DISTINCT currency), count(DISTINCT card),
        count(DISTINCT time), to_milliseconds(max(time)) - to_milliseconds(min(time)) FROM "shop"."tills"`,
    );
    expect(bounds).toEqual(['true', '1', '3', '2', '2', '12', String(55 * 60_000)]);
    expect(
      await query(
        `SELECT DISTINCT date_diff('minute', lag(time) OVER (PARTITION BY door ORDER BY time), time) FROM "shop"."doors"`,
      ),
    ).toEqual(expect.arrayContaining([['10']]));
    const types = await query('DESCRIBE "shop"."tills"');
    expect(types.map((row) => [row[0], row[1]])).toEqual(
      expect.arrayContaining([
        ['amount', 'double'],
        ['items', 'bigint'],
        ['currency', 'varchar'],
        ['card', 'boolean'],
      ]),
    );
  });

  it('after a crash, --resume writes exactly the rest', async () => {
    const workload = { ...WORKLOAD, database: 'shop2' };
    const target2 = await labTarget(loadConfig({ LOG_LEVEL: 'silent' }), {
      endpoint: fixture.emulator.endpoint,
      database: 'shop2',
    });
    try {
      await setupWorkload(target2, workload);
      const checkpointPath = join(folder, 'shop2.json');
      const crash = new AbortController();
      let progress = 0;
      const partial = await generateWorkload(target2, workload, {
        checkpointPath,
        inFlight: 1,
        progressEveryMs: 0,
        signal: crash.signal,
        onProgress: () => {
          progress += 1;
          if (progress === 3) crash.abort();
        },
      });
      expect(partial.status).toBe('stopped');
      const resumed = await generateWorkload(target2, workload, { checkpointPath, resume: true });
      expect(resumed.status).toBe('complete');
      expect(partial.records.written + resumed.records.written).toBe(150);
      expect(resumed.validation?.isComplete).toBe(true);
      await expect(
        generateWorkload(target2, { ...workload, name: 'other' }, { checkpointPath, resume: true }),
      ).rejects.toThrow(/the checkpoint is of workload:shop:/);
    } finally {
      target2.clients.write.destroy();
      target2.clients.query.destroy();
    }
  });

  it('checks each record against its own table’s retention (a long table beside a short one)', async () => {
    const mixed = readWorkload(
      `name: mixed
database: mixed
tables:
  - name: long_history
    dimensions: [{ name: k, cardinality: 1 }]
    measureName: m
    measures: [{ name: v, type: DOUBLE }]
    every: 30m
    span: 5h
  - name: short_history
    dimensions: [{ name: k, cardinality: 1 }]
    measureName: m
    measures: [{ name: v, type: DOUBLE }]
    every: 10m
    span: 30m
queries: [{ name: q, sql: SELECT 1 }]
stages: [{ duration: 1s, rate: 1 }]
`,
      'mixed.yaml',
    );
    const mixedTarget = await labTarget(loadConfig({ LOG_LEVEL: 'silent' }), {
      endpoint: fixture.emulator.endpoint,
      database: 'mixed',
    });
    try {
      await setupWorkload(mixedTarget, mixed);
      const report = await generateWorkload(mixedTarget, mixed, { checkpointPath: join(folder, 'mixed.json') });
      // 5 h every 30 min is 10 points; 30 min every 10 min is 3; the 5-hour-old points are not refused.
      expect(report.records).toMatchObject({ written: 13, rejectedBeforeSending: 0 });
      expect(report.validation?.isComplete).toBe(true);
    } finally {
      mixedTarget.clients.write.destroy();
      mixedTarget.clients.query.destroy();
    }
  });

  it('batch i is the same records on every call (what makes resume exact)', () => {
    const window = { startMs: 0, endMs: 3600_000 };
    const once = planWorkloadData(WORKLOAD, window, 1);
    const again = planWorkloadData(WORKLOAD, window, 1);
    for (let index = 0; index < once.totalBatches; index += 1) expect(once.batch(index)).toEqual(again.batch(index));
    expect(planWorkloadData(WORKLOAD, window, 2).batch(0)).not.toEqual(once.batch(0));
  });
});
