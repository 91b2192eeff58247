/**
 * A long-running emulator (`npm start`, `tcu-bot emulator`) writes its address into
 * `emulator.endpoint` beside its data file, so CLI commands find it (src/cli/target.ts).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where an emulator running on `dataPath` says its address: beside the data. */
export function endpointFileFor(dataPath: string): string {
  return join(dirname(dataPath), 'emulator.endpoint');
}

/**
 * A long-running emulator (`npm start`, `tcu-bot emulator`) says where it listens, so CLI commands
 * find it. The returned function withdraws the announcement, if it is still this one's.
 */
export function announceEndpoint(endpoint: string, dataPath: string): () => void {
  const file = endpointFileFor(dataPath);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${endpoint}\n`);
  return () => {
    if (readAnnounced(dataPath) === endpoint) rmSync(file, { force: true });
  };
}

/** The address announced beside `dataPath`, if any (it may be stale: the caller checks it answers). */
export function readAnnounced(dataPath: string): string | undefined {
  try {
    return readFileSync(endpointFileFor(dataPath), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
