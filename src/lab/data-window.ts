/** The window the lab's data covers: from the generation checkpoint, else read from the legacy table. */
import { QueryCommand } from '@aws-sdk/client-timestream-query';
import { readCheckpoint } from './checkpoint.ts';
import type { LabTarget } from './lab-target.ts';
import type { DataWindow } from './scenario.ts';
import { SAMPLE_DEVICE } from './setup.ts';

export class NoDataError extends Error {
  override name = 'NoDataError';
}

export async function findDataWindow(target: LabTarget, checkpointPath: string | undefined): Promise<DataWindow> {
  const checkpoint = checkpointPath ? readCheckpoint(checkpointPath) : undefined;
  if (checkpoint && checkpoint.database === target.database) return checkpoint.window;
  const result = await target.clients.query.send(
    new QueryCommand({
      QueryString: `SELECT to_milliseconds(min(time)), to_milliseconds(max(time)) FROM "${target.database}"."legacy" WHERE deviceNo <> '${SAMPLE_DEVICE.deviceNo}' AND time > ago(2d)`,
    }),
  );
  const [from, to] = (result.Rows?.[0]?.Data ?? []).map((datum) =>
    datum.NullValue ? undefined : Number(datum.ScalarValue),
  );
  if (from === undefined || to === undefined)
    throw new NoDataError(`no lab data in ${target.database}: run \`tcu-bot lab generate\` first`);
  return { startMs: from, endMs: to };
}
