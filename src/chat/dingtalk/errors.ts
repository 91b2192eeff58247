/**
 * Every DingTalk robot reply is HTTP 200, success or not: success is `errcode === 0` only
 * (https://open.dingtalk.com/document/orgapp/custom-robots-send-group-messages). This table says
 * which errcodes are worth another attempt; everything not listed is final.
 */
import { redactSecrets } from '../../shared/redact.ts';
import type { SendResult } from '../destination.ts';
import { DINGTALK_MAX_PER_MINUTE } from './rate.ts';

const DOC = 'https://open.dingtalk.com/document/orgapp/custom-robots-send-group-messages';

interface ErrcodeRule {
  readonly retryable: boolean;
  readonly meaning: string;
  readonly retryAfterMs?: number;
  readonly blockedForMs?: number;
}

const RATE_LIMIT_BLOCK_MS = 10 * 60_000;

const RULES: Readonly<Record<number, ErrcodeRule>> = {
  [-1]: { retryable: true, meaning: 'system busy' },
  // Over the per-minute limit: DingTalk blocks the robot for 10 minutes. Probe again after a minute.
  410100: {
    retryable: true,
    meaning: `rate limited (over ${DINGTALK_MAX_PER_MINUTE} messages/minute)`,
    retryAfterMs: 60_000,
    blockedForMs: RATE_LIMIT_BLOCK_MS,
  },
  130101: {
    retryable: true,
    meaning: `send too fast (over ${DINGTALK_MAX_PER_MINUTE} messages/minute)`,
    retryAfterMs: 60_000,
    blockedForMs: RATE_LIMIT_BLOCK_MS,
  },
  310000: { retryable: false, meaning: 'security check failed' },
  300001: { retryable: false, meaning: 'token or session does not exist' },
  400013: { retryable: false, meaning: 'group dissolved' },
  400101: { retryable: false, meaning: 'access_token missing' },
  400102: { retryable: false, meaning: 'robot disabled' },
  400105: { retryable: false, meaning: 'unsupported msgtype' },
  400106: { retryable: false, meaning: 'robot does not exist' },
  430101: { retryable: false, meaning: 'unsafe link' },
  430102: { retryable: false, meaning: 'unsafe text' },
  430103: { retryable: false, meaning: 'unsafe image' },
  430104: { retryable: false, meaning: 'unsafe content' },
  460101: { retryable: false, meaning: 'message over 20000 bytes' },
  101002: { retryable: false, meaning: 'message too long' },
  40035: { retryable: false, meaning: 'missing parameter' },
  43004: { retryable: false, meaning: 'invalid Content-Type' },
};

/** For 310000 DingTalk names the failed check in `errmsg`; say which, in words a person can act on. */
function securityCause(errmsg: string): string {
  const text = errmsg.toLowerCase();
  if (text.includes('keyword') || errmsg.includes('关键词'))
    return 'keyword not in content: add the robot keyword to messages or switch the robot to 加签';
  if (text.includes('sign') || errmsg.includes('签名')) return 'sign not match: check the robot secret (SEC…)';
  if (text.includes('timestamp') || errmsg.includes('时间戳')) return 'invalid timestamp: check this host clock';
  if (text.includes('ip') || errmsg.includes('IP'))
    return 'IP not allowed: this sender is outside the robot IP allowlist';
  return 'security settings refused the message';
}

export function classifyDingTalkReply(errcode: number, errmsg: string): SendResult {
  if (errcode === 0) return { ok: true };
  const rule = RULES[errcode];
  const cause = errcode === 310000 ? securityCause(errmsg) : (rule?.meaning ?? 'unknown errcode');
  const reason = redactSecrets(`errcode ${errcode} ${cause} (errmsg: ${errmsg.slice(0, 200)}) — ${DOC}`);
  return {
    ok: false,
    retryable: rule?.retryable ?? false,
    reason,
    ...(rule?.retryAfterMs !== undefined ? { retryAfterMs: rule.retryAfterMs } : {}),
    ...(rule?.blockedForMs !== undefined ? { blockedForMs: rule.blockedForMs } : {}),
  };
}
