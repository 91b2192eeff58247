/**
 * `npm run bench:alarms`: CPU cost per alarm of the whole hot path — parse the SNS payload, build the
 * notice, render DingTalk markdown (zh-CN) and Slack Block Kit (en), sign the DingTalk URL — over
 * 10,000 mixed alarms (every fixture kind, varied names and reasons). Prints JSON. Target ≤ 1 ms/alarm.
 * `process.cpuUsage` is process-wide; the script runs under `node --single-threaded` (see package.json)
 * so GC and JIT work happen on the one thread and are charged to the alarm that caused them, rather than
 * background compiler/GC threads landing in random samples.
 */
import { readFileSync } from 'node:fs';
import { noticeFor } from '../src/alarms/alarm-notice.ts';
import { parseAlarmPayload } from '../src/alarms/inbound.ts';
import { signWebhookUrl } from '../src/chat/dingtalk/sign.ts';
import { renderDingTalkMarkdown } from '../src/chat/dingtalk/render.ts';
import { renderSlackMessage } from '../src/chat/slack/render.ts';

const COUNT = 10_000;
/** Enough for V8 to finish optimizing the hot path, so the figures are steady-state. */
const WARMUP = 5000;
const FIXTURES = [
  'alarms/metric-query-tcu.json',
  'alarms/metric-upper-case-nulls.json',
  'alarms/math-utilisation.json',
  'alarms/anomaly-query-tcu.json',
  'alarms/composite-children-objects.json',
  'alarms/composite-children-strings.json',
  'alarms/insufficient-no-arn.json',
  'sns/lambda-event-alarm.json',
  'sns/http-notification.json',
].map((path) => readFileSync(`${import.meta.dirname}/../test/fixtures/${path}`, 'utf8'));

/** Varied inputs, so no cache or branch predictor sees the same alarm twice in a row. */
function payload(index: number): string {
  const base = FIXTURES[index % FIXTURES.length]!;
  return base
    .replaceAll('TimestreamQueryTCUHigh', `TimestreamQueryTCUHigh-${index}`)
    .replaceAll('Threshold Crossed', `Threshold Crossed #${index}`);
}

const WEBHOOK = 'https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef0123456789abcdef';
const SECRET = 'SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

function processOne(text: string, index: number): number {
  let bytes = 0;
  for (const inbound of parseAlarmPayload(text)) {
    const dingtalk = renderDingTalkMarkdown(noticeFor(inbound, { locale: 'zh-CN', timeZone: 'Asia/Shanghai' }), {
      locale: 'zh-CN',
      msgUuid: inbound.id,
    });
    const slack = renderSlackMessage(noticeFor(inbound, { locale: 'en', timeZone: 'Asia/Shanghai' }), 'en');
    const url = signWebhookUrl(WEBHOOK, SECRET, 1_748_426_400_000 + index);
    bytes += JSON.stringify(dingtalk).length + JSON.stringify(slack).length + url.length;
  }
  return bytes;
}

const inputs = Array.from({ length: COUNT + WARMUP }, (_, index) => payload(index));
let sink = 0;
for (let index = 0; index < WARMUP; index += 1) sink += processOne(inputs[index]!, index);

const cpuMicros: number[] = [];
const wallStart = process.hrtime.bigint();
const cpuStart = process.cpuUsage();
for (let index = WARMUP; index < inputs.length; index += 1) {
  const before = process.cpuUsage();
  sink += processOne(inputs[index]!, index);
  const used = process.cpuUsage(before);
  cpuMicros.push(used.user + used.system);
}
const cpuTotal = process.cpuUsage(cpuStart);
const wallMs = Number(process.hrtime.bigint() - wallStart) / 1e6;

cpuMicros.sort((a, b) => a - b);
const percentile = (p: number) => cpuMicros[Math.min(cpuMicros.length - 1, Math.floor((p / 100) * cpuMicros.length))]!;
const totalMicros = cpuTotal.user + cpuTotal.system;
const result = {
  benchmark: 'alarms',
  alarms: COUNT,
  steps: 'parse + notice + DingTalk markdown (zh-CN) + Slack blocks (en) + DingTalk sign',
  cpuMicrosPerAlarm: {
    mean: Math.round((totalMicros / COUNT) * 10) / 10,
    p50: percentile(50),
    p99: percentile(99),
    max: cpuMicros.at(-1),
  },
  wallMsTotal: Math.round(wallMs),
  targetMicrosPerAlarm: 1000,
  meetsTarget: totalMicros / COUNT <= 1000 && percentile(99) <= 1000,
  node: process.version,
  nodeFlags: process.execArgv,
  checksum: sink % 1_000_003,
};
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
