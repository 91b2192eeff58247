import { describe, expect, it } from 'vitest';
import {
  ReplyAddressError,
  replyDestinations,
  type ReplyDestinationOptions,
} from '../../src/chat/reply-destinations.ts';
import { UNLIMITED, type Destination } from '../../src/chat/destination.ts';
import { plainNotice } from '../../src/chat/notice.ts';
import { createSlackWebClient } from '../../src/chat/slack/send.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { SLACK_TOKEN, slackWebApi } from '../support/chat-servers.ts';
import { mswServer } from '../support/msw.ts';

const robot = {
  id: 'dingtalk:default',
  kind: 'dingtalk',
  locale: 'zh-CN',
  rate: UNLIMITED,
  render: () => [],
  fitsWhole: () => true,
  send: () => Promise.resolve({ ok: true }),
} as Destination;
const slackDestination = { ...robot, id: 'slack:ops', kind: 'slack' } as Destination;
const options = (isLocal: boolean, extra: Partial<ReplyDestinationOptions> = {}): ReplyDestinationOptions => ({
  isLocal,
  clock: systemClock,
  timeoutMs: 1000,
  dingtalkFallback: [robot],
  slackBot: undefined,
  slackFallback: [slackDestination],
  console: undefined,
  locale: { slack: 'en', dingtalk: 'zh-CN' },
  ...extra,
});
const responseUrl = (url: string, expiresAtMs = Date.now() + 60_000) => ({
  kind: 'slack-response-url' as const,
  url,
  expiresAtMs,
  channelId: 'C1',
});
const session = (url: string, expiresAtMs = Date.now() + 60_000) => ({
  kind: 'dingtalk-session' as const,
  url,
  expiresAtMs,
  conversationId: 'cid',
});

describe('replyDestinations', () => {
  it('posts to Slack response_url and DingTalk sessionWebhook on their own hosts', () => {
    expect(replyDestinations(responseUrl('https://hooks.slack.com/commands/T1/2/abc'), options(false))[0]?.kind).toBe(
      'slack',
    );
    expect(
      replyDestinations(session('https://oapi.dingtalk.com/robot/sendBySession?session=x'), options(false))[0]?.id,
    ).toMatch(/^dingtalk:session-/);
  });

  it('answers a DingTalk session in markdown, links inline, even with links and no one to mention', () => {
    const [reply] = replyDestinations(
      session('https://oapi.dingtalk.com/robot/sendBySession?session=x'),
      options(false),
    );
    const notice = plainNotice({
      title: 'Alarms',
      links: [{ label: 'CloudWatch', url: 'https://console.aws.amazon.com/x' }],
    });
    const body = reply!.render(notice, 'k')[0]!.body as { msgtype: string; markdown: { text: string } };
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.text).toContain('[CloudWatch](https://console.aws.amazon.com/x)');
  });

  it('falls back to the configured robots once the session webhook has expired', () => {
    expect(
      replyDestinations(
        session('https://oapi.dingtalk.com/robot/sendBySession?session=x', Date.now() - 1),
        options(false),
      ),
    ).toEqual([robot]);
  });

  it('posts to the channel with chat.postMessage once response_url has expired (30 minutes)', async () => {
    const api = slackWebApi();
    mswServer.use(api.handler);
    const slackBot = createSlackWebClient(SLACK_TOKEN, 1000);
    const [channel] = replyDestinations(
      responseUrl('https://hooks.slack.com/commands/T1/2/abc', Date.now() - 1),
      options(false, { slackBot }),
    );
    const notice = {
      severity: 'info',
      state: undefined,
      summary: 'load test: done',
      title: 'Load test finished',
      subject: undefined,
      facts: [],
      sections: [],
      links: [],
      footer: undefined,
    } as const;
    const [message] = channel!.render(notice, 'k');
    expect(await channel!.send(message!)).toMatchObject({ ok: true });
    expect(api.received[0]?.body.channel).toBe('C1');
    expect(api.received[0]?.headers.get('authorization')).toBe(`Bearer ${SLACK_TOKEN}`);
  });

  it('falls back to the configured Slack destinations when response_url has expired and there is no bot token', () => {
    expect(
      replyDestinations(responseUrl('https://hooks.slack.com/commands/T1/2/abc', Date.now() - 1), options(false)),
    ).toEqual([slackDestination]);
  });

  it.each([
    ['a Slack address elsewhere', responseUrl('https://evil.example.com/hook')],
    ['a lookalike host', responseUrl('https://hooks.slack.com.evil.io/x')],
    ['loopback on Lambda', responseUrl('http://127.0.0.1:3000/reply')],
    ['a DingTalk address elsewhere', session('https://internal.corp/robot')],
  ])('refuses %s (reply addresses come from callers)', (_case, address) => {
    expect(() => replyDestinations(address, options(false))).toThrow(ReplyAddressError);
  });

  it('accepts loopback in local mode (tcu-bot chat)', () => {
    expect(replyDestinations(responseUrl('http://127.0.0.1:4000/reply'), options(true))).toHaveLength(1);
  });
});
