import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function fixturePath(relative: string): string {
  return fileURLToPath(new URL(`../fixtures/${relative}`, import.meta.url));
}

export function readFixture(relative: string): string {
  return readFileSync(fixturePath(relative), 'utf8');
}

export function readJsonFixture<T = Record<string, unknown>>(relative: string): T {
  return JSON.parse(readFixture(relative)) as T;
}

export const ALARM_FIXTURES = [
  'metric-query-tcu.json',
  'metric-upper-case-nulls.json',
  'math-utilisation.json',
  'anomaly-query-tcu.json',
  'composite-children-objects.json',
  'composite-children-strings.json',
  'insufficient-no-arn.json',
] as const;
