/**
 * `tcu-bot` — the command line. Arguments are parsed with Node's own util.parseArgs; each command
 * lives in src/cli/. Exit codes: 0 done, 1 the input or the work failed, 2 wrong usage, 99 a workload
 * threshold failed (`lab run`).
 */
import { parseArgs } from 'node:util';
import { PayloadError } from './alarms/inbound.ts';
import { GenerationError } from './lab/write-batch.ts';
import { WorkloadError } from './lab/workload/read-workload.ts';
import { parseAlarmRenderArgs, renderAlarmFile } from './cli/alarm-render.ts';
import { parseEmulatorArgs, runEmulator } from './cli/emulator.ts';
import { costCheckCommand, costServicesCommand, tcuStatusCommand } from './cli/monitor-commands.ts';
import { labCommand } from './cli/lab.ts';
import { workloadLabCommand } from './cli/lab-workload.ts';
import { adviseCommand, adviseMeasureCommand } from './cli/advise.ts';
import { chatCommand } from './cli/chat.ts';
import { UsageError } from './cli/usage-error.ts';
import { ConfigError, loadConfig } from './config.ts';

const USAGE = `usage: tcu-bot <command>

  alarm render <file|-> [--to dingtalk|slack] [--locale zh-CN|en] [--text]
      Print the exact request body sent for an alarm payload (a Lambda SNS event, an SNS
      message, or a bare CloudWatch alarm JSON): one per destination kind, or the one named;
      --text prints the message as it reads instead.
  emulator [--port 8787] [--data .data/emulator.duckdb|:memory:] [--max-query-tcu N] [--tcu-profile FILE] [--no-pace]
      Run the local Timestream stand-in (DuckDB behind Timestream's wire protocol) and print
      its endpoint; --port 0 picks a free port. Ctrl-C stops it and checkpoints the data.
  tcu status [--target local|aws] [--endpoint URL] [--json] [--locale en|zh-CN]
      QueryTCU now, peaks over 15 min / 1 h / 24 h, MaxQueryTCU, and the daily cost with its
      day-over-day change and month to date, as figures and as the message /tcu status posts.
  cost check [--date YYYY-MM-DD] [--target local|aws] [--endpoint URL] [--json] [--locale en|zh-CN]
      The daily cost rule for a day (default: yesterday, UTC) against the day before it.
  cost services [--target local|aws] [--endpoint URL] [--json]
      The Cost Explorer SERVICE values containing "Timestream" (set COST_SERVICE to the right one).
  lab setup [--database D]
      Create the lab database and its four tables (legacy, power, energy, metadata); safe to rerun.
  lab generate [--scale N] [--span-minutes 720] [--in-flight 8] [--resume] [--checkpoint FILE]
      Write the case-study data (10 devices × scale, 52 metrics, one record a minute for 12 h) into
      all tables, checkpointed; --resume writes exactly what a stopped run left.
  lab setup --workload F | lab generate --workload F [--span 1h] [--resume] [--database D]
      A workload file's (or a bundled workload's: fleet, plant-sensors, case-study) database and
      tables, then its data: every series, one record per interval, checkpointed; --span writes a
      shorter span than the file's.
  lab run --workload F [--json] [--report out.html] [--time-factor 0.1] [--database D] [--target local|aws]
      The file's stages (arrival rates or workers), a live progress line, then each query's count,
      throttles, failures, latency p50/p95/p99 and bytes, QueryTCU peak and TCU-hours, and the
      thresholds. --json prints { "queries": { "<name>": { "count", "succeeded", "throttled",
      "failed", "latencyMs": { "p50", "p95", "p99" }, "bytesScanned" } }, "tcu": { "peak", "hours" },
      "thresholds": [ { "metric", "query", "below", "actual", "ok" } ], "ok" }. --report writes one
      self-contained HTML file; --time-factor shortens every stage; --database runs the workload in
      another database (its queries rewritten). Exit 0 when every threshold holds, 99 when one
      fails, 1 on errors.
  lab loadtest --sql1 N --sql2 N [--duration 5m] [--every 5m | --rate Q] [--schema legacy|optimized]
      N workers per query back to back (closed model), paced by --every, or --rate arrivals a second
      (open model). Latency from each intended start; throttles counted; QueryTCU over the window.
  lab compare [--rate 5] [--duration 30s] [--max-query-tcu M] [--json]
      The before/after report: the same open-model workload on the legacy and the optimized schema,
      in QueryTCU, TCU-hours and dollars, with QueryInsights per query; answers checked equal.
      --json prints { "legacy": Side, "optimized": Side, "answersEqual": bool }.
  lab calibrate [--users 28] [--duration 60s] [--out profile.json]
      Fit the TCU model's unpublished constants (fixed and per-operator work, bytes per TCU-second) to
      the target account from three saturated query mixes; writes a profile for emulator --tcu-profile.
  lab story [--rate 50] [--quiet-rate 5] [--max-query-tcu 128] [--scale 1] [--alarm-threshold N] [--json] [--locale en|zh-CN]
      The case study replayed in virtual time on an emulator of its own, in about a minute: a quiet
      day, a busy day on the legacy schema (QueryTCU at MaxQueryTCU, throttles, serverless.yml's
      QueryTCU alarm, next morning's cost alert), a busy day on the optimized schema (alarm OK, cost
      down). Notices print as they would post; the days' QueryTCU history is then left in the local
      emulator for cost check and tcu status.
  chat "<command text>" [--as USER] [--dingtalk] [--wait] [--url http://127.0.0.1:3000]
      Send a signed Slack slash command (or DingTalk callback) to the running local bot and print
      the replies; --wait keeps listening until the job's final report.
  advise "<sql>" | - | --workload FILE [--json] [--locale en|zh-CN]
      The query advisor: what in the query costs TCU (no time range, time or the partition key
      wrapped in a function, SELECT *, the max(time) join-back, …), where, why, and the mechanical
      rewrite where there is one. --json prints { "findings": [ { "rule", "span", "title", "why",
      "fix", "source", "rewrite" } ] }; exit 1 when the text is not a Timestream query. --workload
      advises on each query of a workload file (workloads/*.yaml): { "queries": { "<name>": … } }.
  advise --measure "<sql>" [--target local|aws] [--endpoint URL] [--json]
      Also runs the query and its mechanical rewrite on the target with QueryInsights: rows, bytes
      scanned, spatial coverage, temporal range, TCU-seconds (the emulator's model; Timestream
      publishes none per query) and whether the answers are equal. --json adds "measure": { "before",
      "after", "answersEqual", "tcuSecondsSource" } to the findings.
  help
      Show this text.

--target local (the default) uses the emulator at --endpoint, else the one a running npm start or
tcu-bot emulator announced beside its data (.data/emulator.endpoint; LOCAL_DATA_PATH moves both),
else starts one in-process on .data/emulator.duckdb.
`;

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      to: { type: 'string' },
      text: { type: 'boolean' },
      locale: { type: 'string' },
      port: { type: 'string' },
      data: { type: 'string' },
      'max-query-tcu': { type: 'string' },
      'quiet-rate': { type: 'string' },
      'alarm-threshold': { type: 'string' },
      users: { type: 'string' },
      out: { type: 'string' },
      'tcu-profile': { type: 'string' },
      'no-pace': { type: 'boolean' },
      target: { type: 'string' },
      endpoint: { type: 'string' },
      json: { type: 'boolean' },
      date: { type: 'string' },
      database: { type: 'string' },
      scale: { type: 'string' },
      'span-minutes': { type: 'string' },
      'in-flight': { type: 'string' },
      resume: { type: 'boolean' },
      checkpoint: { type: 'string' },
      sql1: { type: 'string' },
      sql2: { type: 'string' },
      duration: { type: 'string' },
      every: { type: 'string' },
      rate: { type: 'string' },
      schema: { type: 'string' },
      'max-throttle-ratio': { type: 'string' },
      'max-error-ratio': { type: 'string' },
      as: { type: 'string' },
      dingtalk: { type: 'boolean' },
      wait: { type: 'boolean' },
      url: { type: 'string' },
      workload: { type: 'string' },
      report: { type: 'string' },
      measure: { type: 'boolean' },
      'time-factor': { type: 'string' },
      span: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [group, command, ...rest] = positionals;
  if (values.help || group === undefined || group === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (group === 'alarm' && command === 'render') {
    const args = parseAlarmRenderArgs(rest, values);
    process.stdout.write(`${renderAlarmFile(args, loadConfig({ LOG_LEVEL: 'silent' }))}\n`);
    return 0;
  }
  const monitorCommands: Record<string, typeof tcuStatusCommand> = {
    'tcu status': tcuStatusCommand,
    'cost check': costCheckCommand,
    'cost services': costServicesCommand,
  };
  const monitorCommand = monitorCommands[`${group} ${command}`];
  if (monitorCommand && rest.length === 0) {
    process.stdout.write(`${await monitorCommand(values, loadConfig({ LOG_LEVEL: 'silent' }))}\n`);
    return 0;
  }
  if (group === 'chat') {
    const text = [command, ...rest].filter(Boolean).join(' ');
    if (!text) throw new UsageError('chat needs the command text, e.g. tcu-bot chat "/tcu status"');
    const config = loadConfig({ LOG_LEVEL: 'silent' });
    return chatCommand(
      {
        text,
        as: values.as ?? 'local-user',
        dingtalk: values.dingtalk === true,
        wait: values.wait === true,
        url: values.url ?? `http://127.0.0.1:${config.port}`,
        timeoutMs: config.lab.maxDurationMs + 120_000,
      },
      config,
      (line) => process.stdout.write(`${line}\n`),
    );
  }
  if (group === 'lab' && rest.length === 0 && values.workload !== undefined) {
    const { output, code } = await workloadLabCommand(command, values, loadConfig({ LOG_LEVEL: 'silent' }));
    process.stdout.write(`${output}\n`);
    return code;
  }
  if (group === 'lab' && rest.length === 0) {
    const { output, ok } = await labCommand(command, values, loadConfig({ LOG_LEVEL: 'silent' }));
    process.stdout.write(`${output}\n`);
    return ok ? 0 : 1;
  }
  if (group === 'advise' && values.measure) {
    const words = [command, ...rest].filter((word) => word !== undefined);
    const { output, ok } = await adviseMeasureCommand(words, values, loadConfig({ LOG_LEVEL: 'silent' }));
    (ok ? process.stdout : process.stderr).write(`${output}\n`);
    return ok ? 0 : 1;
  }
  if (group === 'advise') {
    const { output, ok } = adviseCommand(
      [command, ...rest].filter((word) => word !== undefined),
      values,
    );
    (ok ? process.stdout : process.stderr).write(`${output}\n`);
    return ok ? 0 : 1;
  }
  if (group === 'emulator' && command === undefined) {
    await runEmulator(parseEmulatorArgs(values));
    return 0;
  }
  throw new UsageError(`unknown command: ${positionals.join(' ')}`);
}

