import { describe, expect, it } from 'vitest';
import { alarmNotice, noticeFor } from '../../src/alarms/alarm-notice.ts';
import { alarmConsoleUrl } from '../../src/alarms/console-links.ts';
import { parseAlarmPayload } from '../../src/alarms/inbound.ts';
import { renderDingTalkMarkdown } from '../../src/chat/dingtalk/render.ts';
import { renderSlackMessage } from '../../src/chat/slack/render.ts';
import type { Locale } from '../../src/shared/locale.ts';
import { MemoryAlarmHistory } from '../../src/alarms/alarm-history.ts';
import { parseCloudWatchAlarm } from '../../src/alarms/cloudwatch-alarm.ts';
import { anAlarm } from '../support/builders.ts';
import { ALARM_FIXTURES, readFixture } from '../support/fixtures.ts';

const OPTIONS = { timeZone: 'Asia/Shanghai' };

function noticeOf(fixture: string, locale: Locale) {
  const [inbound] = parseAlarmPayload(readFixture(`alarms/${fixture}`));
  return noticeFor(inbound!, { ...OPTIONS, locale });
}

/** What each fixture must show, whatever the platform and language. */
const EXPECTED: Record<(typeof ALARM_FIXTURES)[number], string[]> = {
  'metric-query-tcu.json': [
    'TimestreamQueryTCUHigh',
    'AWS/Usage ResourceCount',
    'Resource=QueryTCU',
    'Maximum',
    '> 100',
    'ap-northeast-1',
    'Asia Pacific (Tokyo)',
    '2025-05-28 09:59:59 UTC',
    '2025-05-28 17:59:59 Asia/Shanghai',
    'Threshold Crossed',
  ],
  'metric-upper-case-nulls.json': [
    'DBMigrationRequired',
    'LambdaCustomMetrics DBMigrationRequired',
    'Sum',
    '< 1',
    'eu-west-2',
    'EU (London)',
  ],
  'math-utilisation.json': [
    'QueryTCUUtilisation',
    'e1 = 100 * m1 / 200',
    'QueryTCU % of MaxQueryTCU',
    'm1 = AWS/Usage ResourceCount',
    '≥ 90',
    'cn-north-1',
  ],
  'anomaly-query-tcu.json': [
    'QueryTCUAnomaly',
    'ad1 = ANOMALY_DETECTION_BAND(m1, 2)',
    'm1 = AWS/Usage ResourceCount',
    'LessThanLowerOrGreaterThanUpperThreshold',
    'us-east-1',
  ],
  'composite-children-objects.json': [
    'TimestreamPressure',
    'ALARM("TimestreamQueryTCUHigh") AND ALARM("TimestreamThrottles")',
    'TimestreamThrottles (ALARM)',
  ],
  'composite-children-strings.json': ['TimestreamPressure', 'TimestreamQueryTCUHigh'],
  'insufficient-no-arn.json': ['INSUFFICIENT_DATA', 'Asia Pacific (Tokyo) · ap-northeast-1'],
};

