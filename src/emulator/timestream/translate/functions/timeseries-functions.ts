/**
 * Time-series functions (https://docs.aws.amazon.com/timestream/latest/developerguide/timeseries-specific-constructs.functions.html).
 * A TIMESERIES is a DuckDB list of {time, value} rows in time order: create_time_series builds it,
 * UNNEST reads it back as rows, filter/transform/reduce take lambdas over its points, and the answer
 * goes out as Timestream's TimeSeriesValue. Interpolation at a point the series cannot place (before
 * its first or after its last point, for linear; before its first, for locf) has no value, and that
 * point is left out of the answer (assumed: the guide does not say).
 */
import { aggregate, refused, scalar, type FunctionSpec, type Translate } from './function-spec.ts';

/** interpolate_x(series, timestamps[, fill]): one point per timestamp, or one value for one timestamp. */
function interpolation(macro: string): Translate {
  return (args, call, printer) => {
    const extra = args
      .slice(2)
      .map((arg) => `, ${arg}`)
      .join('');
    if (!printer.isArray(call.args[1]!)) return `${macro}(${args[0]}, ${args[1]}${extra})`;
    const points = `list_transform(${args[1]}, lambda _t: {'time': _t, 'value': ${macro}(${args[0]}, _t${extra})})`;
    return `list_filter(${points}, lambda _p: _p.value IS NOT NULL)`;
  };
}

/** Each pair of neighbouring points, as a list over the later point's index. */
const pairs = (series: string, body: string) => `list_transform(range(2, len(${series}) + 1), lambda _i: ${body})`;
const elapsedUs = (series: string) => `(epoch_us(${series}[_i].time) - epoch_us(${series}[_i - 1].time))`;

function derivative(nonNegative: boolean): Translate {
  return ([series, unit]) => {
    const rate = `(${series}[_i].value - ${series}[_i - 1].value) * CAST(epoch_us(${unit}) AS DOUBLE) / ${elapsedUs(series!)}`;
    const points = pairs(series!, `{'time': ${series}[_i].time, 'value': ${rate}}`);
    return nonNegative ? `list_filter(${points}, lambda _p: _p.value >= 0)` : points;
  };
}

export const TIMESERIES_FUNCTIONS: readonly FunctionSpec[] = [
  {
    ...aggregate(
      'create_time_series',
      2,
      ([time, value]) => `list({'time': ${time}, 'value': ${value}} ORDER BY ${time})`,
    ),
    category: 'timeseries',
  },
  scalar('interpolate_linear', 'timeseries', 2, interpolation('ts_interpolate_linear')),
  scalar('interpolate_locf', 'timeseries', 2, interpolation('ts_interpolate_locf')),
  scalar('interpolate_fill', 'timeseries', 3, interpolation('ts_interpolate_fill')),
  refused(
    'interpolate_spline_cubic',
    'timeseries',
    'Cubic splines are not implemented in the tcu-bot emulator; use interpolate_linear locally.',
  ),
  scalar(
    'derivative_linear',
    'timeseries',
    2,
    derivative(false),
    'Change per unit between neighbouring points, at the later point.',
  ),
  scalar(
    'non_negative_derivative_linear',
    'timeseries',
    2,
    derivative(true),
    'As derivative_linear, leaving out negative rates (assumed: counters reset).',
  ),
  scalar(
    'integral_trapezoidal',
    'timeseries',
    [1, 2],
    ([series, unit]) => {
      const area = `(${series}[_i].value + ${series}[_i - 1].value) / 2.0 * ${elapsedUs(series!)} / CAST(epoch_us(${unit ?? "INTERVAL '1 second'"}) AS DOUBLE)`;
      return `list_sum(${pairs(series!, area)})`;
    },
    'The unit defaults to one second (assumed).',
  ),
  scalar(
    'correlate_pearson',
    'timeseries',
    2,
    ([a, b]) =>
      `(SELECT corr(_a.value, _b.value) FROM (SELECT unnest(${a}) AS _a) AS _l, (SELECT unnest(${b}) AS _b) AS _r WHERE _a.time = _b.time)`,
    'Over the points with equal times.',
  ),
  refused(
    'correlate_spearman',
    'timeseries',
    'Rank correlation is not implemented in the tcu-bot emulator; correlate_pearson is.',
  ),
];
