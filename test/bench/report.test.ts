/** docs/benchmarks.md and the README's figures are generated from bench/results: they must agree. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('bench:report', () => {
  it('docs/benchmarks.md and the README table are what bench/results say', () => {
    const check = spawnSync(process.execPath, ['bench/report.mjs', '--check'], { cwd: root, encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });
});
