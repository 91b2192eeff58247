/**
 * Where a workload comes from: a file path, or the name of one bundled with tcu-bot (`workloads/<name>.yaml`:
 * fleet, plant-sensors, case-study). Chat names bundled ones only; the CLI takes either.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readWorkload, WorkloadError } from './read-workload.ts';
import type { Workload } from './workload-schema.ts';

/** The bundled workloads' folder in the source tree (deploy/build.mjs copies it to dist/workloads/ for Lambda). */
export const BUNDLED_WORKLOADS = fileURLToPath(new URL('../../../workloads/', import.meta.url));

/** What a workload may be called in chat: no path, nothing to escape in a key. */
export const WORKLOAD_NAME = /^[A-Za-z0-9_-]{1,60}$/;

export function bundledWorkloadNames(folder = BUNDLED_WORKLOADS): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => file.slice(0, -'.yaml'.length))
    .sort();
}

/** A bundled workload by name; WorkloadError naming the bundled ones when there is none of that name. */
export function bundledWorkload(name: string, folder = BUNDLED_WORKLOADS): Workload {
  const names = bundledWorkloadNames(folder);
  if (!WORKLOAD_NAME.test(name) || !names.includes(name))
    throw new WorkloadError([`no bundled workload ${name}: there are ${names.join(', ')}`]);
  const file = `${folder}${name}.yaml`;
  return readWorkload(readFileSync(file, 'utf8'), `workloads/${name}.yaml`);
}

/** `--workload F`: a file when one is at that path, else a bundled workload of that name. */
export function loadWorkload(pathOrName: string): Workload {
  if (existsSync(pathOrName)) return readWorkload(readFileSync(pathOrName, 'utf8'), pathOrName);
  return bundledWorkload(pathOrName);
}
