/**
 * Masks secrets in text before it reaches a log line or an error message: DingTalk `access_token`,
 * `sign` and `session` query values, Slack webhook paths and tokens (xoxb-, xoxp-…), and DingTalk
 * `SEC…` signing secrets. Same idea as Alertmanager's `RedactURL` (notify/util.go).
 */
const PATTERNS: readonly [RegExp, string][] = [
  [/([?&](?:access_token|sign|session|token)=)[^&\s"'\\]+/gi, '$1<redacted>'],
  [/(hooks\.slack\.com\/(?:services|workflows|triggers)\/)[^\s"'\\]+/gi, '$1<redacted>'],
  [/\bxox[a-z]-[A-Za-z0-9-]+/g, 'xox?-<redacted>'],
  [/\bSEC[0-9a-f]{16,}\b/g, 'SEC<redacted>'],
];

export function redactSecrets(text: string): string {
  let result = text;
  for (const [pattern, replacement] of PATTERNS) result = result.replace(pattern, replacement);
  return result;
}
