import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, describeConfig, loadConfig, secretsParameterPath } from '../src/config.ts';

afterEach(() => vi.unstubAllEnvs());

describe('loadConfig', () => {
  it('has documented defaults', () => {
    const config = loadConfig({ PORT: undefined });
    expect(config).toMatchObject({
      mode: 'local',
      port: 3000,
      displayTimeZone: 'Asia/Shanghai',
      dingtalk: { robots: [], maxPerMinute: 20, soloPerMinute: 10 },
    });
  });

  it('reads the case study variables as robot "default", with mentions per state', () => {
    vi.stubEnv('DINGTALK_WEBHOOK_URL', 'https://oapi.dingtalk.com/robot/send?access_token=abc');
    vi.stubEnv('DINGTALK_SECRET', 'SECabc');
    vi.stubEnv('DINGTALK_AT_MOBILES', '13800138000, 13900139000');
    vi.stubEnv('DINGTALK_AT_STATES', 'ALARM,INSUFFICIENT_DATA');
    expect(loadConfig().dingtalk.robots).toEqual([
      {
        name: 'default',
        webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=abc',
        secret: 'SECabc',
        locale: 'zh-CN',
        mentions: {
          onStates: ['ALARM', 'INSUFFICIENT_DATA'],
          atMobiles: ['13800138000', '13900139000'],
          atUserIds: [],
          isAtAll: false,
        },
      },
    ]);
  });

  it('reads several robots and Slack destinations from JSON', () => {
    vi.stubEnv(
      'DINGTALK_ROBOTS',
      JSON.stringify([
        { name: 'ops', webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=1', locale: 'en' },
      ]),
    );
    vi.stubEnv('SLACK_BOT_TOKEN', 'xoxb-1');
    vi.stubEnv(
      'SLACK_DESTINATIONS',
      JSON.stringify([
        { name: 'alerts', channel: 'C1' },
        { name: 'hook', webhookUrl: 'https://hooks.slack.com/services/T/B/x', locale: 'zh-CN' },
      ]),
    );
    const config = loadConfig();
    expect(config.dingtalk.robots[0]).toMatchObject({ name: 'ops', locale: 'en' });
    expect(config.slack.destinations).toEqual([
      { name: 'alerts', channel: 'C1', locale: 'en' },
      { name: 'hook', webhookUrl: 'https://hooks.slack.com/services/T/B/x', locale: 'zh-CN' },
    ]);
  });

  it('knows it runs on Lambda', () => {
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'tcu-bot-http');
    expect(loadConfig().mode).toBe('lambda');
  });

  it('keeps the generation checkpoint in /tmp on Lambda, the only writable folder there', () => {
    expect(loadConfig().lab.checkpointPath).toBe('.data/lab-checkpoint.json');
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'tcu-bot-worker');
    expect(loadConfig().lab.checkpointPath).toBe('/tmp/lab-checkpoint.json');
    expect(loadConfig({ LAB_CHECKPOINT: '/mnt/efs/checkpoint.json' }).lab.checkpointPath).toBe(
      '/mnt/efs/checkpoint.json',
    );
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ DISPLAY_TIME_ZONE: 'Mars/Olympus' }, 'DISPLAY_TIME_ZONE: is not an IANA time zone'],
    [{ DINGTALK_ROBOTS: '[{' }, 'DINGTALK_ROBOTS: is not valid JSON'],
    [{ DINGTALK_ROBOTS: '[{"name":"a b","webhookUrl":"x"}]' }, 'DINGTALK_ROBOTS[0].name'],
    [{ SLACK_CHANNELS: 'C1' }, 'SLACK_BOT_TOKEN: required'],
    [{ DINGTALK_AT_STATES: 'PANIC' }, 'DINGTALK_AT_STATES'],
    [{ JOBS_TOPIC_ARN: 'arn:aws:sqs:ap-northeast-1:123456789012:jobs' }, 'JOBS_TOPIC_ARN: is not an SNS topic ARN'],
    [{ JOBS_TOPIC_ARN: 'arn:aws:sns:ap-northeast-1:123456789012:jobs' }, 'STATE_TABLE: required with JOBS_TOPIC_ARN'],
  ])('refuses %o naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('describes itself without secrets', () => {
    const config = loadConfig({
      DINGTALK_WEBHOOK_URL: 'https://oapi.dingtalk.com/robot/send?access_token=TOPSECRET',
      DINGTALK_SECRET: 'SECTOPSECRET',
      SLACK_BOT_TOKEN: 'xoxb-TOPSECRET',
      SLACK_CHANNELS: 'C1',
    });
    expect(JSON.stringify(describeConfig(config))).not.toContain('TOPSECRET');
  });
});

describe('secretsParameterPath', () => {
  it('is read on its own, before the secrets it locates', () => {
    expect(secretsParameterPath({ SECRETS_PARAMETER_PATH: '/tcu-bot/prod' })).toBe('/tcu-bot/prod');
    expect(secretsParameterPath({})).toBeUndefined();
    expect(secretsParameterPath({ SECRETS_PARAMETER_PATH: '' })).toBeUndefined();
  });

  it.each(['tcu-bot/prod', '/tcu-bot/prod/', '/tcu bot'])('refuses %s naming the variable', (path) => {
    expect(() => secretsParameterPath({ SECRETS_PARAMETER_PATH: path })).toThrow(
      /SECRETS_PARAMETER_PATH: must be a parameter path/,
    );
  });
});
