/**
 * `npm start` as a person runs it: the process prints the console URL, serves the page, and Ctrl-C
 * (SIGINT) stops it cleanly with the data checkpointed — a second start sees it, and the data file
 * is not locked by a leftover process.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startBot } from '../support/npm-start.ts';

const folder = mkdtempSync(join(tmpdir(), 'tcu-start-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(folder, { recursive: true, force: true });
});

const start = () => startBot(folder);

describe('npm start', () => {
  it('prints the console URL, serves it, and stops cleanly on Ctrl-C keeping the data', async () => {
    const first = await start();
    children.push(first.child);
    const page = await fetch(first.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('tcu-bot console');
    expect(first.output()).toContain(`data in ${join(folder, 'emulator.duckdb')}`);
    // It says what it does before the URL: a big data file takes a moment to open.
    expect(first.output()).toContain(`tcu-bot: opening the emulator's data: ${join(folder, 'emulator.duckdb')} (new)…`);
    expect(first.output()).toContain('tcu-bot: checking the lab tables…');

    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('checkpointing the data');
    expect(existsSync(join(folder, 'emulator.duckdb'))).toBe(true);

    // The file is free again: a second start opens it (a leftover process would hold DuckDB's lock).
    const second = await start();
    children.push(second.child);
    expect((await fetch(second.url)).status).toBe(200);
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  }, 90_000);
});
