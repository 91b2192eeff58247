#!/usr/bin/env node
// Writes docs/benchmarks.md, and the figures table in README.md, from bench/results/*.json (what
// `npm run bench:<name>` last measured). Usage: node bench/report.mjs [--check]
// --check exits 1 when either file is not what the results say (so a hand edit is noticed).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const BENCHMARKS = ['alarms', 'storm', 'emulator', 'lab', 'lab-samples', 'tcu-model', 'story', 'bundle'];

/** What each benchmark measures, in a line, and the command that runs it. */
const ABOUT = {
  alarms: 'CPU per alarm: parse the SNS event, build the notice, render DingTalk markdown and Slack blocks, sign',
  emulator:
    'the local Timestream stand-in through the real SDK: write throughput, SQL2 and a 50 + 50 burst against DuckDB alone, with the measured floor',
  lab: 'the case-study lab at default scale: data generation, the before/after comparison, the load generator against autocannon',
  'lab-samples':
    "the memory a workload run's samples take (`lab run --workload`, up to 14.4 million calls): bytes per call kept, against keeping each sample as an object",
  storm:
    "alarm storms through the real outbox to loopback DingTalk and Slack sinks, in real time: 1,000 short-named and 200 long-CJK-named alarms; then 600 alarms posted at once to the local bot's /dev/alarm",
  story:
    '`lab story` at its defaults as a newcomer runs it: lab data, three days replayed in virtual time, the alarm and the cost check through their real paths',
  bundle: 'Lambda bundles: zip sizes and cold module load per function next to bare `node`',
  'tcu-model':
    "the emulator's TCU model against AWS's sizing rule and the throughput awslabs' harness published (fitted points ±5 %, others ±25 %)",
};

const get = (object, path) => path.split('.').reduce((value, key) => value?.[key], object);
const number = (value, digits = 0) =>
  typeof value === 'number' ? value.toLocaleString('en-US', { maximumFractionDigits: digits }) : '—';
const verdict = (isMet) => (isMet === undefined ? '' : isMet ? 'met' : '**not met**');

