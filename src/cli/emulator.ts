/**
 * `tcu-bot emulator [--port 8787] [--data .data/emulator.duckdb|:memory:] [--max-query-tcu N] [--tcu-profile FILE]`:
 * the Timestream stand-in on its own, until Ctrl-C (which checkpoints the data file).
 */
import { loadConfig } from '../config.ts';
import { startEmulator } from '../emulator/server.ts';
import { loadTcuProfile, TcuProfileError, type TcuProfile } from '../emulator/timestream/capacity/tcu-profile.ts';
import { announceEndpoint } from '../emulator/announce.ts';
import { UsageError } from './usage-error.ts';

export const DEFAULT_EMULATOR_PORT = 8787;

export interface EmulatorArgs {
  readonly port: number;
  readonly dataPath: string | undefined;
  readonly maxQueryTcu: number | undefined;
  readonly tcuProfile: TcuProfile | undefined;
  /** Answer as fast as DuckDB does instead of at the modelled Timestream time (for measuring the emulator). */
  readonly isPaced: boolean;
}

export function parseEmulatorArgs(values: {
  port?: string;
  data?: string;
  'max-query-tcu'?: string;
  'tcu-profile'?: string;
  'no-pace'?: boolean;
}): EmulatorArgs {
  const port = values.port === undefined ? DEFAULT_EMULATOR_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new UsageError(`--port must be 0–65535, not ${values.port}`);
  const maxQueryTcu = values['max-query-tcu'] === undefined ? undefined : Number(values['max-query-tcu']);
  if (
    maxQueryTcu !== undefined &&
    (!Number.isInteger(maxQueryTcu) || maxQueryTcu < 4 || maxQueryTcu > 1000 || maxQueryTcu % 4 !== 0)
  ) {
    throw new UsageError(`--max-query-tcu must be a multiple of 4 between 4 and 1000, not ${values['max-query-tcu']}`);
  }
  const data = values.data ?? loadConfig().localDataPath;
  let tcuProfile: TcuProfile | undefined;
  try {
    tcuProfile = values['tcu-profile'] === undefined ? undefined : loadTcuProfile(values['tcu-profile']);
  } catch (error) {
    if (error instanceof TcuProfileError) throw new UsageError(error.message);
    throw error;
  }
  return {
    port,
    dataPath: data === ':memory:' ? undefined : data,
    maxQueryTcu,
    tcuProfile,
    isPaced: values['no-pace'] !== true,
  };
}

export async function runEmulator(args: EmulatorArgs): Promise<void> {
  let emulator;
  try {
    emulator = await startEmulator({
      port: args.port,
      dataPath: args.dataPath,
      maxQueryTcu: args.maxQueryTcu,
      tcuProfile: args.tcuProfile,
      paceAnswers: args.isPaced,
    });
  } catch (error) {
    if (/lock/i.test((error as Error).message))
      throw new UsageError(
        `${args.dataPath} is in use by another process (is an emulator already running?); stop it or pass --data another.duckdb`,
      );
    throw error;
  }
  const settings = emulator.service.catalog.settings;
  const withdraw = args.dataPath ? announceEndpoint(emulator.endpoint, args.dataPath) : () => undefined;
  process.stdout.write(`tcu-bot emulator listening on ${emulator.endpoint}\n`);
  process.stdout.write(
    `data: ${args.dataPath ?? 'in memory'} · MaxQueryTCU ${settings.maxQueryTcu} · ${settings.queryPricingModel} · TCU profile ${emulator.service.capacity.profile.name}\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  withdraw();
  await emulator.close();
  process.stdout.write('tcu-bot emulator stopped (data checkpointed)\n');
}
