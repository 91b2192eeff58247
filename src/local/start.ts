/**
 * `npm start`: the emulator (data in .data/, kept across restarts), the bot and its console page on
 * 127.0.0.1. Ctrl-C stops it and checkpoints the data.
 */
import { describeConfig, loadConfig } from '../config.ts';
import { createLogger } from '../shared/logger.ts';
import { startLocalBot } from './local-bot.ts';

const { port, localDataPath: DATA } = loadConfig();
const bot = await startLocalBot({
  port,
  dataPath: DATA,
  onStep: (step) => process.stdout.write(`tcu-bot: ${step}…\n`),
}).catch((error: unknown) => {
  const message = (error as Error).message;
  // DuckDB allows one process per file: say what to do instead of its lock error alone.
  if (/Could not set lock on file/.test(message))
    process.stderr.write(
      `${DATA} is in use by another process (another npm start, or tcu-bot emulator). Stop it, or set TIMESTREAM_ENDPOINT to that emulator's address.\n${message}\n`,
    );
  else process.stderr.write(`tcu-bot could not start: ${message}\n`);
  process.exit(1);
});
createLogger({ level: bot.config.logLevel }).info('tcu-bot started', describeConfig(bot.config));
process.stdout.write(`\ntcu-bot console: ${bot.url}\n`);
if (bot.emulator) process.stdout.write(`Timestream emulator: ${bot.emulator.endpoint} (data in ${DATA})\n`);
process.stdout.write('Ctrl-C stops both and keeps the data.\n');

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  process.stdout.write('\nstopping: checkpointing the data…\n');
  // Hard stop if something hangs, but give the checkpoint time first.
  setTimeout(() => process.exit(1), 15_000).unref();
  void bot.close().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`stop failed: ${(error as Error).message}\n`);
      process.exit(1);
    },
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
