import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dingTalkSignature, signWebhookUrl } from '../../../src/chat/dingtalk/sign.ts';
import { DINGTALK_SECRET, DINGTALK_WEBHOOK } from '../../support/chat-servers.ts';

describe('DingTalk 加签', () => {
  it('matches the documented recipe: base64(HMAC-SHA256(secret, timestamp + "\\n" + secret))', () => {
    const timestamp = 1748426399999;
    const expected = createHmac('sha256', DINGTALK_SECRET).update(`${timestamp}\n${DINGTALK_SECRET}`).digest('base64');
    expect(dingTalkSignature(DINGTALK_SECRET, timestamp)).toBe(expected);
  });

  it('puts timestamp and sign in the URL, URL-encoded exactly once, keeping access_token', () => {
    // Find a timestamp whose signature has characters that need encoding (+, /, =).
    let timestamp = 1748426399999;
    while (!/[+/]/.test(dingTalkSignature(DINGTALK_SECRET, timestamp))) timestamp += 1;
    const signed = signWebhookUrl(DINGTALK_WEBHOOK, DINGTALK_SECRET, timestamp);
    const query = signed.split('?')[1]!;
    const rawSign = query
      .split('&')
      .find((pair) => pair.startsWith('sign='))!
      .slice('sign='.length);
    expect(decodeURIComponent(rawSign)).toBe(dingTalkSignature(DINGTALK_SECRET, timestamp));
    expect(rawSign).not.toMatch(/%25/); // %25 would mean the sign was encoded twice
    const url = new URL(signed);
    expect(url.searchParams.get('timestamp')).toBe(String(timestamp));
    expect(url.searchParams.get('access_token')).toBe(new URL(DINGTALK_WEBHOOK).searchParams.get('access_token'));
  });
});
