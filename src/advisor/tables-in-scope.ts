/** The tables a SELECT reads directly, each with the name its columns are qualified by. */
import type { Relation, Select, TableRef } from '../timestream/sql/ast.ts';

export interface TableInScope {
  readonly ref: TableRef;
  /** `"db"."t"` as written. */
  readonly written: string;
  readonly database: string | undefined;
  readonly table: string;
  /** The alias, or the table name: what `x.time` qualifies by. */
  readonly qualifier: string;
  /** A catalog table (database.table), not a WITH query. */
  readonly isStored: boolean;
}

export function tablesOf(select: Select, sql: string): TableInScope[] {
  const tables: TableInScope[] = [];
  const visit = (relation: Relation) => {
    if (relation.kind === 'join') {
      visit(relation.left);
      visit(relation.right);
    } else if (relation.kind === 'table') {
      const parts = relation.name.map((part) => part.value);
      const table = parts.at(-1)!;
      tables.push({
        ref: relation,
        written: sql.slice(relation.name[0]!.start, relation.name.at(-1)!.end),
        database: parts.length === 2 ? parts[0] : undefined,
        table,
        qualifier: (relation.alias?.name.value ?? table).toLowerCase(),
        isStored: parts.length === 2,
      });
    }
  };
  select.from.forEach(visit);
  return tables;
}
