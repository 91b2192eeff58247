/**
 * The README's "Your first hour", as written: its two shell blocks are read from the README and run in
 * order — the first starts `npm start`, each line of the second runs as a CLI process beside it — and
 * every command must succeed. Then the console page's own user runs a command, as the README says.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startBot, type StartedBot } from './support/npm-start.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'tcu-readme-'));
let bot: StartedBot | undefined;
afterAll(async () => {
  if (bot) {
    bot.child.kill('SIGINT');
    await bot.exited;
  }
  rmSync(folder, { recursive: true, force: true });
});

/** The shell blocks of the README's "Your first hour" section. */
function firstHourBlocks(): string[][] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.split('### Your first hour')[1]!.split('\n### ')[0]!;
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) =>
    match[1]!
      .split('\n')
      .map((line) => line.replace(/\s+#.*$/, '').trim())
      .filter(Boolean),
  );
}

/** `export A=1 B=2` → { A: '1', B: '2' } */
function exported(line: string): Record<string, string> {
  return Object.fromEntries(
    line
      .replace(/^export\s+/, '')
      .split(/\s+/)
      .map((pair) => pair.split('=') as [string, string]),
  );
}

/** Shell words, with double-quoted strings kept whole. */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2]!);
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/tcu-bot.mjs'), ...args], {
    cwd: folder,
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

describe("the README's first hour", () => {
  it('works as written, top to bottom, against npm start', async () => {
    const [botBlock, cliBlock] = firstHourBlocks();
    expect(botBlock).toContain('npm start');
    // The bot and the CLI share a port and a data folder of their own (never the repository's .data).
    const shared = { PORT: String(await freePort()), LOCAL_DATA_PATH: join(folder, 'emulator.duckdb') };
    let env: Record<string, string> = { ...shared };
    for (const line of botBlock!) {
      if (line.startsWith('export ')) env = { ...env, ...exported(line) };
      else if (line === 'npm start') bot = await startBot(folder, env);
      else throw new Error(`the first block has a line this test does not know: ${line}`);
    }
    expect(bot).toBeDefined();

    let cliEnv: Record<string, string> = { ...shared, LAB_CHECKPOINT: join(folder, 'checkpoint.json') };
    const ran: string[] = [];
    for (const line of cliBlock!) {
      if (line.startsWith('export ')) {
        cliEnv = { ...cliEnv, ...exported(line) };
        continue;
      }
      const prefix = 'npm run --silent cli -- ';
      expect(line.startsWith(prefix), line).toBe(true);
      const { code, output } = await run(words(line.slice(prefix.length)), cliEnv);
      expect(code, `${line}\n${output}`).toBe(0);
      ran.push(output);
    }
    expect(ran).toHaveLength(5);
    expect(ran[1]).toContain('Data generation complete');
    expect(ran[2]).toContain('Load test finished');
    expect(ran[2]).toMatch(/Run the same load on the optimized schema|queries throttled/);
    expect(ran[4]).toMatch(/OK|ALERT/);

    // "Then open the printed URL and run the same commands as operator in the console page."
    const page = await (await fetch(bot!.url)).text();
    const token = /<meta name="console-token" content="([^"]+)">/.exec(page)![1]!;
    const answer = await fetch(`${bot!.url}console/command`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-console-token': token },
      body: JSON.stringify({ user: 'operator', text: '/tcu status' }),
    });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { summary: string }).summary).toMatch(/QueryTCU \d+ \/ \d+/);
  }, 400_000);
});
