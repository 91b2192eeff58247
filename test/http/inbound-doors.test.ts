/**
 * The inbound doors against odd and hostile input (issue findings 5, 6, 7 and 11): malformed input
 * gets a 4xx with a reason, odd-but-valid input is delivered sanitised, the local server refuses
 * foreign Hosts and cross-site Origins, Slack stamps from the future are refused, and minimal
 * hand-made payloads are delivered.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forwardSnsEvent } from '../../src/alarms/forward.ts';
import { renderAlarmFile } from '../../src/cli/alarm-render.ts';
import { loadConfig } from '../../src/config.ts';
import { anAlarm } from '../support/builders.ts';
import { dingTalkRobot } from '../support/chat-servers.ts';
import { testApp } from '../support/app.ts';
import { mswServer } from '../support/msw.ts';

const SIGNING_SECRET = 'slack-signing-secret-for-tests';

function signedSlack(app: ReturnType<typeof testApp>['app'], body: string, timestamp: number, type = 'form') {
  const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return app.request('/slack/events', {
    method: 'POST',
    body,
    headers: {
      'content-type': type === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
      'x-slack-signature': signature,
      'x-slack-request-timestamp': String(timestamp),
    },
  });
}

// Every request here is refused before a command runs: the Timestream endpoint is never called.
const slackApp = () =>
  testApp({ env: { SLACK_SIGNING_SECRET: SIGNING_SECRET, TIMESTREAM_ENDPOINT: 'http://127.0.0.1:9' } });
const now = () => Math.floor(Date.now() / 1000);

describe('malformed input is a 4xx with a reason, never a 5xx', () => {
  it('Slack: payload=null, a bare number, an array, a half slash command', async () => {
    const { app } = slackApp();
    for (const body of ['payload=null', 'payload=42', 'payload=%5B1%5D', 'command=%2Ftcu&text=status']) {
      const response = await signedSlack(app, body, now());
      expect(response.status, body).toBe(400);
      expect(((await response.json()) as { reason: string }).reason.length).toBeGreaterThan(5);
    }
    expect((await signedSlack(app, 'null', now(), 'json')).status).toBe(400);
  });

  it('/dev/alarm: {"Records":[1]} and records that are not SNS', async () => {
    const { app } = testApp();
    for (const body of ['{"Records":[1]}', '{"Records":[{"EventSource":"aws:sqs","Sns":{}}]}', '{"Records":[]}']) {
      const response = await app.request('/dev/alarm', { method: 'POST', body });
      expect(response.status, body).toBe(400);
    }
  });
});

describe('odd but valid input is delivered, sanitised', () => {
  it('a lone surrogate in AlarmName: delivered (U+FFFD), over HTTP and through alarm render', async () => {
    const dingtalk = dingTalkRobot();
    mswServer.use(dingtalk.handler);
    const { app } = testApp();
    const body = anAlarm().text().replace('"AlarmName":"', '"AlarmName":"\\ud800tcu-');
    expect(body).toContain('\\ud800');
    const response = await app.request('/dev/alarm', { method: 'POST', body });
    expect(response.status).toBe(200);
    expect(JSON.stringify(dingtalk.received[0]!.body)).toContain('\ufffdtcu-');

    const folder = mkdtempSync(join(tmpdir(), 'surrogate-'));
    try {
      writeFileSync(join(folder, 'alarm.json'), body);
      const rendered = renderAlarmFile(
        { file: join(folder, 'alarm.json'), to: undefined, locale: undefined, asText: false },
        loadConfig({ LOG_LEVEL: 'silent' }),
      );
      expect(rendered).toContain('\ufffdtcu-');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('the local server answers loopback requests from its own pages only', () => {
  it('refuses a foreign Host (DNS rebinding) and a cross-site Origin (CSRF) with 403, on every route', async () => {
    const { app } = testApp();
    for (const path of ['/dev/alarm', '/healthz', '/sns']) {
      const method = path === '/healthz' ? 'GET' : 'POST';
      const rebound = await app.request(`http://attacker.example${path}`, {
        method,
        body: method === 'POST' ? '{}' : undefined,
      });
      expect(rebound.status, path).toBe(403);
      const crossSite = await app.request(`http://127.0.0.1:3000${path}`, {
        method,
        body: method === 'POST' ? anAlarm().text() : undefined,
        headers: { origin: 'https://evil.example' },
      });
      expect(crossSite.status, path).toBe(403);
    }
    const sameSite = await app.request('http://127.0.0.1:3000/healthz', {
      headers: { origin: 'http://127.0.0.1:3000' },
    });
    expect(sameSite.status).toBe(200);
  });

  it('leaves the Lambda app alone (API Gateway fronts it)', async () => {
    const { app } = testApp({ mode: 'aws' });
    expect((await app.request('https://abc.execute-api.us-east-1.amazonaws.com/healthz')).status).toBe(200);
  });
});

describe('Slack timestamps', () => {
  it('refuses requests stamped more than 5 minutes in the future, as in the past', async () => {
    const { app } = slackApp();
    const body = 'command=%2Ftcu&text=status';
    for (const offset of [6 * 60, 365 * 86_400, -6 * 60]) {
      const response = await signedSlack(app, body, now() + offset);
      expect(response.status, String(offset)).toBe(401);
    }
  });
});

describe('minimal payloads are delivered', () => {
  it('a bare alarm without Trigger (name, state, reason, time, region)', async () => {
    const dingtalk = dingTalkRobot();
    mswServer.use(dingtalk.handler);
    const { app } = testApp();
    const bare = {
      AlarmName: 'hand-made-tcu-alarm',
      NewStateValue: 'ALARM',
      NewStateReason: 'testing the path',
      StateChangeTime: new Date().toISOString(),
      Region: 'Asia Pacific (Tokyo)',
    };
    const response = await app.request('/dev/alarm', { method: 'POST', body: JSON.stringify(bare) });
    expect(response.status).toBe(200);
    expect(JSON.stringify(dingtalk.received[0]!.body)).toContain('hand-made-tcu-alarm');
  });

  it('a Lambda SNS record carrying only Sns.Message (aws lambda invoke)', async () => {
    const dingtalk = dingTalkRobot();
    mswServer.use(dingtalk.handler);
    const { deps } = testApp({ mode: 'aws' });
    const event = { Records: [{ Sns: { Message: anAlarm().named('invoked-by-hand').text() } }] };
    await expect(forwardSnsEvent(event, { ...deps, deadlineAtMs: Date.now() + 30_000 })).resolves.toEqual({
      delivered: 1,
    });
    expect(JSON.stringify(dingtalk.received[0]!.body)).toContain('invoked-by-hand');
    // The same hand-made event sent again is recognised and not posted twice.
    await forwardSnsEvent(event, { ...deps, deadlineAtMs: Date.now() + 30_000 });
    expect(dingtalk.received).toHaveLength(1);
  });
});
