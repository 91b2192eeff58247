import { SSMClient } from '@aws-sdk/client-ssm';
import { afterEach, describe, expect, it } from 'vitest';
import { readSecretParameters } from '../../src/secrets/ssm-secrets.ts';
import { mswServer } from '../support/msw.ts';
import { ssmFake } from '../support/ssm-fake.ts';

const client = new SSMClient({
  region: 'ap-northeast-1',
  maxAttempts: 1,
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
});
afterEach(() => mswServer.resetHandlers());

describe('readSecretParameters', () => {
  it('reads every page of the path, decrypted, keyed by setting name', async () => {
    const parameters: Record<string, string> = {
      '/tcu-bot/prod/SLACK_SIGNING_SECRET': 'signing',
      '/tcu-bot/prod/SLACK_BOT_TOKEN': 'xoxb-1',
      '/tcu-bot/prod/DINGTALK_APP_SECRET': 'app',
      '/tcu-bot/prod/DINGTALK_WEBHOOK_URL': 'https://oapi.dingtalk.com/robot/send?access_token=t',
      '/tcu-bot/prod/DINGTALK_SECRET': 'SECabc',
      '/tcu-bot/prod/DINGTALK_ROBOTS': '[]',
      '/tcu-bot/prod/SLACK_WEBHOOK_URL': 'https://hooks.slack.com/services/T/B/x',
      '/tcu-bot/prod/SLACK_DESTINATIONS': '[]',
      '/tcu-bot/prod/SLACK_BOT_TOKN': 'typo',
      '/tcu-bot/prod/LOG_LEVEL': 'debug',
      '/tcu-bot/prod/ALLOWED_USERS': 'slack:*',
      '/tcu-bot/prod/nested/SLACK_BOT_TOKEN': 'not this one',
      '/tcu-bot/staging/SLACK_BOT_TOKEN': 'nor this',
    };
    const ssm = ssmFake(parameters);
    mswServer.use(ssm.handler);
    const { values, ignored } = await readSecretParameters(client, '/tcu-bot/prod');
    expect(values).toEqual({
      SLACK_SIGNING_SECRET: 'signing',
      SLACK_BOT_TOKEN: 'xoxb-1',
      DINGTALK_APP_SECRET: 'app',
      DINGTALK_WEBHOOK_URL: 'https://oapi.dingtalk.com/robot/send?access_token=t',
      DINGTALK_SECRET: 'SECabc',
      DINGTALK_ROBOTS: '[]',
      SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/x',
      SLACK_DESTINATIONS: '[]',
    });
    // Only secrets come from SSM: a typo or an ordinary setting is reported, never applied.
    expect([...ignored].sort()).toEqual([
      '/tcu-bot/prod/ALLOWED_USERS',
      '/tcu-bot/prod/LOG_LEVEL',
      '/tcu-bot/prod/SLACK_BOT_TOKN',
    ]);
    expect(ssm.requests.map((request) => request.NextToken)).toEqual([undefined, '10']); // 11 parameters: two pages
    expect(ssm.requests.every((request) => request.WithDecryption === true)).toBe(true);
  });

  it('an empty path gives no values', async () => {
    const ssm = ssmFake({});
    mswServer.use(ssm.handler);
    expect(await readSecretParameters(client, '/tcu-bot/dev')).toEqual({ values: {}, ignored: [] });
  });
});