describe.each(ALARM_FIXTURES)('%s', (fixture) => {
  it.each<Locale>(['zh-CN', 'en'])('renders its facts for DingTalk and Slack in %s', (locale) => {
    const notice = noticeOf(fixture, locale);
    const dingtalk = renderDingTalkMarkdown(notice, { locale }).markdown.text;
    // Slack escapes & < > in mrkdwn; compare against the unescaped text.
    const slack = JSON.stringify(renderSlackMessage(notice, locale))
      .replace(/&gt;/g, '>')
      .replace(/&lt;/g, '<')
      .replace(/&amp;/g, '&');
    for (const expected of EXPECTED[fixture]) {
      expect(dingtalk).toContain(expected);
      expect(slack).toContain(expected.replace(/"/g, '\\"'));
    }
    expect(dingtalk).not.toContain('undefined');
    expect(slack).not.toContain('undefined');
  });
});

describe('alarmNotice in zh-CN follows the case study', () => {
  it.each([
    ['metric-query-tcu.json', '【紧急】🚨 告警触发'],
    ['composite-children-strings.json', '【恢复】✅ 恢复正常'],
    ['insufficient-no-arn.json', '【提醒】⚠️ 数据不足'],
  ])('%s is titled %s', (fixture, title) => {
    expect(noticeOf(fixture, 'zh-CN').title).toBe(title);
  });

  it('labels every fact in Chinese', () => {
    const labels = noticeOf('metric-query-tcu.json', 'zh-CN').facts.map((fact) => fact.label);
    expect(labels).toEqual([
      '告警状态',
      '告警名称',
      '区域',
      '账户',
      '监控指标',
      '阈值',
      '告警描述',
      '触发原因',
      '告警时间',
    ]);
  });

  it('gives next steps for ALARM', () => {
    expect(noticeOf('metric-query-tcu.json', 'zh-CN').sections[0]?.heading).toBe('建议操作');
  });
});

describe('alarmConsoleUrl', () => {
  it('points at the alarm in the global and China consoles', () => {
    const [tokyo] = parseAlarmPayload(readFixture('alarms/metric-query-tcu.json'));
    const [beijing] = parseAlarmPayload(readFixture('alarms/math-utilisation.json'));
    if (tokyo?.content.kind !== 'alarm' || beijing?.content.kind !== 'alarm') throw new Error('fixtures are alarms');
    expect(alarmConsoleUrl(tokyo.content.alarm)).toBe(
      'https://ap-northeast-1.console.aws.amazon.com/cloudwatch/home?region=ap-northeast-1#alarmsV2:alarm/TimestreamQueryTCUHigh',
    );
    expect(alarmConsoleUrl(beijing.content.alarm)).toMatch(
      /^https:\/\/cn-north-1\.console\.amazonaws\.cn\/cloudwatch\//,
    );
    // A QueryTCU alarm also links the Timestream console, where MaxQueryTCU is set.
    expect(alarmNotice(tokyo.content.alarm, { locale: 'en', timeZone: 'UTC' }).links).toEqual([
      { label: 'Open in CloudWatch', url: expect.stringContaining('#alarmsV2:alarm/TimestreamQueryTCUHigh') as string },
      {
        label: 'Timestream console (MaxQueryTCU setting)',
        url: 'https://ap-northeast-1.console.aws.amazon.com/timestream/home?region=ap-northeast-1',
      },
    ]);
    // Not in China, where Timestream for LiveAnalytics is not offered.
    expect(alarmNotice(beijing.content.alarm, { locale: 'en', timeZone: 'UTC' }).links).toHaveLength(1);
  });
});

describe('recovery duration', () => {
  it('says how long the alarm lasted when the ALARM was seen', async () => {
    const history = new MemoryAlarmHistory();
    const parse = (json: Record<string, unknown>) => {
      const result = parseCloudWatchAlarm(json);
      if (!result.ok) throw new Error(result.problems.join());
      return result.alarm;
    };
    const fired = parse(anAlarm().inState('ALARM').at('2025-05-28T09:00:00.000+0000').json());
    const recovered = parse(anAlarm().inState('OK').at('2025-05-28T10:05:00.000+0000').json());
    expect(await history.recordStateChange(fired)).toBeUndefined();
    const since = await history.recordStateChange(recovered);
    expect(since).toBe(fired.stateChangedAtMs);
    const notice = alarmNotice(recovered, { locale: 'zh-CN', timeZone: 'Asia/Shanghai', alarmSinceMs: since });
    expect(notice.facts.find((fact) => fact.label === '告警持续')?.value).toBe(
      '1 h 5 min（自 2025-05-28 09:00:00 UTC / 2025-05-28 17:00:00 Asia/Shanghai）',
    );
    // Unknown start (the ALARM was never seen): no duration, never a made-up one.
    expect(await history.recordStateChange(recovered)).toBeUndefined();
  });
});

describe("a new alarm's first OK", () => {
  it('is not called a recovery and asks for nothing (INSUFFICIENT_DATA → OK)', () => {
    const parsed = parseCloudWatchAlarm({ ...anAlarm().inState('OK').json(), OldStateValue: 'INSUFFICIENT_DATA' });
    if (!parsed.ok) throw new Error(parsed.problems.join());
    for (const locale of ['en', 'zh-CN'] as const) {
      const notice = alarmNotice(parsed.alarm, { locale, timeZone: 'UTC' });
      expect(notice.title).not.toMatch(/Back to normal|RESOLVED|恢复/);
      expect(notice.severity).toBe('info');
      expect(notice.sections).toEqual([]);
    }
    const recovered = parseCloudWatchAlarm({ ...anAlarm().inState('OK').json(), OldStateValue: 'ALARM' });
    if (!recovered.ok) throw new Error(recovered.problems.join());
    expect(alarmNotice(recovered.alarm, { locale: 'en', timeZone: 'UTC' }).title).toContain('Back to normal');
  });
});
