/**
 * Conditional, conversion, comparison, mathematical, string, bitwise and regular-expression functions
 * (https://docs.aws.amazon.com/timestream/latest/developerguide/conditional-expressions.html,
 * conversion-functions.html, comparison-operators.html, mathematical-functions.html,
 * string-functions.html, bitwise-functions.html, regex-functions.html). Timestream follows Trino here:
 * a NULL argument makes a NULL answer (DuckDB's concat and greatest skip NULLs), a missing match is
 * NULL (DuckDB answers ''), and patterns are Java regular expressions (DuckDB's RE2 accepts the common
 * subset; replacement groups are `$1` in Timestream, `\1` in DuckDB).
 */
import { scalar, VARIADIC, type FunctionSpec } from './function-spec.ts';

/** NULL when any argument is NULL, as Trino's variadic functions answer. */
const nullIfAnyNull = (args: readonly string[], sql: string) =>
  `CASE WHEN ${args.map((arg) => `${arg} IS NULL`).join(' OR ')} THEN NULL ELSE ${sql} END`;

/** `$1` (Java) to `\1` (RE2) in a literal replacement. */
const replacement = (text: string) => `'${text.replace(/\$(\d)/g, '\\$1').replace(/'/g, "''")}'`;

export const SCALAR_FUNCTIONS: readonly FunctionSpec[] = [
  // Conditional
  scalar('if', 'conditional', [2, 3], ([c, a, b]) => `CASE WHEN ${c} THEN ${a} ELSE ${b ?? 'NULL'} END`),
  scalar('coalesce', 'conditional', [1, VARIADIC]),
  scalar('nullif', 'conditional', 2),
  scalar('try', 'conditional', 1, 'TRY', 'Errors inside become NULL, as in Timestream.'),
  // Conversion (CAST and TRY_CAST are syntax; listed for the table)
  scalar(
    'cast',
    'conversion',
    1,
    'CAST',
    'CAST(x AS type): types map to DuckDB’s (varchar, bigint, double, boolean, timestamp, date, time, array(T), row(…)).',
  ),
  scalar('try_cast', 'conversion', 1, 'TRY_CAST', 'NULL when the cast fails.'),
  // Comparison
  scalar(
    'greatest',
    'conditional',
    [1, VARIADIC],
    (args) => nullIfAnyNull(args, `greatest(${args.join(', ')})`),
    'NULL if any argument is NULL (DuckDB skips NULLs).',
  ),
  scalar(
    'least',
    'conditional',
    [1, VARIADIC],
    (args) => nullIfAnyNull(args, `least(${args.join(', ')})`),
    'NULL if any argument is NULL (DuckDB skips NULLs).',
  ),
  // Mathematical
  scalar(
    'cbrt',
    'math',
    1,
    'ts_cbrt',
    'Exact for exact cubes, as Java’s Math.cbrt is (DuckDB’s cbrt(27) is 3.0000000000000004).',
  ),
  ...['abs', 'ceil', 'ceiling', 'degrees', 'exp', 'floor', 'ln', 'log2', 'log10', 'radians', 'sqrt'].map((name) =>
    scalar(name, 'math', 1),
  ),
  ...['acos', 'asin', 'atan', 'cos', 'cosh', 'sin', 'tan', 'tanh'].map((name) => scalar(name, 'math', 1)),
  scalar('atan2', 'math', 2),
  scalar('e', 'math', 0, () => 'exp(1.0::DOUBLE)'),
  scalar('pi', 'math', 0),
  scalar('pow', 'math', 2),
  scalar('power', 'math', 2, 'pow'),
  scalar('mod', 'math', 2, ([n, m]) => `(${n} % ${m})`, 'The sign follows the dividend, as in Timestream.'),
  scalar('rand', 'math', 0, 'random'),
  scalar('random', 'math', [0, 1], (args) =>
    args.length === 0 ? 'random()' : `CAST(floor(random() * ${args[0]}) AS BIGINT)`,
  ),
  scalar('round', 'math', [1, 2], 'round', 'Halves round away from zero, as in Timestream.'),
  scalar('sign', 'math', 1),
  scalar('truncate', 'math', 1, 'trunc'),
  scalar('infinity', 'math', 0, () => "'Infinity'::DOUBLE"),
  scalar('nan', 'math', 0, () => "'NaN'::DOUBLE"),
  scalar('is_finite', 'math', 1, 'isfinite'),
  scalar('is_infinite', 'math', 1, 'isinf'),
  scalar('is_nan', 'math', 1, 'isnan'),
  scalar('from_base', 'math', 2, ([s, radix]) => `ts_from_base(${s}, ${radix})`, 'Radix 2 to 36.'),
  scalar('to_base', 'math', 2, ([n, radix]) => `ts_to_base(${n}, ${radix})`, 'Radix 2 to 36.'),
  // String
  scalar('chr', 'string', 1),
  scalar('codepoint', 'string', 1, 'unicode'),
  scalar(
    'concat',
    'string',
    [1, VARIADIC],
    (args) => `(${args.join(' || ')})`,
    'NULL if any argument is NULL (DuckDB’s concat skips NULLs); also joins arrays.',
  ),
  scalar('hamming_distance', 'string', 2, 'hamming'),
  scalar('length', 'string', 1),
  scalar('levenshtein_distance', 'string', 2, 'levenshtein'),
  scalar('lower', 'string', 1),
  scalar('upper', 'string', 1),
  scalar('lpad', 'string', 3),
  scalar('rpad', 'string', 3),
  scalar('ltrim', 'string', 1),
  scalar('rtrim', 'string', 1),
  scalar('trim', 'string', 1),
  scalar('replace', 'string', [2, 3], ([s, find, by]) => `replace(${s}, ${find}, ${by ?? "''"})`),
  scalar(
    'reverse',
    'string',
    1,
    ([value], call, printer) => (printer.isArray(call.args[0]!) ? `list_reverse(${value})` : `reverse(${value})`),
    'Strings; arrays when the argument is written as one (ARRAY[…], sequence(…), an array function).',
  ),
  scalar('split', 'string', [2, 3], ([s, by, limit]) =>
    limit === undefined ? `string_split(${s}, ${by})` : `ts_split_limit(${s}, ${by}, ${limit})`,
  ),
  scalar(
    'split_part',
    'string',
    3,
    'ts_split_part',
    'NULL when there are fewer fields (DuckDB answers an empty string).',
  ),
  scalar('strpos', 'string', [2, 3], ([s, find, instance]) =>
    instance === undefined ? `strpos(${s}, ${find})` : `ts_strpos_instance(${s}, ${find}, ${instance})`,
  ),
  scalar('position', 'string', 2, ([find, s]) => `strpos(${s}, ${find})`, 'position(substring IN string).'),
  scalar('substr', 'string', [2, 3], 'substring'),
  scalar('substring', 'string', [2, 3], 'substring'),
  // Bitwise
  scalar('bit_count', 'bitwise', 2, 'ts_bit_count', 'Bits set in the two’s complement of x over that many bits.'),
  scalar('bitwise_and', 'bitwise', 2, ([a, b]) => `(${a} & ${b})`),
  scalar('bitwise_or', 'bitwise', 2, ([a, b]) => `(${a} | ${b})`),
  scalar('bitwise_xor', 'bitwise', 2, 'xor'),
  scalar('bitwise_not', 'bitwise', 1, ([a]) => `(~${a})`),
  // Regular expressions
  scalar('regexp_like', 'regexp', 2, 'regexp_matches'),
  scalar(
    'regexp_extract',
    'regexp',
    [2, 3],
    ([s, pattern, group]) => `ts_regexp_extract(${s}, ${pattern}, ${group ?? '0'})`,
    'NULL when nothing matches.',
  ),
  scalar(
    'regexp_extract_all',
    'regexp',
    [2, 3],
    ([s, pattern, group]) => `regexp_extract_all(${s}, ${pattern}, ${group ?? '0'})`,
  ),
  scalar(
    'regexp_replace',
    'regexp',
    [2, 3],
    ([s, pattern, by], call, printer) => {
      if (by === undefined) return `regexp_replace(${s}, ${pattern}, '', 'g')`;
      const literal = printer.literal(call.args[2]!);
      return `regexp_replace(${s}, ${pattern}, ${literal === undefined ? by : replacement(literal)}, 'g')`;
    },
    'Every match is replaced; `$1` groups in a literal replacement.',
  ),
  scalar('regexp_split', 'regexp', 2, 'regexp_split_to_array'),
];
