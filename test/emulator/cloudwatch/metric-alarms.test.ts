/**
 * The emulator's CloudWatch alarms, through the SDK: PutMetricAlarm/DescribeAlarms/DeleteAlarms, the
 * M-of-N evaluation on QueryTCU from the capacity model in virtual time, TreatMissingData, and the SNS
 * notification each state change publishes — parsed by the bot's own alarm parser.
 */
import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  PutMetricAlarmCommand,
  type PutMetricAlarmCommandInput,
} from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inboundFromSns } from '../../../src/alarms/inbound.ts';
import { lambdaSnsEvent } from '../../../src/alarms/lambda-sns-event.ts';
import { parseLambdaSnsEvent } from '../../../src/alarms/sns-envelope.ts';
import { QUERY_TCU_DIMENSIONS } from '../../../src/emulator/cloudwatch/get-metric-data.ts';
import type { SnsPublication } from '../../../src/emulator/cloudwatch/metric-alarms.ts';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/server.ts';
import { SteppedClock } from '../../../src/shared/clock.ts';
import { EMULATOR_CREDENTIALS } from '../../../src/timestream/clients.ts';

const START = Date.UTC(2026, 11, 1);
const TOPIC = 'arn:aws:sns:us-east-1:000000000000:alarms';
const clock = new SteppedClock(START);
const published: SnsPublication[] = [];
let emulator: RunningEmulator;
let cloudwatch: CloudWatchClient;

const alarm = (overrides: Partial<PutMetricAlarmCommandInput> = {}): PutMetricAlarmCommandInput => ({
  AlarmName: 'query-tcu-high',
  AlarmDescription: 'QueryTCU above 10 for 3 minutes',
  Namespace: 'AWS/Usage',
  MetricName: 'ResourceCount',
  Dimensions: Object.entries(QUERY_TCU_DIMENSIONS).map(([Name, Value]) => ({ Name, Value })),
  Statistic: 'Maximum',
  Period: 60,
  EvaluationPeriods: 3,
  DatapointsToAlarm: 3,
  Threshold: 10,
  ComparisonOperator: 'GreaterThanThreshold',
  TreatMissingData: 'notBreaching',
  AlarmActions: [TOPIC],
  OKActions: [TOPIC],
  ...overrides,
});

/** Keeps `tcu` TCU of demand running for `minutes` whole minutes, evaluating the alarms at each minute. */
async function load(tcu: number, minutes: number) {
  const transitions = [];
  for (let minute = 0; minute < minutes; minute += 1) {
    for (let second = 0; second < 60; second += 1) {
      clock.moveTo(clock.now() + 1000);
      // Queries of 1 s at `tcu` TCU, one a second: the demand stays at `tcu`.
      if (tcu > 0) emulator.service.capacity.admitMany({ tcuSeconds: tcu, parallelismTcu: tcu }, 1);
    }
    transitions.push(...(await emulator.evaluateAlarms()));
  }
  return transitions;
}

beforeAll(async () => {
  emulator = await startEmulator({
    clock,
    evaluateAlarmsEveryMinute: false,
    publish: (publication) => {
      published.push(publication);
      return Promise.resolve();
    },
  });
  cloudwatch = new CloudWatchClient({
    region: 'us-east-1',
    endpoint: emulator.endpoint,
    credentials: EMULATOR_CREDENTIALS,
    maxAttempts: 1,
  });
});
afterAll(async () => {
  cloudwatch.destroy();
  await emulator.close();
});
beforeEach(async () => {
  published.length = 0;
  await cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: ['query-tcu-high', 'missing'] }));
  // A fresh quarter-hour with nothing running.
  clock.moveTo(Math.ceil((clock.now() + 15 * 60_000) / 900_000) * 900_000);
});

