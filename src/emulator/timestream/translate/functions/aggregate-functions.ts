/**
 * Aggregate and window functions (https://docs.aws.amazon.com/timestream/latest/developerguide/aggregate-functions.html,
 * window-functions.html). approx_percentile answers with an exact percentile taken from the input
 * (DuckDB's quantile_disc): Timestream's is an approximation within its documented error, so the
 * exact value is one it could return.
 */
import { TranslationError } from '../translation-error.ts';
import { aggregate, refused, windowFunction, type FunctionSpec } from './function-spec.ts';

export const AGGREGATE_FUNCTIONS: readonly FunctionSpec[] = [
  aggregate('arbitrary', 1, 'any_value'),
  aggregate('array_agg', 1),
  aggregate('avg', 1),
  aggregate('bool_and', 1),
  aggregate('bool_or', 1),
  aggregate('every', 1, 'bool_and'),
  aggregate('count', [0, 1]),
  aggregate('count_if', 1),
  aggregate('geometric_mean', 1, 'geomean'),
  aggregate('max_by', [2, 3]),
  aggregate('min_by', [2, 3]),
  aggregate('max', [1, 2]),
  aggregate('min', [1, 2]),
  aggregate('sum', 1),
  aggregate('bitwise_and_agg', 1, 'bit_and'),
  aggregate('bitwise_or_agg', 1, 'bit_or'),
  aggregate('approx_distinct', [1, 2], ([x]) => `approx_count_distinct(${x})`),
  aggregate(
    'approx_percentile',
    [2, 3],
    (args) => {
      if (args.length === 3)
        throw new TranslationError('approx_percentile with weights is not supported by the tcu-bot emulator.');
      return `quantile_disc(${args[0]}, ${args[1]})`;
    },
    'Exact percentiles from the input (quantile_disc), one or an array of them; the weighted form is refused.',
  ),
  aggregate('corr', 2),
  aggregate('covar_pop', 2),
  aggregate('covar_samp', 2),
  aggregate('regr_intercept', 2),
  aggregate('regr_slope', 2),
  aggregate('kurtosis', 1),
  aggregate('skewness', 1),
  aggregate('stddev', 1, 'stddev_samp'),
  aggregate('stddev_pop', 1),
  aggregate('stddev_samp', 1),
  aggregate('variance', 1, 'var_samp'),
  aggregate('var_pop', 1),
  aggregate('var_samp', 1),
  refused('histogram', 'aggregate', 'Answers a MAP, a type the emulator’s answers do not carry.', 'aggregate'),
  windowFunction('cume_dist', 0),
  windowFunction('dense_rank', 0),
  windowFunction('ntile', 1),
  windowFunction('percent_rank', 0),
  windowFunction('rank', 0),
  windowFunction('row_number', 0),
  windowFunction('first_value', 1, 'IGNORE NULLS is supported.'),
  windowFunction('last_value', 1, 'IGNORE NULLS is supported.'),
  windowFunction('nth_value', 2, 'IGNORE NULLS is supported.'),
  windowFunction('lead', [1, 3], 'IGNORE NULLS is supported.'),
  windowFunction('lag', [1, 3], 'IGNORE NULLS is supported.'),
];
