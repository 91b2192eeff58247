/**
 * `tcu-bot lab setup|generate|run --workload` as a person runs it, against a real emulator: the
 * second bundled workload (plant-sensors: many series, one measure, group-by dashboards) completes at
 * a small scale, `--json` keeps its documented shape, `--report` writes one self-contained HTML file,
 * a failing threshold exits 99, and a broken file is refused with its line and field.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { useEmulator } from '../support/emulator.ts';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/tcu-bot.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const fixture = useEmulator();
const folder = mkdtempSync(join(tmpdir(), 'tcu-lab-workload-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [BIN, ...args, '--endpoint', fixture.emulator.endpoint, '--checkpoint', join(folder, 'checkpoint.json')],
      { env: { PATH: process.env.PATH ?? '', LOCAL_DATA_PATH: folder, LOG_LEVEL: 'warn' }, cwd: ROOT },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('tcu-bot lab … --workload', () => {
  it('sets up, generates and runs the bundled plant-sensors workload to the documented JSON', async () => {
    const setup = await cli(['lab', 'setup', '--workload', 'plant-sensors']);
    expect(setup).toMatchObject({ code: 0, stdout: expect.stringContaining('readings: created') });
    const generate = await cli(['lab', 'generate', '--workload', 'plant-sensors', '--span', '30m']);
    expect(generate.stdout).toContain('checked: every table holds every expected row');
    expect(generate.code).toBe(0);
    const report = join(folder, 'report.html');
    const ran = await cli([
      'lab',
      'run',
      '--workload',
      'workloads/plant-sensors.yaml',
      '--time-factor',
      '0.1',
      '--json',
      '--report',
      report,
    ]);
    expect(ran.code).toBe(0);
    const json = JSON.parse(ran.stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['queries', 'tcu', 'thresholds', 'ok']);
    const queries = json.queries as Record<string, Record<string, unknown>>;
    expect(Object.keys(queries)).toEqual(['line-averages', 'plant-maxima']);
    for (const figures of Object.values(queries)) {
      expect(Object.keys(figures)).toEqual(['count', 'succeeded', 'throttled', 'failed', 'latencyMs', 'bytesScanned']);
      expect(figures.count).toBeGreaterThan(0);
      expect(figures.succeeded).toBe(figures.count);
      expect(figures.bytesScanned).toBeGreaterThan(0);
      expect(Object.keys(figures.latencyMs as object)).toEqual(['p50', 'p95', 'p99']);
    }
    expect(json.tcu).toEqual({ peak: expect.any(Number), hours: expect.any(Number) });
    expect((json.tcu as { peak: number }).peak).toBeGreaterThan(0);
    expect(json.thresholds).toEqual([{ metric: 'failed_ratio', query: null, below: 0.01, actual: 0, ok: true }]);
    expect(json.ok).toBe(true);

    const html = readFileSync(report, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).toContain('data-series="line-averages"');
    expect(html).toMatch(/data-horizontal="\d+"/);
    expect(html).toContain('failed_ratio');
    // Self-contained: nothing is fetched from anywhere, and no address is written in it.
    expect(html).not.toMatch(/https?:\/\/|<script|<link|<img|url\(/i);
  }, 120_000);

  it('exits 99 when a threshold fails, and says which', async () => {
    const file = join(folder, 'strict.yaml');
    writeFileSync(
      file,
      readFileSync('workloads/plant-sensors.yaml', 'utf8').replace(
        '  - { metric: failed_ratio, below: 0.01 }',
        '  - { metric: latency_p95_ms, query: plant-maxima, below: 0.001 }',
      ),
    );
    const ran = await cli(['lab', 'run', '--workload', file, '--time-factor', '0.05']);
    expect(ran.code).toBe(99);
    expect(ran.stdout).toMatch(/✗ latency_p95_ms \(plant-maxima\) = [\d.]+ \(below 0\.001\)/);
  }, 60_000);

  it('refuses a broken file with its line and field (exit 2), before anything starts', async () => {
    const file = join(folder, 'broken.yaml');
    writeFileSync(file, readFileSync('workloads/plant-sensors.yaml', 'utf8').replace('every: 5m', 'every: 5'));
    const ran = await cli(['lab', 'run', '--workload', file]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/broken\.yaml:\d+: tables\[0\]\.every: every must be a duration with its unit/);
    const unwritable = await cli(['lab', 'run', '--workload', 'plant-sensors', '--report', '/no/such/folder/r.html']);
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toContain('--report: cannot write into /no/such/folder');
    const unknown = await cli(['lab', 'run', '--workload', 'no-such-workload']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      'no bundled workload no-such-workload: there are case-study, fleet, plant-sensors',
    );
  }, 60_000);
});
