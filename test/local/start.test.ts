/**
 * `npm start` as a person runs it: the process prints the console URL, serves the page, and Ctrl-C
 * (SIGINT) stops it cleanly with the data checkpointed — a second start sees it, and the data file
 * is not locked by a leftover process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const folder = mkdtempSync(join(tmpdir(), 'tcu-start-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(folder, { recursive: true, force: true });
});

/** Starts src/local/start.ts (what `npm start` runs) and resolves with the console URL it prints. */
function start(): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  // Its own emulator and files, whatever this shell has set.
  const { TIMESTREAM_ENDPOINT: _unused, ...inherited } = process.env;
  const env = {
    ...inherited,
    PORT: '0',
    LOG_LEVEL: 'warn',
    LOCAL_DATA_PATH: join(folder, 'emulator.duckdb'),
    LAB_CHECKPOINT: join(folder, 'checkpoint.json'),
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/local/start.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /tcu-bot console: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (match) resolve({ child, url: match[1]!, output: () => output });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('npm start', () => {
  it('prints the console URL, serves it, and stops cleanly on Ctrl-C keeping the data', async () => {
    const first = await start();
    const page = await fetch(first.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('tcu-bot console');
    expect(first.output()).toContain(`data in ${join(folder, 'emulator.duckdb')}`);

    const exited = exitOf(first.child);
    first.child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(first.output()).toContain('checkpointing the data');
    expect(existsSync(join(folder, 'emulator.duckdb'))).toBe(true);

    // The file is free again: a second start opens it (a leftover process would hold DuckDB's lock).
    const second = await start();
    expect((await fetch(second.url)).status).toBe(200);
    const stopped = exitOf(second.child);
    second.child.kill('SIGINT');
    expect(await stopped).toBe(0);
  }, 90_000);
});
