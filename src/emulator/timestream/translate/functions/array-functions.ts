/**
 * Array functions and lambdas (https://docs.aws.amazon.com/timestream/latest/developerguide/array-functions.html).
 * Timestream keeps first-seen order in array_distinct, array_union, array_intersect and array_except
 * (DuckDB's list_distinct does not), answers 0 from array_position when absent (DuckDB: NULL), and
 * applies reduce's output function to the folded value.
 */
import type { Expression } from '../../../../timestream/sql/ast.ts';
import { TranslationError } from '../translation-error.ts';
import { scalar, type CallPrinter, type FunctionSpec } from './function-spec.ts';

/** Elements of `a` in first-seen order, without repeats. */
const distinctInOrder = (a: string) => `list_filter(${a}, lambda _x, _i: list_position(${a}, _x) = _i)`;

export const ARRAY_FUNCTIONS: readonly FunctionSpec[] = [
  scalar('array_distinct', 'array', 1, ([a]) => distinctInOrder(a!)),
  scalar(
    'array_intersect',
    'array',
    2,
    ([a, b]) => `list_filter(${distinctInOrder(a!)}, lambda _y: list_contains(${b}, _y))`,
  ),
  scalar('array_union', 'array', 2, ([a, b]) => distinctInOrder(`(${a} || ${b})`)),
  scalar(
    'array_except',
    'array',
    2,
    ([a, b]) => `list_filter(${distinctInOrder(a!)}, lambda _y: NOT list_contains(${b}, _y))`,
  ),
  scalar('array_join', 'array', [2, 3], ([a, by, nulls]) =>
    nulls === undefined
      ? `array_to_string(${a}, ${by})`
      : `array_to_string(list_transform(${a}, lambda _x: coalesce(CAST(_x AS VARCHAR), ${nulls})), ${by})`,
  ),
  scalar('array_max', 'array', 1, 'list_max'),
  scalar('array_min', 'array', 1, 'list_min'),
  scalar('array_position', 'array', 2, ([a, x]) => `coalesce(list_position(${a}, ${x}), 0)`, '0 when absent.'),
  scalar('array_remove', 'array', 2, ([a, x]) => `list_filter(${a}, lambda _x: _x IS DISTINCT FROM ${x})`),
  scalar('array_sort', 'array', 1, ([a]) => `list_sort(${a}, 'ASC', 'NULLS LAST')`),
  scalar('arrays_overlap', 'array', 2, 'list_has_any'),
  scalar('cardinality', 'array', 1, 'len'),
  scalar('contains', 'array', 2, 'list_contains'),
  scalar('element_at', 'array', 2, 'list_extract', 'NULL past the end; a negative index counts from the end.'),
  scalar('flatten', 'array', 1),
  scalar('repeat', 'array', 2, ([x, n]) => `list_transform(range(${n}), lambda _i: ${x})`),
  scalar(
    'sequence',
    'array',
    [2, 3],
    ([from, to, step]) => `generate_series(${from}, ${to}, ${step ?? '1'})`,
    'Integers (step 1 by default) or timestamps with an interval step.',
  ),
  scalar(
    'shuffle',
    'array',
    1,
    ([a]) => `list_transform(list_sort(list_transform(${a}, lambda _x: {'k': random(), 'v': _x})), lambda _p: _p.v)`,
    'Random order (sorted by a random key).',
  ),
  scalar('slice', 'array', 3, ([a, start, length]) => `list_slice(${a}, ${start}, ${start} + ${length} - 1)`),
  scalar(
    'zip',
    'array',
    [2, 5],
    (arrays) => {
      const longest = `greatest(${arrays.map((array) => `len(${array})`).join(', ')})`;
      const fields = arrays.map((array, index) => `'field${index}': (${array})[_i]`).join(', ');
      return `list_transform(range(1, ${longest} + 1), lambda _i: {${fields}})`;
    },
    'Rows of fields field0, field1, …, padded with NULLs to the longest array.',
  ),
  scalar(
    'transform',
    'array',
    2,
    ([a], call, printer) => `list_transform(${a}, ${lambdaArg(call.args[1], printer)})`,
    'Also over a time series (each element a row of time and value).',
  ),
  scalar(
    'filter',
    'array',
    2,
    ([a], call, printer) => `list_filter(${a}, ${lambdaArg(call.args[1], printer)})`,
    'Also over a time series, keeping its TIMESERIES type.',
  ),
  scalar(
    'reduce',
    'array',
    4,
    ([a, initial], call, printer) => {
      // DuckDB folds only in the element type; carry the state beside each element instead.
      const step = printer.applyLambda(call.args[2]!, ['_s.a', '_x.e']);
      const folded = `(list_reduce(list_transform(${a}, lambda _x: {'a': ${initial}, 'e': _x}), lambda _s, _x: {'a': ${step}, 'e': _x.e}, {'a': ${initial}, 'e': (${a})[1]}).a)`;
      return printer.applyLambda(call.args[3]!, [folded]);
    },
    'The state may differ in type from the elements (a DOUBLE sum over a time series).',
  ),
  scalar('zip_with', 'array', 3, ([a, b], call, printer) => {
    const body = printer.applyLambda(call.args[2]!, ['_z.x', '_z.y']);
    const pairs = `list_transform(range(1, greatest(len(${a}), len(${b})) + 1), lambda _i: {'x': ${a}[_i], 'y': ${b}[_i]})`;
    return `list_transform(${pairs}, lambda _z: ${body})`;
  }),
];

function lambdaArg(argument: Expression | undefined, printer: CallPrinter): string {
  if (argument?.kind !== 'lambda')
    throw new TranslationError('This function takes a lambda (x -> …) as its last argument.');
  return printer.lambda(argument);
}
