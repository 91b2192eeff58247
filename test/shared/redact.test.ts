import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/shared/logger.ts';
import { redactSecrets } from '../../src/shared/redact.ts';

describe('redactSecrets', () => {
  it.each([
    [
      'https://oapi.dingtalk.com/robot/send?access_token=abc123&timestamp=1&sign=x%2By',
      'https://oapi.dingtalk.com/robot/send?access_token=<redacted>&timestamp=1&sign=<redacted>',
    ],
    [
      'https://oapi.dingtalk.com/robot/sendBySession?session=s3cr3t',
      'https://oapi.dingtalk.com/robot/sendBySession?session=<redacted>',
    ],
    [
      'post to https://hooks.slack.com/services/T1/B2/xyz failed',
      'post to https://hooks.slack.com/services/<redacted> failed',
    ],
    ['token xoxb-123-456-abc', 'token xox?-<redacted>'],
    ['secret SEC0123456789abcdef0123', 'secret SEC<redacted>'],
  ])('%s', (input, output) => {
    expect(redactSecrets(input)).toBe(output);
  });
});

describe('createLogger', () => {
  it('writes JSON lines with bound fields, honours the level and redacts', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', write: (line) => lines.push(line) }).child({
      destination: 'dingtalk:ops',
    });
    logger.debug('hidden');
    logger.warn('send failed', {
      url: 'https://oapi.dingtalk.com/robot/send?access_token=abc',
      error: new Error('boom'),
    });
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(entry).toMatchObject({
      level: 'warn',
      message: 'send failed',
      service: 'tcu-bot',
      destination: 'dingtalk:ops',
      error: { name: 'Error', message: 'boom' },
    });
    expect(lines[0]).not.toContain('access_token=abc');
  });
});
