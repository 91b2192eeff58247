import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyDingTalk } from '../../../src/chat/dingtalk/verify.ts';

const SECRET = 'dingtalk-app-secret-0123456789abcdef';
const NOW = Date.UTC(2025, 4, 28, 10, 0, 0);
const sign = (timestamp: number, secret = SECRET) =>
  createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');

describe('verifyDingTalk', () => {
  it('accepts the documented signature within 5 minutes', () => {
    const timestamp = NOW - 4 * 60_000;
    expect(
      verifyDingTalk({ timestamp: String(timestamp), sign: sign(timestamp), appSecret: SECRET, nowMs: NOW }),
    ).toEqual({ ok: true });
  });

  it.each([
    ['unsigned', { sign: undefined }, 'missing'],
    ['another secret', { sign: sign(NOW, 'other') }, 'does not match'],
    ['URL-encoded sign (that is the outbound recipe)', { sign: encodeURIComponent(sign(NOW)) }, 'does not match'],
    [
      'stale by over 5 minutes (DingTalk itself allows an hour)',
      { timestamp: String(NOW - 6 * 60_000), sign: sign(NOW - 6 * 60_000) },
      'more than 5 minutes',
    ],
    [
      'from the future by over 5 minutes',
      { timestamp: String(NOW + 6 * 60_000), sign: sign(NOW + 6 * 60_000) },
      'more than 5 minutes',
    ],
  ])('refuses %s', (_case, change, reason) => {
    const base = { timestamp: String(NOW), sign: sign(NOW), appSecret: SECRET, nowMs: NOW };
    const result = verifyDingTalk({ ...base, ...change });
    expect(result).toEqual({ ok: false, reason: expect.stringContaining(reason) });
  });
});
