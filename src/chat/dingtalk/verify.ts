/**
 * DingTalk enterprise-robot callbacks carry `timestamp` (ms) and `sign` headers:
 * sign = base64(HMAC-SHA256(appSecret, `${timestamp}\n${appSecret}`)) — the same recipe as outbound
 * 加签 but with no URL-encoding. DingTalk allows an hour of difference
 * (https://open.dingtalk.com/document/isvapp/receive-message); we allow 5 minutes either way, as Slack
 * does: DingTalk stamps a callback when it sends it, from NTP-synced servers, so a genuine callback is
 * seconds old, and a leaked header pair is useful for minutes instead of an hour. The pair covers only
 * the timestamp, never the body, so the route also accepts each pair once (dingtalk-route.ts).
 * Compared timing-safe.
 */
import { timingSafeEqual } from 'node:crypto';
import { dingTalkSignature } from './sign.ts';
import type { VerifyResult } from '../slack/verify.ts';

export const DINGTALK_WINDOW_MS = 5 * 60_000;

export function verifyDingTalk(options: {
  timestamp: string | undefined;
  sign: string | undefined;
  appSecret: string;
  nowMs: number;
}): VerifyResult {
  if (!options.timestamp || !options.sign) return { ok: false, reason: 'missing timestamp or sign header' };
  const timestamp = Number(options.timestamp);
  if (!Number.isInteger(timestamp)) return { ok: false, reason: 'timestamp header is not a number' };
  if (Math.abs(options.nowMs - timestamp) > DINGTALK_WINDOW_MS)
    return { ok: false, reason: 'timestamp is more than 5 minutes from now (stale or replayed)' };
  const expected = Buffer.from(dingTalkSignature(options.appSecret, timestamp));
  const given = Buffer.from(options.sign);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, reason: 'sign does not match' };
  return { ok: true };
}
