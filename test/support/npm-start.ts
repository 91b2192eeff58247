/** `npm start` as a child process (src/local/start.ts, what the script runs), for tests of the whole bot. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface StartedBot {
  readonly child: ChildProcess;
  /** The console URL it printed, ending in `/`. */
  readonly url: string;
  readonly output: () => string;
  /** Resolves with the exit code once the process has exited. */
  readonly exited: Promise<number | null>;
}

/**
 * Starts the bot with its data in `folder` (its own emulator, whatever this shell has set) and
 * resolves once it prints its console URL.
 */
export function startBot(folder: string, env: Record<string, string> = {}): Promise<StartedBot> {
  const { TIMESTREAM_ENDPOINT: _unused, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/local/start.ts'], {
    env: {
      ...inherited,
      PORT: '0',
      LOG_LEVEL: 'warn',
      LOCAL_DATA_PATH: join(folder, 'emulator.duckdb'),
      LAB_CHECKPOINT: join(folder, 'checkpoint.json'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /tcu-bot console: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (match) resolve({ child, url: match[1]!, output: () => output, exited });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    exited.then((code) => reject(new Error(`npm start exited with ${code}:\n${output}`)), reject);
  });
}