describe('emulator CloudWatch alarms', () => {
  it('goes to ALARM only after 3 of 3 breaching minutes, back to OK on the first good one, and publishes both', async () => {
    await cloudwatch.send(new PutMetricAlarmCommand(alarm()));
    const described = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: ['query-tcu-high'] }));
    expect(described.MetricAlarms?.[0]).toMatchObject({ StateValue: 'INSUFFICIENT_DATA', Threshold: 10 });

    // Nothing running: no datapoints, treated as not breaching.
    expect((await load(0, 1)).map((change) => change.to)).toEqual(['OK']);
    // 16 TCU allocated: minutes 1 and 2 breach but are not yet 3.
    expect(await load(16, 2)).toEqual([]);
    const alarmed = await load(16, 1);
    expect(alarmed.map((change) => [change.from, change.to])).toEqual([['OK', 'ALARM']]);
    expect(alarmed[0]!.reason).toMatch(
      /^Threshold Crossed: 3 out of the last 3 datapoints \[16\.0 \(\d\d\/12\/26 \d\d:\d\d:00\), .*\] were greater than the threshold \(10\.0\)/,
    );
    // 4 TCU: blocks are held their 30-s minimum, so the first minute still peaks at 16; the next is good.
    expect((await load(4, 2)).map((change) => change.to)).toEqual(['OK']);
    expect(published.map((each) => each.subject)).toEqual([
      'OK: "query-tcu-high" in US East (N. Virginia)',
      'ALARM: "query-tcu-high" in US East (N. Virginia)',
      'OK: "query-tcu-high" in US East (N. Virginia)',
    ]);
    expect((await cloudwatch.send(new DescribeAlarmsCommand({ StateValue: 'OK' }))).MetricAlarms).toHaveLength(1);
  });

  it("publishes what the bot's alarm path parses: state, threshold, metric and its dimensions", async () => {
    await cloudwatch.send(new PutMetricAlarmCommand(alarm()));
    await load(0, 1);
    await load(16, 3);
    const alarmed = published.at(-1)!;
    const [record] = parseLambdaSnsEvent(lambdaSnsEvent([alarmed], clock.now()));
    if (!record?.ok) throw new Error('the Lambda event did not parse');
    const inbound = inboundFromSns(record.message);
    if (inbound.content.kind !== 'alarm') throw new Error('not parsed as an alarm');
    expect(inbound.content.alarm).toMatchObject({
      name: 'query-tcu-high',
      state: 'ALARM',
      previousState: 'OK',
      regionCode: 'us-east-1',
    });
    expect(JSON.parse(alarmed.message)).toMatchObject({
      Trigger: { MetricName: 'ResourceCount', Statistic: 'MAXIMUM', Threshold: 10, DatapointsToAlarm: 3 },
    });
  });

  it('treats missing data as the alarm says: missing → INSUFFICIENT_DATA, ignore → state kept', async () => {
    const state = async () =>
      (await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: ['missing'] }))).MetricAlarms?.[0]?.StateValue;
    await cloudwatch.send(new PutMetricAlarmCommand(alarm({ AlarmName: 'missing', TreatMissingData: 'missing' })));
    expect(await load(0, 2)).toEqual([]);
    await load(16, 3);
    expect(await state()).toBe('ALARM');
    const quiet = await load(0, 5);
    expect(quiet.at(-1)?.to).toBe('INSUFFICIENT_DATA');
    expect(await state()).toBe('INSUFFICIENT_DATA');

    await cloudwatch.send(new PutMetricAlarmCommand(alarm({ AlarmName: 'missing', TreatMissingData: 'ignore' })));
    await load(16, 3);
    expect(await state()).toBe('ALARM');
    const ignored = await load(0, 5);
    expect(ignored.map((change) => change.to)).toEqual(['OK']);
    expect(await state()).toBe('OK');
  });

  it('refuses what it cannot evaluate, with a reason (4xx)', async () => {
    await expect(cloudwatch.send(new PutMetricAlarmCommand(alarm({ Period: 90 })))).rejects.toThrow(
      /multiples of 60 seconds/,
    );
    await expect(
      cloudwatch.send(new PutMetricAlarmCommand(alarm({ ComparisonOperator: 'LessThanLowerThreshold' }))),
    ).rejects.toThrow(/not supported/);
    await expect(
      cloudwatch.send(new PutMetricAlarmCommand(alarm({ DatapointsToAlarm: 4, EvaluationPeriods: 3 }))),
    ).rejects.toThrow(/DatapointsToAlarm/);
  });
});
