/**
 * `--target local|aws` for every CLI command that talks to Timestream: `aws` uses the AWS endpoints;
 * `local` uses the emulator at `--endpoint URL` when given, else the one a running `npm start` or
 * `tcu-bot emulator` announced in `.data/emulator.endpoint` (if it answers), else starts one in-process
 * on the default data file and stops it afterwards.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { startEmulator } from '../emulator/server.ts';
import { DEFAULT_EMULATOR_DATA } from './emulator.ts';
import { UsageError } from './usage-error.ts';

export const ENDPOINT_FILE = '.data/emulator.endpoint';

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
  const kind = values.target ?? 'local';
  if (kind !== 'local' && kind !== 'aws') throw new UsageError(`--target must be local or aws, not ${kind}`);
  if (kind === 'aws' && values.endpoint) throw new UsageError('--endpoint is for --target local');
  return { kind, endpoint: values.endpoint };
}

export async function openTarget(values: { target?: string; endpoint?: string }): Promise<Target> {
  const { kind, endpoint } = parseTarget(values);
  const none = () => Promise.resolve();
  if (kind === 'aws') return { endpoint: undefined, description: 'AWS', close: none };
  if (endpoint) return { endpoint, description: `emulator at ${endpoint}`, close: none };
  const announced = readAnnounced();
  if (announced && (await answers(announced)))
    return { endpoint: announced, description: `running emulator at ${announced}`, close: none };
  let emulator;
  try {
    emulator = await startEmulator({ dataPath: DEFAULT_EMULATOR_DATA });
  } catch (error) {
    if (/lock/i.test((error as Error).message)) {
      throw new UsageError(
        `${DEFAULT_EMULATOR_DATA} is in use by another process (a running emulator?): pass --endpoint http://127.0.0.1:PORT`,
      );
    }
    throw error;
  }
  return {
    endpoint: emulator.endpoint,
    description: `in-process emulator on ${DEFAULT_EMULATOR_DATA}`,
    close: () => emulator.close(),
  };
}

/** A long-running emulator says where it listens, so CLI commands can find it. */
export function announceEndpoint(endpoint: string): () => void {
  writeFileSync(ENDPOINT_FILE, `${endpoint}\n`);
  return () => rmSync(ENDPOINT_FILE, { force: true });
}

function readAnnounced(): string | undefined {
  try {
    return readFileSync(ENDPOINT_FILE, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
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
