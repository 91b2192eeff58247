/**
 * The jobs topic's message, as the worker reads it. Only the id and kind are trusted: the worker reads
 * the job itself back from the store, so a stale or replayed message cannot change what runs.
 */
import * as z from 'zod/mini';
import '../shared/zod.ts';
import { describeIssues } from '../shared/zod-issues.ts';
import { JOB_KINDS, type Job } from './job.ts';

const jobMessageSchema = z.object({ id: z.string().check(z.minLength(1), z.maxLength(200)), kind: z.enum(JOB_KINDS) });

export function parseJobMessage(message: string): Pick<Job, 'id' | 'kind'> {
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    throw new Error('job message is not JSON');
  }
  const parsed = jobMessageSchema.safeParse(json);
  if (!parsed.success) throw new Error(`job message is not a job: ${describeIssues(parsed.error).join('; ')}`);
  return parsed.data;
}
