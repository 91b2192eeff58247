/** A Timestream Datum as short text, for comparing answers: `1`, `null`, `[1, 2]`, `{a, 1}`, `[(t, v), …]`. */
import type { Datum } from '@aws-sdk/client-timestream-query';

export function datumText(datum: Datum | undefined): string {
  if (!datum || datum.NullValue) return 'null';
  if (datum.ScalarValue !== undefined) return datum.ScalarValue;
  if (datum.ArrayValue) return `[${datum.ArrayValue.map(datumText).join(', ')}]`;
  if (datum.RowValue) return `{${(datum.RowValue.Data ?? []).map(datumText).join(', ')}}`;
  if (datum.TimeSeriesValue)
    return `[${datum.TimeSeriesValue.map((point) => `(${point.Time}, ${datumText(point.Value)})`).join(', ')}]`;
  return '?';
}
