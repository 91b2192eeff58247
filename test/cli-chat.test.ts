/** `tcu-bot chat` against a running local bot: signed request, answer printed, --wait until the final report. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { labTarget, localDeps } from '../src/deps.ts';
import { generateLab } from '../src/lab/generate.ts';
import { setupLab } from '../src/lab/setup.ts';
import { silentLogger } from '../src/shared/logger.ts';
import { useEmulator } from './support/emulator.ts';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../bin/tcu-bot.mjs', import.meta.url));
const SECRETS = { SLACK_SIGNING_SECRET: 'local-slack-secret', DINGTALK_APP_SECRET: 'local-ding-secret' };
const fixture = useEmulator();
const folder = mkdtempSync(join(tmpdir(), 'tcu-chat-'));
let server: ServerType;
let url: string;

beforeAll(async () => {
  const config = loadConfig({
    ...SECRETS,
    LOG_LEVEL: 'silent',
    TIMESTREAM_ENDPOINT: fixture.emulator.endpoint,
    ALLOWED_USERS: 'slack:alice,dingtalk:alice',
    LAB_DATABASE: 'chat',
    LAB_CHECKPOINT: join(folder, 'checkpoint.json'),
  });
  const lab = await labTarget(config, { endpoint: fixture.emulator.endpoint });
  await setupLab(lab);
  await generateLab(lab, { scale: 0.3, spanMinutes: 60, checkpointPath: config.lab.checkpointPath });
  const app = createApp(localDeps(config, { logger: silentLogger, consoleWrite: () => undefined }));
  server = await new Promise<ServerType>((resolve) => {
    const started = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(started));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.close();
  rmSync(folder, { recursive: true, force: true });
});

async function chat(...args: string[]) {
  try {
    const { stdout } = await run(process.execPath, [BIN, 'chat', ...args, '--url', url], {
      env: { PATH: process.env.PATH ?? '', ...SECRETS },
      cwd: folder,
    });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: `${failed.stdout}${failed.stderr}` };
  }
}

describe('tcu-bot chat', () => {
  it('prints the answer to /tcu status (Slack format)', async () => {
    const { code, stdout } = await chat('/tcu status');
    expect(code).toBe(0);
    expect(stdout).toContain('MaxQueryTCU');
  });

  it('--dingtalk --wait prints the start and, later, the final report (in Chinese, as DingTalk shows them)', async () => {
    const { code, stdout } = await chat(
      '/loadtest start sql1=1 sql2=1 duration=2s',
      '--as',
      'alice',
      '--dingtalk',
      '--wait',
    );
    expect(code).toBe(0);
    expect(stdout).toContain('已开始：闭环模型');
    expect(stdout).toContain('📈 压测结束');
  });
});
