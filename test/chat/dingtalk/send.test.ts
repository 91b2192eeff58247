import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { alarmNotice } from '../../../src/alarms/alarm-notice.ts';
import { parseCloudWatchAlarm } from '../../../src/alarms/cloudwatch-alarm.ts';
import { classifyDingTalkReply } from '../../../src/chat/dingtalk/errors.ts';
import { DingTalkRobot } from '../../../src/chat/dingtalk/send.ts';
import {
  bodyBytes,
  DINGTALK_MAX_BODY_BYTES,
  renderDingTalkMarkdown,
  type DingTalkActionCardBody,
  type DingTalkMarkdownBody,
} from '../../../src/chat/dingtalk/render.ts';
import type { MentionConfig } from '../../../src/config.ts';
import { systemClock, type Clock } from '../../../src/shared/clock.ts';
import { anAlarm } from '../../support/builders.ts';
import { DINGTALK_SECRET, DINGTALK_WEBHOOK, dingTalkRobot } from '../../support/chat-servers.ts';
import { mswServer } from '../../support/msw.ts';

const NOW = Date.UTC(2025, 4, 28, 10, 0, 0);
const fixedClock: Clock = { now: () => NOW, sleep: systemClock.sleep };
const RATE = { limit: 20, windowMs: 60_000, soloLimit: 10, digestMaxEntries: 50 };

function robot(mentions?: MentionConfig) {
  return new DingTalkRobot({
    name: 'ops',
    webhookUrl: DINGTALK_WEBHOOK,
    secret: DINGTALK_SECRET,
    locale: 'zh-CN',
    mentions,
    rate: RATE,
    timeoutMs: 1000,
    clock: fixedClock,
  });
}

function noticeFor(state: 'ALARM' | 'OK', reason?: string) {
  const builder = anAlarm().inState(state);
  if (reason) builder.withReason(reason);
  const parsed = parseCloudWatchAlarm(builder.json());
  if (!parsed.ok) throw new Error('fixture');
  return alarmNotice(parsed.alarm, { locale: 'zh-CN', timeZone: 'Asia/Shanghai' });
}

