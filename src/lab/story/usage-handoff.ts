/**
 * Leaves the story's QueryTCU history in the local account's emulator (its ReplaceUsageHistory
 * operation), so `/tcu status` and `cost check` answer from the replayed days.
 */
import { EMULATOR_TARGET, type ReplaceUsageHistoryInput } from '../../emulator/usage-history.ts';
import type { StoryResult } from './story.ts';

export async function leaveStoryHistory(
  endpoint: string,
  result: Pick<StoryResult, 'fromMs' | 'toMs' | 'history'>,
  fetchFn: typeof fetch = fetch,
): Promise<number> {
  const input: ReplaceUsageHistoryInput = {
    FromMs: result.fromMs,
    ToMs: result.toMs,
    Minutes: result.history.minutes.map(([minute, min, max]) => [minute, min, max]),
    BilledSeconds: result.history.billedSeconds.map(([minute, seconds]) => [minute, seconds]),
  };
  const response = await fetchFn(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `${EMULATOR_TARGET}.ReplaceUsageHistory`,
    },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as { MinutesReplaced?: number; message?: string };
  if (!response.ok)
    throw new Error(`the emulator at ${endpoint} refused the story's history: ${body.message ?? response.status}`);
  return body.MinutesReplaced ?? 0;
}
