/** POST /dingtalk/events: signed callbacks become commands; quick answers in the body, job reports through sessionWebhook. */
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

const APP_SECRET = 'ding-app-secret-for-tests';
const SESSION = 'https://oapi.dingtalk.com/robot/sendBySession?session=0123456789abcdef';
const fixture = useEmulator();
const folder = mkdtempSync(join(tmpdir(), 'tcu-ding-'));
let app: ReturnType<typeof createApp>;
let messages = 0;
afterAll(() => rmSync(folder, { recursive: true, force: true }));

beforeAll(async () => {
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    DINGTALK_APP_SECRET: APP_SECRET,
    TIMESTREAM_ENDPOINT: fixture.emulator.endpoint,
    ALLOWED_USERS: 'dingtalk:staff-alice',
    LAB_DATABASE: 'ding',
    LAB_CHECKPOINT: join(folder, 'checkpoint.json'),
  });
  const lab = await labTarget(config, { endpoint: fixture.emulator.endpoint });
  await setupLab(lab);
  await generateLab(lab, { scale: 0.3, spanMinutes: 60, checkpointPath: config.lab.checkpointPath });
  app = createApp(localDeps(config, { logger: silentLogger, consoleWrite: () => undefined }));
});

/** DingTalk stamps each callback when it sends it: two callbacks here never share a millisecond. */
let lastStamp = 0;
const stamp = () => (lastStamp = Math.max(Date.now(), lastStamp + 1));

function callback(
  content: string,
  options: {
    staff?: string;
    msgId?: string;
    timestamp?: number;
    secret?: string;
    rawBody?: string;
    to?: ReturnType<typeof createApp>;
  } = {},
) {
  const timestamp = options.timestamp ?? stamp();
  const secret = options.secret ?? APP_SECRET;
  const body =
    options.rawBody ??
    JSON.stringify({
      msgtype: 'text',
      text: { content: ` ${content}` },
      msgId: options.msgId ?? `msg-${++messages}`,
      createAt: Date.now(),
      conversationType: '2',
      conversationId: 'cid-ops-group',
      conversationTitle: '运维群',
      senderId: '$:LWCP_v1:$encrypted',
      senderStaffId: options.staff ?? 'staff-alice',
      senderNick: 'Alice',
      isAdmin: false,
      chatbotUserId: '$:LWCP_v1:$bot',
      isInAtList: true,
      sessionWebhook: SESSION,
      sessionWebhookExpiredTime: Date.now() + 90 * 60_000,
    });
  const sign = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
  return (options.to ?? app).request('/dingtalk/events', {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', timestamp: String(timestamp), sign },
  });
}

async function markdownOf(response: Response): Promise<string> {
  expect(response.status).toBe(200);
  const body = (await response.json()) as { msgtype: string; markdown: { text: string } };
  expect(body.msgtype).toBe('markdown');
  return body.markdown.text;
}

describe('POST /dingtalk/events', () => {
  it('answers /tcu status in the response body', async () => {
    expect(await markdownOf(await callback('/tcu status'))).toContain('MaxQueryTCU');
  });

  it.each([
    ['unsigned', () => app.request('/dingtalk/events', { method: 'POST', body: '{}' }), 401],
    ['signed with another secret', () => callback('/tcu status', { secret: 'other' }), 401],
    ['stale (over 5 minutes old)', () => callback('/tcu status', { timestamp: Date.now() - 6 * 60_000 }), 401],
    ['signed but not JSON', () => callback('', { rawBody: '{"msgtype":' }), 400],
    ['signed but missing fields', () => callback('', { rawBody: '{"msgtype":"text"}' }), 400],
  ])('refuses a request that is %s', async (_case, send, status) => {
    expect((await send()).status).toBe(status);
  });

  it('accepts a signed header pair once: a replay with another body and another sender is refused', async () => {
    const timestamp = stamp();
    expect(await markdownOf(await callback('/tcu status', { timestamp }))).toContain('MaxQueryTCU');
    const replay = await callback('/datagen start', { timestamp, staff: 'staff-mallory', msgId: 'msg-forged' });
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { reason: string }).reason).toContain('used before');
  });

  it('answers a DingTalk retry of the same msgId without running it again', async () => {
    const first = await markdownOf(await callback('/tcu status', { msgId: 'msg-retried' }));
    expect(first).toContain('MaxQueryTCU');
    const retried = await markdownOf(await callback('/tcu status', { msgId: 'msg-retried' }));
    expect(retried).toContain('该消息已处理');
    expect(retried).not.toContain('MaxQueryTCU');
  });

  it('answers in the language DINGTALK_LOCALE names', async () => {
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      DINGTALK_APP_SECRET: APP_SECRET,
      DINGTALK_LOCALE: 'en',
      TIMESTREAM_ENDPOINT: fixture.emulator.endpoint,
      LAB_DATABASE: 'ding',
    });
    const english = createApp(localDeps(config, { logger: silentLogger, consoleWrite: () => undefined }));
    const chinese = await markdownOf(await callback('/tcu help'));
    expect(chinese).toContain('### tcu-bot 命令');
    const answer = await markdownOf(await callback('/tcu help', { to: english }));
    expect(answer).toContain('### tcu-bot commands');
    expect(answer).toContain('run SQL1 and SQL2 under load');
  });

  it('refuses options out of range before anything starts, naming the range in Chinese', async () => {
    const answer = await markdownOf(await callback('/optimize report rate=0'));
    expect(answer).toContain('无法开始优化对比');
    expect(answer).toContain('rate 必须大于 0 且不超过 50，而不是 0');
    expect(answer).not.toContain('must be');
  });

  it('refuses a costly command from someone not allowed, with a reply that says so (in Chinese)', async () => {
    expect(await markdownOf(await callback('/loadtest start sql1=1 duration=2s', { staff: 'staff-bob' }))).toContain(
      '⛔ /loadtest start 仅限授权用户',
    );
  });

  it('starts a load test, refuses a replayed message, and posts the report through the sessionWebhook, all in Chinese', async () => {
    const posted: string[] = [];
    mswServer.use(
      http.post('https://oapi.dingtalk.com/robot/sendBySession', async ({ request }) => {
        expect(new URL(request.url).searchParams.get('session')).toBe('0123456789abcdef');
        posted.push(((await request.json()) as { markdown: { text: string } }).markdown.text);
        return HttpResponse.json({ errcode: 0, errmsg: 'ok' });
      }),
    );
    expect(
      await markdownOf(await callback('/loadtest start sql1=1 sql2=1 duration=2s', { msgId: 'msg-lt' })),
    ).toContain('▶️ 已开始：闭环模型：sql1 × 1 个并发');
    expect(
      await markdownOf(await callback('/loadtest start sql1=1 sql2=1 duration=2s', { msgId: 'msg-lt' })),
    ).toContain('该消息已处理（msgId msg-lt），不会重复执行');
    for (let waited = 0; waited < 15_000 && !posted.some((text) => text.includes('📈 压测结束')); waited += 200) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const report = posted.find((text) => text.includes('📈 压测结束'));
    expect(report).toContain('SQL1');
    expect(report).toContain('QueryTCU（全账户，每分钟）');
  });
});
