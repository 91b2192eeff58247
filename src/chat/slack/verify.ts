/**
 * Slack request signatures, checked by Bolt's own verifier (`v0:` timestamp `:` raw body, HMAC-SHA256,
 * 5-minute window, timing-safe compare; bolt-js src/receivers/verify-request.ts). Imported from its
 * module directly so verifying does not load the rest of Bolt (express, the receivers).
 */
import { verifySlackRequest } from '@slack/bolt/dist/receivers/verify-request.js';

/** https://api.slack.com/authentication/verifying-requests-from-slack: reject requests older (or newer) than 5 minutes. */
export const SLACK_WINDOW_SECONDS = 300;

export type VerifyResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export function verifySlack(options: {
  rawBody: string;
  signature: string | undefined;
  timestamp: string | undefined;
  signingSecret: string;
  nowMs: number;
}): VerifyResult {
  if (!options.signature || !options.timestamp)
    return { ok: false, reason: 'missing X-Slack-Signature or X-Slack-Request-Timestamp' };
  const timestamp = Number(options.timestamp);
  if (!Number.isInteger(timestamp)) return { ok: false, reason: 'X-Slack-Request-Timestamp is not a number' };
  // Bolt refuses only stale stamps; a stamp from the future is as replayable (Slack: 5 minutes either way).
  if (timestamp - options.nowMs / 1000 > SLACK_WINDOW_SECONDS)
    return {
      ok: false,
      reason: `X-Slack-Request-Timestamp is more than ${SLACK_WINDOW_SECONDS / 60} minutes in the future`,
    };
  try {
    verifySlackRequest({
      signingSecret: options.signingSecret,
      body: options.rawBody,
      headers: { 'x-slack-signature': options.signature, 'x-slack-request-timestamp': timestamp },
      nowMilliseconds: options.nowMs,
    });
    return { ok: true };
  } catch (error) {
    // Bolt's messages start with a fixed prefix and name the failed check (stale timestamp, signature mismatch).
    return { ok: false, reason: (error as Error).message.replace(/^Failed to verify authenticity: /, '') };
  }
}
