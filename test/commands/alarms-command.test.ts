/**
 * `/alarms` against a real emulator: CloudWatch alarms evaluated on QueryTCU history, read back with
 * DescribeAlarms, answered worst first (furthest past the threshold), each with the graph the
 * emulator drew — and in Chinese for DingTalk.
 */
import { CloudWatchClient, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalGraphStore } from '../../src/alarms/graph/local-graph-store.ts';
import { alarmsAnswer } from '../../src/commands/alarms-answer.ts';
import { QUERY_TCU_DIMENSIONS } from '../../src/emulator/cloudwatch/get-metric-data.ts';
import { leaveStoryHistory } from '../../src/lab/story/usage-handoff.ts';
import { cloudWatchOpenAlarms, worstFirst } from '../../src/monitor/open-alarms.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { EMULATOR_CREDENTIALS } from '../../src/timestream/clients.ts';
import { useEmulator } from '../support/emulator.ts';

const fixture = useEmulator({ evaluateAlarmsEveryMinute: false });
let cloudwatch: CloudWatchClient;
let graphs: LocalGraphStore;

const tcuAlarm = (AlarmName: string, Threshold: number) =>
  new PutMetricAlarmCommand({
    AlarmName,
    Namespace: 'AWS/Usage',
    MetricName: 'ResourceCount',
    Dimensions: Object.entries(QUERY_TCU_DIMENSIONS).map(([Name, Value]) => ({ Name, Value })),
    Statistic: 'Maximum',
    Period: 60,
    EvaluationPeriods: 3,
    DatapointsToAlarm: 3,
    Threshold,
    ComparisonOperator: 'GreaterThanThreshold',
    TreatMissingData: 'notBreaching',
  });

beforeAll(async () => {
  cloudwatch = new CloudWatchClient({
    region: 'us-east-1',
    endpoint: fixture.emulator.endpoint,
    credentials: EMULATOR_CREDENTIALS,
  });
  graphs = new LocalGraphStore(fixture.emulator.endpoint, () => 'http://127.0.0.1:3000');
  // Ten minutes of 8 TCU, then three alarms on it: twice past, a third past, and never.
  const toMs = Math.floor(Date.now() / 60_000) * 60_000;
  const fromMs = toMs - 10 * 60_000;
  const minutes: [number, number, number][] = [];
  for (let at = fromMs; at < toMs; at += 60_000) minutes.push([at / 60_000, 4, 8]);
  await leaveStoryHistory(fixture.emulator.endpoint, { fromMs, toMs, history: { minutes, billedSeconds: [] } });
  await cloudwatch.send(tcuAlarm('tcu-mild', 6));
  await cloudwatch.send(tcuAlarm('tcu-severe', 4));
  await cloudwatch.send(tcuAlarm('tcu-quiet', 100));
  await fixture.emulator.evaluateAlarms();
});
afterAll(() => {
  cloudwatch.destroy();
  graphs.close();
});

describe('/alarms', () => {
  it('lists what is in ALARM, worst first, each with its graph', async () => {
    const answer = await alarmsAnswer({
      alarms: cloudWatchOpenAlarms(cloudwatch),
      graphs: { store: graphs, clock: systemClock, logger: silentLogger },
      clock: systemClock,
      timeZone: 'UTC',
    });
    const english = answer('en');
    expect(english.title).toBe('🚨 2 alarms in ALARM');
    const lines = english.sections[0]!.lines;
    expect(lines.map((line) => line.split(' — ')[0])).toEqual(['tcu-severe', 'tcu-mild']);
    expect(lines[0]).toContain('latest 2.00× the threshold');
    expect(lines[1]).toContain('latest 1.33× the threshold');
    expect(english.links.map((link) => link.label)).toEqual(['tcu-severe: graph', 'tcu-mild: graph']);
    for (const link of english.links) {
      const key = /\/graphs\/([0-9a-f]{32})\.png$/.exec(link.url)![1]!;
      expect(graphs.image(key)?.length).toBeGreaterThan(1000);
    }
    expect(answer('zh-CN').title).toBe('🚨 2 个告警处于 ALARM 状态');
  });

  it('says so when nothing is in ALARM, and links the console when there is no graph store', async () => {
    const none = await alarmsAnswer({
      alarms: { openAlarms: () => Promise.resolve([]) },
      clock: systemClock,
      timeZone: 'UTC',
    });
    expect(none('en')).toMatchObject({ title: '✅ No alarm is in ALARM', sections: [], links: [] });
    const linksOnly = await alarmsAnswer({
      alarms: cloudWatchOpenAlarms(cloudwatch),
      clock: systemClock,
      timeZone: 'UTC',
    });
    expect(linksOnly('en').links.map((link) => link.url)).toEqual([
      expect.stringMatching(
        /^https:\/\/us-east-1\.console\.aws\.amazon\.com\/cloudwatch\/home\?region=us-east-1#alarmsV2:alarm\/tcu-severe$/,
      ),
      expect.stringMatching(/#alarmsV2:alarm\/tcu-mild$/),
    ]);
  });

  it('orders composite alarms and alarms without datapoints after the measured ones', () => {
    const at = (name: string, kind: 'metric' | 'composite', breach: number | undefined, since: number) => ({
      alarm: { name, kind, stateChangedAtMs: since } as never,
      breach,
    });
    const ordered = worstFirst([
      at('composite', 'composite', undefined, 1),
      at('unknown-old', 'metric', undefined, 1),
      at('unknown-new', 'metric', undefined, 5),
      at('slight', 'metric', 1.1, 9),
      at('far', 'metric', 3, 9),
    ]);
    expect(ordered.map((each) => (each.alarm as { name: string }).name)).toEqual([
      'far',
      'slight',
      'unknown-old',
      'unknown-new',
      'composite',
    ]);
  });
});
