/**
 * DuckDB errors in Timestream's words. The emulator never lets engine text through as is: known
 * kinds (missing table, column, function; syntax) get Timestream-like messages, anything else a
 * generic one that says the emulator could not run the query.
 */
import { AwsError, validation } from '../../errors.ts';

export function translateEngineError(error: unknown): AwsError {
  if (error instanceof AwsError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = (message.split('\n')[0] ?? '').replace(/\$data\b/g, '');
  let match: RegExpExecArray | null;
  if ((match = /Table with name (.+?) does not exist/i.exec(firstLine)))
    return validation(`Table ${match[1]} does not exist.`);
  if ((match = /Schema with name (.+?) does not exist/i.exec(firstLine)))
    return validation(`Database ${match[1]} does not exist.`);
  if ((match = /Referenced column "?(.+?)"? not found/i.exec(firstLine)))
    return validation(`Column '${match[1]}' does not exist.`);
  if ((match = /(?:Scalar|Aggregate|Table) Function with name "?(.+?)"? does not exist/i.exec(firstLine))) {
    return validation(
      `Function ${match[1]} is not registered (not supported by the emulator, or not a Timestream function).`,
    );
  }
  if ((match = /syntax error at or near "(.+?)"/i.exec(firstLine)))
    return validation(`Syntax error at or near '${match[1]}'.`);
  if (/syntax error at end of input/i.test(firstLine)) return validation('Syntax error at the end of the query.');
  if (/INTERRUPT/i.test(firstLine)) return new AwsError('ConflictException', 'The query was cancelled.');
  if (/Out of Memory/i.test(firstLine))
    return new AwsError('InternalServerException', 'The emulator ran out of memory for this query.');
  const kind = /^(\w+) Error:/.exec(firstLine)?.[1]?.toLowerCase() ?? 'execution';
  return validation(
    `The query could not be run by the emulator (${kind} error). It may use a construct the emulator does not support; see docs/emulator.md.`,
  );
}