/**
 * The usage of the command `words` names (`lab generate …` → its entry), else of its group (`lab` →
 * every lab entry), else a pointer to the whole list.
 */
export function usageFor(words: readonly string[]): string {
  const entries: string[][] = [];
  for (const line of USAGE.split('\n')) {
    if (/^ {2}\S/.test(line)) entries.push([line]);
    else if (/^ {6}\S/.test(line)) entries.at(-1)?.push(line);
  }
  const [group, command] = words;
  const named = (prefix: string) => entries.filter(([head]) => head!.trim().startsWith(prefix));
  const exact = command === undefined ? [] : named(`${group} ${command}`);
  const matches = exact.length > 0 ? exact : group === undefined ? [] : named(`${group}`);
  const all = '`tcu-bot help` lists every command.';
  return matches.length > 0 ? `usage:\n${matches.map((entry) => entry.join('\n')).join('\n')}\n\n${all}\n` : `${all}\n`;
}

/** Usage mistakes exit 2 with the one error and that command's usage; known input problems exit 1 with their message. */
function fail(error: unknown): never {
  const isParseArgsError =
    error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
  if (error instanceof UsageError || isParseArgsError) {
    const words = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
    process.stderr.write(`tcu-bot: ${error.message}\n\n${usageFor(words)}`);
    process.exit(2);
  }
  const isKnown =
    error instanceof PayloadError ||
    error instanceof ConfigError ||
    error instanceof GenerationError ||
    error instanceof WorkloadError;
  process.stderr.write(
    `tcu-bot: ${isKnown ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  // The command is done: exit once its output is written, rather than wait on whatever a library
  // left open. Seen: `lab story` against a running npm start stayed alive for minutes after its
  // output, with no active handle left (a native resource).
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}, fail);
