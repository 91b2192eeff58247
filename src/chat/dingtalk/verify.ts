/**
 * DingTalk enterprise-robot callbacks carry `timestamp` (ms) and `sign` headers:
 * sign = base64(HMAC-SHA256(appSecret, `${timestamp}\n${appSecret}`)) — the same recipe as outbound
 * 加签 but with no URL-encoding — and the timestamp must be within an hour of now
 * (https://open.dingtalk.com/document/isvapp/receive-message). Compared timing-safe.
 */
import { timingSafeEqual } from 'node:crypto';
import { dingTalkSignature } from './sign.ts';
import type { VerifyResult } from '../slack/verify.ts';

const WINDOW_MS = 3600_000;

export function verifyDingTalk(options: {
  timestamp: string | undefined;
  sign: string | undefined;
  appSecret: string;
  nowMs: number;
}): VerifyResult {
  if (!options.timestamp || !options.sign) return { ok: false, reason: 'missing timestamp or sign header' };
  const timestamp = Number(options.timestamp);
  if (!Number.isInteger(timestamp)) return { ok: false, reason: 'timestamp header is not a number' };
  if (Math.abs(options.nowMs - timestamp) > WINDOW_MS)
    return { ok: false, reason: 'timestamp is more than an hour from now (stale or replayed)' };
  const expected = Buffer.from(dingTalkSignature(options.appSecret, timestamp));
  const given = Buffer.from(options.sign);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, reason: 'sign does not match' };
  return { ok: true };
}