/** The headline figures of each benchmark: [figure, value, target, met?]. */
const HEADLINES = {
  alarms: (r) => [
    [
      'CPU per alarm, mean / p99',
      `${number(get(r, 'cpuMicrosPerAlarm.mean'), 1)} / ${number(get(r, 'cpuMicrosPerAlarm.p99'))} µs`,
      '≤ 1,000 µs',
      r.meetsTarget,
    ],
  ],
  emulator: (r) => [
    [
      'writes through the SDK',
      `${number(get(r, 'write.recordsPerSecond'))} records/s`,
      '≥ 50,000',
      get(r, 'write.recordsPerSecond') >= 50_000,
    ],
    [
      'SQL2 p50, SDK ÷ DuckDB (floor)',
      `${number(get(r, 'sql2.ratio'), 2)} (${number(get(r, 'sql2.floorRatioWithRendering'), 2)})`,
      '≤ 1.2',
      get(r, 'sql2.ratio') <= 1.2,
    ],
    [
      '50 + 50 burst q/s, SDK ÷ DuckDB (floor)',
      `${number(get(r, 'burst50plus50.ratio'), 2)} (${number(get(r, 'burst50plus50.floorRatio'), 2)})`,
      '≥ 0.8',
      get(r, 'burst50plus50.ratio') >= 0.8,
    ],
  ],
  lab: (r) => [
    [
      'data generation',
      `${number(get(r, 'generate.recordsPerSecond'))} records/s`,
      '≥ 50,000',
      get(r, 'generate.recordsPerSecond') >= 50_000,
    ],
    [
      'SQL1 optimized: less scanned / faster',
      `${number(get(r, 'compare.sql1.scanReductionPercent'), 1)} % / ${number(get(r, 'compare.sql1.latencyReductionPercent'), 1)} %`,
      '≥ 70 % / ≥ 80 %',
      get(r, 'compare.sql1.scanReductionPercent') >= 70 && get(r, 'compare.sql1.latencyReductionPercent') >= 80,
    ],
    [
      'SQL2 optimized: less scanned / faster',
      `${number(get(r, 'compare.sql2.scanReductionPercent'), 1)} % / ${number(get(r, 'compare.sql2.latencyReductionPercent'), 1)} %`,
      '≥ 70 % / ≥ 80 %',
      get(r, 'compare.sql2.scanReductionPercent') >= 70 && get(r, 'compare.sql2.latencyReductionPercent') >= 80,
    ],
    [
      'load generator ÷ autocannon',
      number(get(r, 'loadGenerator.ratio'), 2),
      '≥ 0.7',
      get(r, 'loadGenerator.ratio') >= 0.7,
    ],
  ],
  'tcu-model': (r) =>
    r.points.map((point) => [
      `${point.id}: ${point.what}`,
      `${number(point.model, 1)} vs ${number(point.published, 1)} published (${number(point.ratio, 3)}×)`,
      `±${point.tolerance * 100} %`,
      point.isWithinTolerance,
    ]),
  storm: (r) => [
    ...r.storms.flatMap((storm) => [
      [
        `${storm.label}: named on DingTalk / Slack`,
        `${number(storm.dingtalk.namedPercent, 2)} % / ${number(storm.slack.namedPercent, 2)} %`,
        '100 %',
        storm.dingtalk.namedPercent === 100 && storm.slack.namedPercent === 100,
      ],
      [
        `${storm.label}: DingTalk requests in any minute; last named (DingTalk / Slack)`,
        `${storm.dingtalk.maxRequestsPerRollingMinute}; ${number(storm.dingtalk.secondsUntilLastNamed, 1)} s / ${number(storm.slack.secondsUntilLastNamed, 1)} s`,
        '≤ 20; ≤ 180 s',
        storm.dingtalk.maxRequestsPerRollingMinute <= 20 &&
          Math.max(storm.dingtalk.secondsUntilLastNamed, storm.slack.secondsUntilLastNamed) <= 180,
      ],
    ]),
    [
      `${r.devAlarm.label}: all accepted (202); all delivered, named on DingTalk`,
      `${number(r.devAlarm.secondsUntilAllAccepted, 1)} s; ${number(r.devAlarm.secondsUntilAllDelivered, 1)} s, ${number(r.devAlarm.dingtalk.namedPercent, 2)} %`,
      '≤ 180 s, 100 %',
      r.devAlarm.dingtalk.namedPercent === 100 && r.devAlarm.secondsUntilAllDelivered <= 180,
    ],
  ],
  'lab-samples': (r) => [
    [
      'workload run: memory per call (kept as sample objects)',
      `${number(get(r, 'workloadSamples.bytesPerCall'), 1)} B (${number(get(r, 'keptObjects.bytesPerCall'), 1)} B)`,
      '≤ 40 B',
      r.meetsTarget,
    ],
  ],
  story: (r) => [
    ['the whole story, wall time', `${number(r.wallSeconds, 1)} s`, '≤ 180 s', r.isWithinTarget],
    ['legacy → optimized busy day: cost saved', `${number(get(r, 'story.savedPercent'), 1)} %`, '', undefined],
  ],
  bundle: (r) => [
    ...['alarm', 'costCheck'].map((fn) => [
      `${fn}: cold module load ÷ bare node (clean environment, as on Lambda)`,
      `${number(get(r, `functions.${fn}.sdk bundled.coldLoadMs`), 1)} ms ÷ ${number(r.bareNodeMs, 1)} ms = ${number(get(r, `functions.${fn}.sdk bundled.vsBareNode`), 2)}×`,
      '≤ 1.6×',
      get(r, `functions.${fn}.sdk bundled.vsBareNode`) <= 1.6,
    ]),
    [
      'zips: http / alarm / costCheck / worker',
      ['http', 'alarm', 'costCheck', 'worker']
        .map((fn) => `${number(get(r, `functions.${fn}.zipBytes`) / 1000)} KB`)
        .join(' / '),
      '',
      undefined,
    ],
    [
      'http: Bolt loaded only by /slack/events',
      '',
      '',
      get(r, 'targets')?.['http: Bolt not loaded at start (only by /slack/events)'],
    ],
  ],
};

