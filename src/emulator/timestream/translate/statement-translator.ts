/**
 * The query path's front: Timestream SQL in, a catalog statement or DuckDB SQL out, or a
 * ValidationException that says what the emulator refuses and where. Translations are kept per
 * query text (a dashboard and every load-test worker send the same text again), so parsing is paid
 * once per text.
 */
import type { MetaStatement } from '../../../timestream/sql/ast.ts';
import { parseStatement, SqlSyntaxError } from '../../../timestream/sql/parse.ts';
import { validation } from '../../errors.ts';
import type { Catalog } from '../catalog.ts';
import { translateQuery, type Translation } from './to-duckdb.ts';
import { TranslationError } from './translation-error.ts';

const KEPT_TRANSLATIONS = 256;

export type TranslatedStatement =
  | { readonly kind: 'meta'; readonly statement: MetaStatement }
  | { readonly kind: 'query'; readonly translation: Translation };

export class StatementTranslator {
  private readonly kept = new Map<string, TranslatedStatement>();

  constructor(private readonly catalog: Catalog) {}

  translate(queryString: string): TranslatedStatement {
    const known = this.kept.get(queryString);
    if (known) return known;
    let translated: TranslatedStatement;
    try {
      const statement = parseStatement(queryString);
      translated =
        statement.kind === 'query'
          ? {
              kind: 'query',
              translation: translateQuery(queryString, statement, {
                tableExists: (database, table) => {
                  if (!this.catalog.listDatabases().some((entry) => entry.name === database)) return undefined;
                  return this.catalog.listTables(database).some((entry) => entry.name === table);
                },
              }),
            }
          : { kind: 'meta', statement };
    } catch (error) {
      if (error instanceof SqlSyntaxError || error instanceof TranslationError) throw validation(error.message);
      throw error;
    }
    // A text naming a table that is later deleted fails in DuckDB, which says so in the same words.
    if (this.kept.size >= KEPT_TRANSLATIONS) this.kept.delete(this.kept.keys().next().value!);
    this.kept.set(queryString, translated);
    return translated;
  }
}
