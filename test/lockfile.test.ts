/**
 * `npm ci` refuses a lockfile that lacks any optional dependency of the tree. The registry this project
 * installs from carries only the linux-x64 DuckDB bindings, so `npm install` cannot write the entries
 * for the other platforms by itself; they were added by hand (os/cpu/libc only, so npm skips them on
 * other platforms). This test catches a regenerated lockfile that dropped them before CI does.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8')) as {
  packages: Record<string, { optionalDependencies?: Record<string, string> }>;
};

describe('package-lock.json', () => {
  it('lists every optional platform binding of @duckdb/node-bindings', () => {
    const optional = Object.keys(lock.packages['node_modules/@duckdb/node-bindings']?.optionalDependencies ?? {});
    expect(optional.length).toBeGreaterThan(0);
    const missing = optional.filter((name) => !(`node_modules/${name}` in lock.packages));
    expect(missing).toEqual([]);
  });
});
