/** One query through the SDK to its last page: latency means the whole answer (AWS perf-scale-workload does the same). */
import { QueryCommand, type QueryCommandOutput, type TimestreamQueryClient } from '@aws-sdk/client-timestream-query';

export interface QueryRun {
  readonly rows: (string | null)[][];
  readonly columns: string[];
  readonly pages: number;
  readonly bytesScanned: number;
  readonly bytesMetered: number;
}

export async function runQuery(
  client: TimestreamQueryClient,
  queryString: string,
  options: { keepRows?: boolean; signal?: AbortSignal } = {},
): Promise<QueryRun> {
  const rows: (string | null)[][] = [];
  let pages = 0;
  let response: QueryCommandOutput | undefined;
  // No options object unless there is a signal: any options, even empty, make the client resolve its
  // middleware again on every call instead of reusing it (cacheMiddleware).
  const sendOptions = options.signal ? { abortSignal: options.signal } : undefined;
  do {
    response = await client.send(
      new QueryCommand({ QueryString: queryString, NextToken: response?.NextToken }),
      sendOptions,
    );
    pages += 1;
    if (options.keepRows) {
      for (const row of response.Rows ?? [])
        rows.push((row.Data ?? []).map((datum) => (datum.NullValue ? null : (datum.ScalarValue ?? null))));
    }
  } while (response.NextToken);
  return {
    rows,
    columns: (response.ColumnInfo ?? []).map((column) => column.Name ?? ''),
    pages,
    bytesScanned: response.QueryStatus?.CumulativeBytesScanned ?? 0,
    bytesMetered: response.QueryStatus?.CumulativeBytesMetered ?? 0,
  };
}
