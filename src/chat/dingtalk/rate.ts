/**
 * DingTalk's custom-robot rate limit, in one place: 20 messages a minute per robot; past it the robot
 * is blocked for 10 minutes (errcode 410100 / 130101).
 * https://open.dingtalk.com/document/orgapp/custom-robots-send-group-messages
 */
import type { RatePolicy } from '../destination.ts';

/** The platform's ceiling: configuration may lower it, never raise it. */
export const DINGTALK_MAX_PER_MINUTE = 20;
/** Of those, how many go out as single messages before a burst is gathered into digests (our choice). */
export const DINGTALK_SOLO_PER_MINUTE = 10;
/** Entries per digest message; it must still fit DingTalk's 20,000-byte body. */
const DINGTALK_DIGEST_MAX_ENTRIES = 50;

/** The rolling-minute policy for one DingTalk robot (or session webhook). */
export function dingTalkRate(
  perMinute: number = DINGTALK_MAX_PER_MINUTE,
  soloPerMinute: number = DINGTALK_SOLO_PER_MINUTE,
): RatePolicy {
  return {
    limit: Math.min(perMinute, DINGTALK_MAX_PER_MINUTE),
    windowMs: 60_000,
    soloLimit: Math.min(soloPerMinute, perMinute),
    digestMaxEntries: DINGTALK_DIGEST_MAX_ENTRIES,
  };
}
