import { execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { dingTalkText } from './support/chat-servers.ts';
import { useEmulator } from './support/emulator.ts';
import { fixturePath } from './support/fixtures.ts';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../bin/tcu-bot.mjs', import.meta.url));
/** An empty folder: no .data/emulator.endpoint announced, nothing written into the repo. */
const WORKDIR = mkdtempSync(join(tmpdir(), 'tcu-cli-'));

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '' },
      cwd: WORKDIR,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** Runs the CLI, sends SIGINT (Ctrl-C) `afterMs` later, and resolves with what it printed and its exit code. */
function interrupted(
  command: string[],
  options: string[],
  afterMs: number,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...command, ...options], {
    env: { PATH: process.env.PATH ?? '' },
    cwd: WORKDIR,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGINT'), afterMs);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

describe('tcu-bot alarm render', () => {
  it('prints the DingTalk and Slack bodies for a Lambda SNS event', async () => {
    const { code, stdout } = await cli('alarm', 'render', fixturePath('sns/lambda-event-alarm.json'));
    expect(code).toBe(0);
    const bodies = JSON.parse(stdout) as {
      dingtalk: { msgtype: string; actionCard: { btns: unknown[] } } & Record<string, unknown>;
      slack: { blocks: unknown[] };
    };
    // No one to mention here: the links ride on ActionCard buttons.
    expect(bodies.dingtalk.msgtype).toBe('actionCard');
    expect(bodies.dingtalk.actionCard.btns.length).toBeGreaterThan(0);
    expect(dingTalkText(bodies.dingtalk)).toContain('【紧急】🚨 告警触发');
    expect(bodies.slack.blocks.length).toBeGreaterThan(3);
  });

  it('prints one body with --to and honours --locale', async () => {
    const { code, stdout } = await cli(
      'alarm',
      'render',
      fixturePath('alarms/composite-children-objects.json'),
      '--to',
      'dingtalk',
      '--locale',
      'en',
    );
    expect(code).toBe(0);
    expect(dingTalkText(JSON.parse(stdout) as Record<string, unknown>)).toContain(
      '**Rule**: ALARM("TimestreamQueryTCUHigh")',
    );
  });

  it('exits 1 with a clear message on input it cannot read', async () => {
    const missing = await cli('alarm', 'render', '/nonexistent/alarm.json');
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toContain('cannot read /nonexistent/alarm.json: ENOENT');
    const notAlarm = await cli('alarm', 'render', fixturePath('sns-cert/signing-cert.pem'));
    expect(notAlarm.code).toBe(1);
    expect(notAlarm.stderr).toContain('not JSON');
  });

  it("exits 2 on wrong usage, with the one error and that command's usage only", async () => {
    const { code, stderr } = await cli('alarm', 'render', fixturePath('alarms/metric-query-tcu.json'), '--to', 'teams');
    expect(code).toBe(2);
    expect(stderr).toContain('--to must be dingtalk or slack, not teams');
    expect(stderr).toContain('alarm render <file|->');
    expect(stderr).not.toContain('lab story');
    expect(stderr).toContain('`tcu-bot help` lists every command.');
    expect(stderr.split('\n').length).toBeLessThan(12);
  });

  it('takes choices in any case (--to DingTalk, --locale EN)', async () => {
    const { code, stdout } = await cli(
      'alarm',
      'render',
      fixturePath('alarms/metric-query-tcu.json'),
      '--to',
      'DingTalk',
      '--locale',
      'EN',
    );
    expect(code).toBe(0);
    expect(dingTalkText(JSON.parse(stdout) as Record<string, unknown>)).toContain('ALARM');
  });

  it('previews the message as text with --text, per platform in its language', async () => {
    const { code, stdout } = await cli('alarm', 'render', fixturePath('alarms/metric-query-tcu.json'), '--text');
    expect(code).toBe(0);
    expect(stdout).toContain('── dingtalk (zh-CN) ──');
    expect(stdout).toContain('【紧急】🚨 告警触发');
    expect(stdout).toContain('── slack (en) ──');
    expect(stdout).not.toContain('"msgtype"');
  });
});

describe('tcu-bot tcu status / cost check / cost services (--target local --endpoint)', () => {
  const fixture = useEmulator();

  it('prints the status as figures and messages', async () => {
    const { code, stdout } = await cli('tcu', 'status', '--endpoint', fixture.emulator.endpoint, '--json');
    expect(code).toBe(0);
    const output = JSON.parse(stdout) as {
      target: string;
      report: { tcu: { maxQueryTcu: number }; isLocalEstimate: boolean };
      messages: { dingtalk: { msgtype: string } };
    };
    expect(output.target).toBe(`emulator at ${fixture.emulator.endpoint}`);
    expect(output.report.tcu.maxQueryTcu).toBe(200);
    expect(output.report.isLocalEstimate).toBe(true);
    expect(output.messages.dingtalk.msgtype).toBe('markdown');
  });

  it('checks the cost of a given day and lists the service names', async () => {
    const check = await cli('cost', 'check', '--date', '2025-05-31', '--endpoint', fixture.emulator.endpoint);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('no data for 2025-05-31');
    const services = await cli('cost', 'services', '--endpoint', fixture.emulator.endpoint);
    expect(services.stdout).toContain('Amazon Timestream   ← COST_SERVICE');
  });

  it('lab generate prints a summary for a person, plain progress lines off a terminal, JSON only with --json', async () => {
    const endpoint = ['--endpoint', fixture.emulator.endpoint, '--database', 'cli_gen'];
    expect((await cli('lab', 'setup', ...endpoint)).code).toBe(0);
    const generated = await cli('lab', 'generate', ...endpoint, '--scale', '0.1', '--span-minutes', '20');
    expect(generated.code).toBe(0);
    expect(generated.stdout).toMatch(/^complete: 3,120 records written into cli_gen/);
    expect(generated.stdout).toContain('checked: every table holds every expected row');
    expect(generated.stdout).toContain('next: tcu-bot lab loadtest');
    expect(generated.stderr).toContain('generate: 100% · 3,120 records');
    const asJson = await cli('lab', 'generate', ...endpoint, '--scale', '0.1', '--span-minutes', '20', '--json');
    expect((JSON.parse(asJson.stdout) as { status: string }).status).toBe('complete');
    expect(asJson.stderr).not.toContain('generate: ');
  }, 60_000);

  it('lab generate before lab setup says what to run first, without a stack trace', async () => {
    const { code, stderr } = await cli(
      'lab',
      'generate',
      '--endpoint',
      fixture.emulator.endpoint,
      '--database',
      'nosuch',
    );
    expect(code).toBe(1);
    expect(stderr).toContain('does not exist. Run `tcu-bot lab setup` (or /setup) first.');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('Ctrl-C once stops a load test gracefully and still prints its report; progress shows meanwhile', async () => {
    const run = interrupted(
      ['lab', 'loadtest', '--endpoint', fixture.emulator.endpoint, '--database', 'cli_gen'],
      ['--sql1', '1', '--sql2', '1', '--duration', '5m'],
      12_000,
    );
    const { code, stdout, stderr } = await run;
    expect(code).toBe(0);
    expect(stderr).toMatch(/loadtest: \d+\/300 s · \d+ started · \d+ ok/);
    expect(stderr).toContain('stopping: finishing what is in flight');
    expect(stdout).toContain('| SQL1 |');
  }, 60_000);

  it('Ctrl-C once stops a data generation at a checkpoint and says how to resume', async () => {
    const { code, stdout, stderr } = await interrupted(
      ['lab', 'generate', '--endpoint', fixture.emulator.endpoint, '--database', 'cli_gen'],
      ['--scale', '1', '--span-minutes', '720', '--checkpoint', 'interrupted.json'],
      2_000,
    );
    expect(stderr).toContain('stopping: finishing what is in flight');
    expect(stdout).toMatch(/^stopped after [\d,]+ of [\d,]+ batches .*: resume with --resume/);
    expect(code).toBe(1);
  }, 60_000);

  it('refuses a bad --date or --target with usage', async () => {
    expect((await cli('cost', 'check', '--date', 'yesterday', '--endpoint', fixture.emulator.endpoint)).code).toBe(2);
    expect((await cli('tcu', 'status', '--target', 'mars')).code).toBe(2);
  });
});
