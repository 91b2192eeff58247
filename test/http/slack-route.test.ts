/** POST /slack/events: signed slash commands through Bolt (no-op receiver), answers acked, reports via response_url. */
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { http, HttpResponse } from 'msw';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { labTarget, localDeps } from '../../src/deps.ts';
import { generateLab } from '../../src/lab/generate.ts';
import { setupLab } from '../../src/lab/setup.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { useEmulator } from '../support/emulator.ts';
import { mswServer } from '../support/msw.ts';

const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const RESPONSE_URL = 'https://hooks.slack.com/commands/T0001/1234567890/abcdefABCDEF';
const fixture = useEmulator();
const folder = mkdtempSync(join(tmpdir(), 'tcu-slack-'));
let app: ReturnType<typeof createApp>;
let triggers = 0;
afterAll(() => rmSync(folder, { recursive: true, force: true }));

beforeAll(async () => {
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    TIMESTREAM_ENDPOINT: fixture.emulator.endpoint,
    ALLOWED_CONVERSATIONS: 'slack:C0OPS',
    LAB_DATABASE: 'slack',
    LAB_CHECKPOINT: join(folder, 'checkpoint.json'),
  });
  const lab = await labTarget(config, { endpoint: fixture.emulator.endpoint });
  await setupLab(lab);
  await generateLab(lab, { scale: 0.3, spanMinutes: 60, checkpointPath: config.lab.checkpointPath });
  app = createApp(localDeps(config, { logger: silentLogger, consoleWrite: () => undefined }));
});

function slashCommand(
  command: string,
  text: string,
  options: {
    channel?: string;
    trigger?: string;
    timestamp?: number;
    secret?: string;
    retry?: number;
    responseUrl?: string;
  } = {},
) {
  const body = new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: 'T0001',
    team_domain: 'acme',
    channel_id: options.channel ?? 'C0OPS',
    channel_name: 'ops',
    user_id: 'U0ALICE',
    user_name: 'alice',
    command,
    text,
    api_app_id: 'A0TCUBOT',
    response_url: options.responseUrl ?? RESPONSE_URL,
    trigger_id: options.trigger ?? `trigger-${++triggers}`,
  }).toString();
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', options.secret ?? SIGNING_SECRET)
    .update(`v0:${timestamp}:${body}`)
    .digest('hex')}`;
  return app.request('/slack/events', {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-signature': signature,
      'x-slack-request-timestamp': String(timestamp),
      ...(options.retry ? { 'x-slack-retry-num': String(options.retry), 'x-slack-retry-reason': 'http_timeout' } : {}),
    },
  });
}

async function answer(response: Response): Promise<string> {
  expect(response.status).toBe(200);
  const body = (await response.json()) as { response_type: string; text: string; blocks: unknown[] };
  expect(body.response_type).toBe('in_channel');
  return JSON.stringify(body.blocks);
}

describe('POST /slack/events', () => {
  it('answers /tcu status within the ack', async () => {
    expect(await answer(await slashCommand('/tcu', 'status'))).toContain('MaxQueryTCU');
  });

  it('answers url_verification with the challenge (signed)', async () => {
    const body = JSON.stringify({ token: 't', challenge: 'ch4ll3ng3', type: 'url_verification' });
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
    const response = await app.request('/slack/events', {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'x-slack-signature': signature,
        'x-slack-request-timestamp': String(timestamp),
      },
    });
    expect(await response.json()).toEqual({ challenge: 'ch4ll3ng3' });
  });

  it.each([
    ['unsigned', () => app.request('/slack/events', { method: 'POST', body: 'command=%2Ftcu&text=status' })],
    ['signed with another secret', () => slashCommand('/tcu', 'status', { secret: 'other' })],
    [
      'stale (10 minutes old)',
      () => slashCommand('/tcu', 'status', { timestamp: Math.floor(Date.now() / 1000) - 600 }),
    ],
  ])('refuses a request that is %s with 401', async (_case, send) => {
    expect((await send()).status).toBe(401);
  });

  it("refuses to start a job whose response_url is not Slack's", async () => {
    const body = await answer(await slashCommand('/setup', '', { responseUrl: 'https://collector.example.com/steal' }));
    expect(body).toContain('no way to report back');
    expect(body).toContain('response_url is not a Slack address');
  });

  it('refuses options out of range before anything starts, naming the range (English)', async () => {
    const body = await answer(await slashCommand('/optimize', 'report rate=0'));
    expect(body).toContain('Cannot start the before/after report');
    expect(body).toContain('rate must be a number above 0 and at most 50, not 0');
    expect(body).toContain('/optimize report [rate=Q] [duration=30s] [maxquerytcu=M]');
  });

  it('refuses a costly command outside the allowed channels', async () => {
    expect(
      await answer(await slashCommand('/loadtest', 'start sql1=1 duration=2s', { channel: 'C0RANDOM' })),
    ).toContain('allowed users only');
  });

  it('starts a load test once even when Slack retries, and posts the report to response_url', async () => {
    const posted: { response_type?: string; text: string }[] = [];
    mswServer.use(
      http.post(RESPONSE_URL, async ({ request }) => {
        posted.push((await request.json()) as { response_type?: string; text: string });
        return new HttpResponse('ok');
      }),
    );
    expect(
      await answer(await slashCommand('/loadtest', 'start sql1=1 sql2=1 duration=2s', { trigger: 'trigger-lt' })),
    ).toContain('Started');
    expect(
      await answer(
        await slashCommand('/loadtest', 'start sql1=1 sql2=1 duration=2s', { trigger: 'trigger-lt', retry: 1 }),
      ),
    ).toContain('already started for this request');
    for (
      let waited = 0;
      waited < 15_000 && !posted.some((message) => message.text.includes('load test:'));
      waited += 200
    ) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const report = posted.find((message) => message.text.includes('load test:'));
    expect(report?.response_type).toBe('in_channel');
    expect(JSON.stringify(report)).toContain('Load test finished');
  });
});
