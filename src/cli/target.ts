/**
 * `--target local|aws` for every CLI command that talks to Timestream: `aws` uses the AWS endpoints;
 * `local` uses the emulator at `--endpoint URL` when given, else the one a running `npm start` or
 * `tcu-bot emulator` announced in `emulator.endpoint` beside its data file (`LOCAL_DATA_PATH`, by
 * default `.data/`), if it answers, else starts one in-process on that data file and stops it
 * afterwards.
 */
import { loadConfig } from '../config.ts';
import { readAnnounced } from '../emulator/announce.ts';
import { startEmulator } from '../emulator/server.ts';
import { choice, UsageError } from './usage-error.ts';

export interface Target {
  /** undefined: AWS. */
  readonly endpoint: string | undefined;
  readonly description: string;
  close(): Promise<void>;
}

export function parseTarget(values: { target?: string; endpoint?: string }): {
  kind: 'local' | 'aws';
  endpoint: string | undefined;
} {
  const kind = choice('target', values.target, ['local', 'aws'] as const) ?? 'local';
  if (kind === 'aws' && values.endpoint) throw new UsageError('--endpoint is for --target local');
  return { kind, endpoint: values.endpoint };
}

export async function openTarget(values: { target?: string; endpoint?: string }): Promise<Target> {
  const { kind, endpoint } = parseTarget(values);
  const none = () => Promise.resolve();
  if (kind === 'aws') return { endpoint: undefined, description: 'AWS', close: none };
  if (endpoint) return { endpoint, description: `emulator at ${endpoint}`, close: none };
  const { localDataPath } = loadConfig();
  const announced = readAnnounced(localDataPath);
  if (announced && (await answers(announced)))
    return { endpoint: announced, description: `running emulator at ${announced}`, close: none };
  let emulator;
  try {
    emulator = await startEmulator({ dataPath: localDataPath });
  } catch (error) {
    if (/lock/i.test((error as Error).message)) {
      throw new UsageError(
        `${localDataPath} is in use by another process that did not say where it listens: pass --endpoint http://127.0.0.1:PORT`,
      );
    }
    throw error;
  }
  return {
    endpoint: emulator.endpoint,
    description: `in-process emulator on ${localDataPath}`,
    close: () => emulator.close(),
  };
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'x-amz-target': 'Timestream_20181101.DescribeEndpoints',
        'content-type': 'application/x-amz-json-1.0',
      },
      body: '{}',
      signal: AbortSignal.timeout(1000),
    });
    return response.ok;
  } catch {
    return false;
  }
}
