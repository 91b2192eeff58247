/** The app as tests use it: local or AWS wiring, a silent logger, the real outbox and memory store. */
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { awsDeps, localDeps, type DepsOverrides } from '../../src/deps.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { DINGTALK_SECRET, DINGTALK_WEBHOOK } from './chat-servers.ts';
import { TEST_TOPIC_ARN } from './sns.ts';

export const TEST_ENV = {
  DINGTALK_WEBHOOK_URL: DINGTALK_WEBHOOK,
  DINGTALK_SECRET,
  SNS_TOPIC_ARNS: TEST_TOPIC_ARN,
  LOG_LEVEL: 'silent',
};

export function testApp(
  options: { mode?: 'local' | 'aws'; env?: Record<string, string>; overrides?: DepsOverrides } = {},
) {
  const config = loadConfig({ ...TEST_ENV, ...options.env });
  const wire = options.mode === 'aws' ? awsDeps : localDeps;
  const deps = wire(config, { logger: silentLogger, consoleWrite: () => undefined, ...options.overrides });
  return { app: createApp(deps), deps };
}
