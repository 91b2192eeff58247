/** The story reads the QueryTCU alarm and the cost check's schedule from serverless.yml itself. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dailyMinuteOf, readDeployedSettings, SERVERLESS_FILE } from '../../../src/lab/story/deployed-settings.ts';

const account = { stage: 'local', region: 'ap-northeast-1', accountId: '123456789012' };

describe('readDeployedSettings', () => {
  it("resolves serverless.yml's QueryTcuAlarm with its default params, stage and topic", () => {
    const settings = readDeployedSettings(account);
    expect(settings.queryTcuAlarm).toMatchObject({
      AlarmName: 'tcu-bot-local-query-tcu-high',
      Namespace: 'AWS/Usage',
      MetricName: 'ResourceCount',
      Statistic: 'Maximum',
      Period: 60,
      EvaluationPeriods: 5,
      DatapointsToAlarm: 5,
      Threshold: 100,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: ['arn:aws:sns:ap-northeast-1:123456789012:tcu-bot-local-alarms'],
      OKActions: ['arn:aws:sns:ap-northeast-1:123456789012:tcu-bot-local-alarms'],
    });
    expect(settings.queryTcuAlarm.Dimensions).toContainEqual({ Name: 'Resource', Value: 'QueryTCU' });
    expect(settings.queryTcuAlarm.AlarmDescription).toBe(
      'Timestream for LiveAnalytics QueryTCU above 100 for 5 minutes',
    );
    expect(settings.costCheckSchedule).toBe('cron(30 1 * * ? *)');
    expect(settings.costCheckMinuteOfDay).toBe(90);
  });

  it('takes --param overrides as a deploy would', () => {
    const settings = readDeployedSettings({ ...account, params: { tcuAlarmThreshold: 24, tcuAlarmMinutes: 3 } });
    expect(settings.queryTcuAlarm).toMatchObject({ Threshold: 24, EvaluationPeriods: 3, DatapointsToAlarm: 3 });
    expect(settings.queryTcuAlarm.AlarmDescription).toContain('above 24 for 3 minutes');
  });

  it('names what it cannot resolve', () => {
    const text = readFileSync(SERVERLESS_FILE, 'utf8').replace('${param:tcuAlarmThreshold}', '${param:nowhere}');
    expect(() => readDeployedSettings({ ...account, text })).toThrow(/cannot resolve \$\{param:nowhere\}/);
  });
});

describe('dailyMinuteOf', () => {
  it('reads a daily EventBridge cron and refuses anything else', () => {
    expect(dailyMinuteOf('cron(0 9 * * ? *)')).toBe(540);
    expect(() => dailyMinuteOf('rate(1 day)')).toThrow(/daily cron/);
    expect(() => dailyMinuteOf('cron(0 25 * * ? *)')).toThrow(/not a time of day/);
  });
});
