/**
 * A newcomer's first hour, through the surfaces a person touches: `npm start` as a process, the CLI
 * as a process beside it, and the console page's own routes.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type StartedBot } from '../support/npm-start.ts';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/tcu-bot.mjs', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'tcu-first-hour-'));
const DATA = join(folder, 'emulator.duckdb');
let bot: StartedBot;

beforeAll(async () => {
  // The README's allowlist for the chat platforms, which must not lock the console's own user out.
  bot = await startBot(folder, { ALLOWED_USERS: 'slack:me,dingtalk:me' });
}, 60_000);

afterAll(async () => {
  bot.child.kill('SIGINT');
  await bot.exited;
  rmSync(folder, { recursive: true, force: true });
});

/** The CLI as a person runs it, in another folder, told only where the bot keeps its data. */
async function cli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', LOCAL_DATA_PATH: DATA, LOG_LEVEL: 'warn', ...env },
      cwd: folder,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("a newcomer's first hour", () => {
  it('the CLI finds the running bot’s emulator by itself (its data file is in use)', async () => {
    expect(existsSync(join(folder, 'emulator.endpoint'))).toBe(true);
    const status = await cli(['tcu', 'status']);
    expect(status.stderr).not.toContain('in use');
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('QueryTCU');
  }, 60_000);

  it("keeps the console's user allowed whatever ALLOWED_USERS says for the chat platforms", async () => {
    const page = await (await fetch(bot.url)).text();
    const token = /<meta name="console-token" content="([^"]+)">/.exec(page)![1]!;
    const answer = await fetch(`${bot.url}console/command`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-console-token': token },
      body: JSON.stringify({ user: 'operator', text: '/setup' }),
    });
    const { summary } = (await answer.json()) as { summary: string };
    expect(summary).not.toMatch(/仅限授权用户|allowed users only/i);
  }, 60_000);

  it('`cli chat` without a bot says so in one line and exits 1, without a stack trace', async () => {
    const result = await cli(['chat', '/tcu status', '--url', 'http://127.0.0.1:9'], { SLACK_SIGNING_SECRET: 'local' });
    expect(result.code).toBe(1);
    const said = result.stdout + result.stderr;
    expect(said).toContain('no bot at http://127.0.0.1:9');
    expect(said).not.toMatch(/TypeError|fetch failed|\n\s+at /);
  }, 30_000);
});
