/**
 * `tcu-bot` — the command line. Arguments are parsed with Node's own util.parseArgs; each command
 * lives in src/cli/. Exit codes: 0 done, 1 the input or the work failed, 2 wrong usage.
 */
import { parseArgs } from 'node:util';
import { PayloadError } from './alarms/inbound.ts';
import { parseAlarmRenderArgs, renderAlarmFile } from './cli/alarm-render.ts';
import { parseEmulatorArgs, runEmulator } from './cli/emulator.ts';
import { UsageError } from './cli/usage-error.ts';
import { ConfigError, loadConfig } from './config.ts';

const USAGE = `usage: tcu-bot <command>

  alarm render <file|-> [--to dingtalk|slack] [--locale zh-CN|en]
      Print the exact request body sent for an alarm payload (a Lambda SNS event, an SNS
      message, or a bare CloudWatch alarm JSON): one per destination kind, or the one named.
  emulator [--port 8787] [--data .data/emulator.duckdb|:memory:] [--max-query-tcu N]
      Run the local Timestream stand-in (DuckDB behind Timestream's wire protocol) and print
      its endpoint; --port 0 picks a free port. Ctrl-C stops it and checkpoints the data.
  help
      Show this text.
`;

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      to: { type: 'string' },
      locale: { type: 'string' },
      port: { type: 'string' },
      data: { type: 'string' },
      'max-query-tcu': { type: 'string' },
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
  if (group === 'emulator' && command === undefined) {
    await runEmulator(parseEmulatorArgs(values));
    return 0;
  }
  throw new UsageError(`unknown command: ${positionals.join(' ')}`);
}

/** Usage mistakes exit 2 with the usage text; known input problems exit 1 with their message. */
function fail(error: unknown): never {
  const isParseArgsError = error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
  if (error instanceof UsageError || isParseArgsError) {
    process.stderr.write(`tcu-bot: ${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  const isKnown = error instanceof PayloadError || error instanceof ConfigError;
  process.stderr.write(`tcu-bot: ${isKnown ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
}, fail);
