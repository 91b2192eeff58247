/**
 * Timestream's two pattern languages, turned into DuckDB's strftime/strptime specifiers:
 * date_format/date_parse take MySQL-style `%` patterns, format_datetime/parse_datetime take Joda
 * patterns (https://docs.aws.amazon.com/timestream/latest/developerguide/date-time-functions.html;
 * the letters: https://www.joda.org/joda-time/apidocs/org/joda/time/format/DateTimeFormat.html,
 * DuckDB's: https://duckdb.org/docs/stable/sql/functions/dateformat). A specifier with no DuckDB
 * equivalent is refused by name rather than printed wrongly.
 */
import { TranslationError } from '../translation-error.ts';

const MYSQL: Readonly<Record<string, string>> = {
  a: '%a',
  b: '%b',
  c: '%-m',
  d: '%d',
  e: '%-d',
  f: '%f',
  H: '%H',
  h: '%I',
  I: '%I',
  i: '%M',
  j: '%j',
  k: '%-H',
  l: '%-I',
  M: '%B',
  m: '%m',
  p: '%p',
  r: '%I:%M:%S %p',
  S: '%S',
  s: '%S',
  T: '%H:%M:%S',
  v: '%V',
  W: '%A',
  w: '%w',
  x: '%G',
  Y: '%Y',
  y: '%y',
  '%': '%%',
};

export function mysqlToStrftime(pattern: string): string {
  return pattern.replace(/%(.)|%$/g, (whole, letter: string | undefined) => {
    const mapped = letter === undefined ? undefined : MYSQL[letter];
    if (mapped === undefined)
      throw new TranslationError(`The date_format specifier '${whole}' is not supported by the tcu-bot emulator.`);
    return mapped;
  });
}

/** Joda letters by run length (the longest listed run that fits is used). */
const JODA: Readonly<Record<string, Readonly<Record<number, string>>>> = {
  y: { 1: '%Y', 2: '%y', 4: '%Y' },
  Y: { 1: '%Y', 2: '%y', 4: '%Y' },
  x: { 1: '%G', 4: '%G' },
  M: { 1: '%-m', 2: '%m', 3: '%b', 4: '%B' },
  d: { 1: '%-d', 2: '%d' },
  D: { 1: '%-j', 3: '%j' },
  H: { 1: '%-H', 2: '%H' },
  h: { 1: '%-I', 2: '%I' },
  m: { 1: '%-M', 2: '%M' },
  s: { 1: '%-S', 2: '%S' },
  S: { 3: '%g', 6: '%f', 9: '%n' },
  a: { 1: '%p' },
  E: { 1: '%a', 3: '%a', 4: '%A' },
  e: { 1: '%u' },
  w: { 1: '%-V', 2: '%V' },
  // Timestream is UTC only.
  Z: { 1: '+0000', 2: '+00:00' },
  z: { 1: 'UTC' },
};

export function jodaToStrftime(pattern: string): string {
  let out = '';
  let index = 0;
  while (index < pattern.length) {
    const char = pattern[index]!;
    if (char === "'") {
      const end = pattern.indexOf("'", index + 1);
      const text = end < 0 ? pattern.slice(index + 1) : pattern.slice(index + 1, end);
      out += text === '' ? "'" : text.replace(/%/g, '%%');
      index = end < 0 ? pattern.length : end + 1;
      continue;
    }
    if (!/[A-Za-z]/.test(char)) {
      out += char === '%' ? '%%' : char;
      index += 1;
      continue;
    }
    let run = 1;
    while (pattern[index + run] === char) run += 1;
    const forms = JODA[char];
    const lengths = forms
      ? Object.keys(forms)
          .map(Number)
          .filter((length) => length <= run)
      : [];
    if (!forms || lengths.length === 0)
      throw new TranslationError(
        `The format_datetime pattern letter '${char.repeat(run)}' is not supported by the tcu-bot emulator.`,
      );
    out += forms[Math.max(...lengths)];
    index += run;
  }
  return out;
}