describe('DingTalkRobot', () => {
  it('sends the exact request: signed URL, JSON markdown body, msgUuid', async () => {
    const dingtalk = dingTalkRobot();
    mswServer.use(dingtalk.handler);
    const destination = robot({ onStates: ['ALARM'], atMobiles: ['13800138000'], atUserIds: [], isAtAll: false });
    const [message] = destination.render(noticeFor('ALARM'), 'dingtalk:ops|msg-1');
    expect(await destination.send(message!)).toEqual({ ok: true });

    const [request] = dingtalk.received;
    expect(request!.headers.get('content-type')).toBe('application/json;charset=utf-8');
    expect(request!.url.searchParams.get('access_token')).toBe(
      new URL(DINGTALK_WEBHOOK).searchParams.get('access_token'),
    );
    expect(request!.url.searchParams.get('timestamp')).toBe(String(NOW));
    const recomputed = createHmac('sha256', DINGTALK_SECRET).update(`${NOW}\n${DINGTALK_SECRET}`).digest('base64');
    expect(request!.url.searchParams.get('sign')).toBe(recomputed);
    expect(Object.keys(request!.body).sort()).toEqual(['at', 'markdown', 'msgUuid', 'msgtype']);
    expect(request!.body).toMatchObject({
      msgtype: 'markdown',
      markdown: {
        title: '【紧急】TimestreamQueryTCUHigh ALARM',
        text: expect.stringContaining('### 【紧急】🚨 告警触发'),
      },
      at: { atMobiles: ['13800138000'], atUserIds: [], isAtAll: false },
      msgUuid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
    });
  });

  it('mentions people only in the states configured, with @ in the text', () => {
    const destination = robot({
      onStates: ['ALARM'],
      atMobiles: ['13800138000'],
      atUserIds: ['ops-lead'],
      isAtAll: false,
    });
    const alarm = destination.render(noticeFor('ALARM'), 'k')[0]!.body as DingTalkMarkdownBody;
    const recovery = destination.render(noticeFor('OK'), 'k')[0]!.body as DingTalkActionCardBody;
    expect(alarm.at).toEqual({ atMobiles: ['13800138000'], atUserIds: ['ops-lead'], isAtAll: false });
    expect(alarm.markdown.text).toMatch(/@13800138000 @ops-lead$/);
    // The recovery mentions no one: an ActionCard, its links on buttons.
    expect(recovery.msgtype).toBe('actionCard');
    expect(recovery).not.toHaveProperty('at');
    expect(recovery.actionCard.text).not.toContain('@13800138000');
  });

  it('puts the links on ActionCard buttons when the message mentions no one, keeping the text', () => {
    const notice = noticeFor('ALARM');
    const card = robot().render(notice, 'dingtalk:ops|k')[0]!.body as DingTalkActionCardBody;
    const markdown = renderDingTalkMarkdown(notice, { locale: 'zh-CN' });
    expect(card).toMatchObject({
      msgtype: 'actionCard',
      actionCard: { title: markdown.markdown.title, btnOrientation: '1' },
      msgUuid: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(card.actionCard.btns).toEqual(notice.links.map((link) => ({ title: link.label, actionURL: link.url })));
    expect(card.actionCard.btns.length).toBeGreaterThan(0);
    expect(card.actionCard.text).toContain('### 【紧急】🚨 告警触发');
    expect(card.actionCard.text).not.toContain(notice.links[0]!.url);
    // Muted: pages no one, so a card even where mentions are configured.
    const muted = robot({ onStates: ['ALARM'], atMobiles: ['13800138000'], atUserIds: [], isAtAll: false }).render(
      { ...notice, quiet: true },
      'k',
    )[0]!.body as DingTalkActionCardBody;
    expect(muted.msgtype).toBe('actionCard');
  });

  it('keeps the same msgUuid for the same message key and a new one for another', () => {
    const destination = robot();
    const uuid = (key: string) => (destination.render(noticeFor('ALARM'), key)[0]!.body as { msgUuid: string }).msgUuid;
    expect(uuid('dingtalk:ops|a')).toBe(uuid('dingtalk:ops|a'));
    expect(uuid('dingtalk:ops|a')).not.toBe(uuid('dingtalk:ops|b'));
  });

  it('truncates a huge reason cleanly to stay under 20,000 bytes', () => {
    const reason = '数据点超出阈值。'.repeat(5000);
    const body = renderDingTalkMarkdown(noticeFor('ALARM', reason), { locale: 'zh-CN' });
    expect(bodyBytes(body)).toBeLessThanOrEqual(DINGTALK_MAX_BODY_BYTES);
    expect(body.markdown.text).toContain('…（已截断）');
    expect(body.markdown.text).toContain('TimestreamQueryTCUHigh');
    expect(body.markdown.text).toContain('告警时间');
  });

  it('reads failure from errcode on an HTTP 200', async () => {
    const dingtalk = dingTalkRobot([
      { errcode: 310000, errmsg: 'sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]' },
    ]);
    mswServer.use(dingtalk.handler);
    const result = await robot().send(robot().render(noticeFor('ALARM'), 'k')[0]!);
    expect(result).toMatchObject({
      ok: false,
      retryable: false,
      reason: expect.stringContaining('errcode 310000 sign not match: check the robot secret'),
    });
  });

  it('never puts the access token or secret in a failure reason', async () => {
    const dingtalk = dingTalkRobot([{ status: 502, text: `bad gateway for ${DINGTALK_WEBHOOK}` }]);
    mswServer.use(dingtalk.handler);
    const result = await robot().send(robot().render(noticeFor('ALARM'), 'k')[0]!);
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain(new URL(DINGTALK_WEBHOOK).searchParams.get('access_token')!);
  });
});

describe('classifyDingTalkReply', () => {
  it.each([
    [0, 'ok', { ok: true }],
    [-1, '系统繁忙', { ok: false, retryable: true }],
    [410100, '发送速度太快而限流', { ok: false, retryable: true, retryAfterMs: 60_000, blockedForMs: 600_000 }],
    [130101, 'send too fast, exceed 20 times per minute', { ok: false, retryable: true }],
    [300001, 'token is not exist', { ok: false, retryable: false }],
    [460101, 'message too long, exceed 20000 bytes', { ok: false, retryable: false }],
    [999999, 'who knows', { ok: false, retryable: false }],
  ])('errcode %i → %o', (errcode, errmsg, expected) => {
    expect(classifyDingTalkReply(errcode, errmsg)).toMatchObject(expected);
  });

  it.each([
    ['keywords not in content', 'keyword not in content'],
    ['description:关键词不匹配;solution:请联系群管理员查看此机器人的关键词', 'keyword not in content'],
    ['sign not match', 'sign not match'],
    ['description:机器人发送签名不匹配;solution:请确认签名和生成签名的时间戳', 'sign not match'],
    ['invalid timestamp', 'invalid timestamp'],
    ['ip 123.1.2.3 not in whitelist', 'IP not allowed'],
  ])('errcode 310000 %j names the cause', (errmsg, cause) => {
    const result = classifyDingTalkReply(310000, errmsg);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(cause);
  });
});