/** Every leaf of a result as `path | value` rows, for the detail sections. */
function leaves(value, path = '') {
  if (value === null || typeof value !== 'object') return [[path, JSON.stringify(value)]];
  if (Array.isArray(value) && value.every((item) => item === null || typeof item !== 'object'))
    return [[path, value.map((item) => JSON.stringify(item)).join(', ')]];
  return Object.entries(value).flatMap(([key, child]) => leaves(child, path ? `${path}.${key}` : key));
}

const escapeCell = (text) => String(text).replace(/\|/g, '\\|');
const machineLine = (record) =>
  `${record.machine.cpus} × ${record.machine.cpuModel}, ${record.machine.memoryGb} GB, ${record.machine.platform}, Node ${record.machine.node.replace(/^v/, '')}`;

const records = BENCHMARKS.filter((name) => existsSync(`${root}bench/results/${name}.json`)).map((name) =>
  JSON.parse(readFileSync(`${root}bench/results/${name}.json`, 'utf8')),
);

function summaryTable() {
  const rows = records.flatMap((record) =>
    HEADLINES[record.benchmark](record.result).map(
      ([figure, value, target, isMet]) =>
        `| \`bench:${record.benchmark}\` | ${escapeCell(figure)} | ${escapeCell(value)} | ${escapeCell(target)} | ${verdict(isMet)} |`,
    ),
  );
  const machines = [...new Set(records.map(machineLine))];
  const dates = records.map((record) => record.measuredAt.slice(0, 10)).sort();
  return [
    '| Benchmark | Figure | Latest | Target | |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    `Measured ${dates[0]}${dates.at(-1) !== dates[0] ? ` to ${dates.at(-1)}` : ''} on ${machines.join('; ')}, one run each.`,
  ].join('\n');
}

function benchmarksDoc() {
  const sections = records.map((record) =>
    [
      `## \`npm run bench:${record.benchmark}\``,
      '',
      `${ABOUT[record.benchmark]}. Measured ${record.measuredAt} on ${machineLine(record)}.`,
      '',
      '| Field | Value |',
      '|---|---|',
      ...leaves(record.result).map(([path, value]) => `| \`${path}\` | ${escapeCell(value)} |`),
    ].join('\n'),
  );
  return [
    '# Benchmarks',
    '',
    '<!-- Generated by `npm run bench:report` from bench/results/*.json; edit the script, not this file. -->',
    '',
    'Each `npm run bench:<name>` prints one JSON object and keeps it in `bench/results/<name>.json` with the',
    'machine it ran on; this page shows the latest of each. Ratios are measured within one run, against',
    'the measured floor where the benchmark has one.',
    '',
    summaryTable(),
    '',
    ...sections.flatMap((section) => [section, '']),
  ].join('\n');
}

const START = '<!-- bench:summary:start -->';
const END = '<!-- bench:summary:end -->';
const readme = readFileSync(`${root}README.md`, 'utf8');
const from = readme.indexOf(START);
const to = readme.indexOf(END);
if (from < 0 || to < from) {
  process.stderr.write(`README.md has no ${START} … ${END} block\n`);
  process.exit(1);
}
const newReadme = `${readme.slice(0, from + START.length)}\n${summaryTable()}\n${readme.slice(to)}`;
const doc = `${benchmarksDoc().trimEnd()}\n`;
const docPath = `${root}docs/benchmarks.md`;

if (process.argv.includes('--check')) {
  const current = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '';
  const stale = [current !== doc && 'docs/benchmarks.md', readme !== newReadme && 'README.md'].filter(Boolean);
  if (stale.length > 0) {
    process.stderr.write(`${stale.join(' and ')} differ from bench/results: run npm run bench:report\n`);
    process.exit(1);
  }
} else {
  writeFileSync(docPath, doc);
  writeFileSync(`${root}README.md`, newReadme);
}
