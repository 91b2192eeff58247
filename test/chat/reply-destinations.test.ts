import { describe, expect, it } from 'vitest';
import { ReplyAddressError, replyDestinations, type ReplyDestinationOptions } from '../../src/chat/reply-destinations.ts';
import { UNLIMITED, type Destination } from '../../src/chat/destination.ts';
import { systemClock } from '../../src/shared/clock.ts';

const robot = { id: 'dingtalk:default', kind: 'dingtalk', locale: 'zh-CN', rate: UNLIMITED, render: () => [], send: () => Promise.resolve({ ok: true }) } as Destination;
const options = (isLocal: boolean): ReplyDestinationOptions => ({ isLocal, clock: systemClock, timeoutMs: 1000, dingtalkFallback: [robot], console: undefined, locale: { slack: 'en', dingtalk: 'zh-CN' } });
const session = (url: string, expiresAtMs = Date.now() + 60_000) => ({ kind: 'dingtalk-session' as const, url, expiresAtMs, conversationId: 'cid' });

describe('replyDestinations', () => {
  it('posts to Slack response_url and DingTalk sessionWebhook on their own hosts', () => {
    expect(replyDestinations({ kind: 'slack-response-url', url: 'https://hooks.slack.com/commands/T1/2/abc', channelId: 'C1' }, options(false))[0]?.kind).toBe('slack');
    expect(replyDestinations(session('https://oapi.dingtalk.com/robot/sendBySession?session=x'), options(false))[0]?.id).toMatch(/^dingtalk:session-/);
  });

  it('falls back to the configured robots once the session webhook has expired', () => {
    expect(replyDestinations(session('https://oapi.dingtalk.com/robot/sendBySession?session=x', Date.now() - 1), options(false))).toEqual([robot]);
  });

  it.each([
    ['a Slack address elsewhere', { kind: 'slack-response-url' as const, url: 'https://evil.example.com/hook', channelId: 'C1' }],
    ['a lookalike host', { kind: 'slack-response-url' as const, url: 'https://hooks.slack.com.evil.io/x', channelId: 'C1' }],
    ['loopback on Lambda', { kind: 'slack-response-url' as const, url: 'http://127.0.0.1:3000/reply', channelId: 'C1' }],
    ['a DingTalk address elsewhere', session('https://internal.corp/robot')],
  ])('refuses %s (reply addresses come from callers)', (_case, address) => {
    expect(() => replyDestinations(address, options(false))).toThrow(ReplyAddressError);
  });

  it('accepts loopback in local mode (tcu-bot chat)', () => {
    expect(replyDestinations({ kind: 'slack-response-url', url: 'http://127.0.0.1:4000/reply', channelId: 'C1' }, options(true))).toHaveLength(1);
  });
});
