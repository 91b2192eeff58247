/**
 * The generation checkpoint: the run's fixed inputs (scale, seed, data window) and the finished batch
 * numbers as ranges. Written atomically (temp file + rename), so a crash leaves the previous version.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataWindow } from './scenario.ts';

export interface Checkpoint {
  readonly version: 1;
  /** Which data: `case-study` (also when absent, as older checkpoints are) or a workload's name and hash. */
  readonly source?: string;
  readonly database: string;
  readonly scale: number;
  readonly seed: number;
  readonly window: DataWindow;
  readonly totalBatches: number;
  /** Finished batches as inclusive ranges [first, last]. */
  readonly done: readonly (readonly [number, number])[];
}

export function toRanges(done: ReadonlySet<number>): [number, number][] {
  const sorted = [...done].sort((a, b) => a - b);
  const ranges: [number, number][] = [];
  for (const index of sorted) {
    const last = ranges.at(-1);
    if (last && last[1] === index - 1) last[1] = index;
    else ranges.push([index, index]);
  }
  return ranges;
}

export function fromRanges(ranges: readonly (readonly [number, number])[]): Set<number> {
  const done = new Set<number>();
  for (const [first, last] of ranges) for (let index = first; index <= last; index += 1) done.add(index);
  return done;
}

export function readCheckpoint(path: string): Checkpoint | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const parsed = JSON.parse(text) as Checkpoint;
  if (parsed.version !== 1) throw new Error(`checkpoint ${path} has unknown version ${String(parsed.version)}`);
  return parsed;
}

export function writeCheckpoint(path: string, checkpoint: Checkpoint): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.tmp`;
  writeFileSync(temporary, JSON.stringify(checkpoint));
  renameSync(temporary, path);
}
