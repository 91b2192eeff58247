/**
 * The statements Timestream answers from its catalog rather than from data: SHOW DATABASES,
 * SHOW TABLES [FROM db] [LIKE 'p'], DESCRIBE db.table and SHOW MEASURES FROM db.table [LIKE 'p'],
 * with Timestream's column names and types (DuckDB's own SHOW/DESCRIBE differ).
 */
import type { Catalog, TableMeta } from '../catalog.ts';
import type { ColumnInfo } from './result-format.ts';

const IDENT = String.raw`("(?:[^"]|"")+"|[A-Za-z0-9_.\-]+)`;
const LIKE = String.raw`(?:\s+LIKE\s+'((?:[^']|'')*)')?`;
const END = String.raw`\s*;?\s*$`;
const SHOW_DATABASES = new RegExp(String.raw`^\s*SHOW\s+DATABASES${LIKE}${END}`, 'i');
const SHOW_TABLES = new RegExp(String.raw`^\s*SHOW\s+TABLES(?:\s+(?:FROM|IN)\s+${IDENT})?${LIKE}${END}`, 'i');
const DESCRIBE = new RegExp(String.raw`^\s*DESCRIBE\s+${IDENT}\.${IDENT}${END}`, 'i');
const SHOW_MEASURES = new RegExp(String.raw`^\s*SHOW\s+MEASURES\s+(?:FROM|IN)\s+${IDENT}\.${IDENT}${LIKE}${END}`, 'i');

const VARCHAR = { ScalarType: 'VARCHAR' };

export interface MetaResult {
  readonly columnInfo: ColumnInfo[];
  readonly rows: string[];
}

function unquote(ident: string): string {
  return ident.startsWith('"') ? ident.slice(1, -1).replace(/""/g, '"') : ident;
}

function likeToRegExp(pattern: string | undefined): RegExp | undefined {
  if (pattern === undefined) return undefined;
  const source = pattern
    .replace(/''/g, "'")
    .split('')
    .map((char) => (char === '%' ? '.*' : char === '_' ? '.' : char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

const text = (value: string) => `{"ScalarValue":${JSON.stringify(value)}}`;
const row = (...data: string[]) => `{"Data":[${data.join(',')}]}`;

/** Answers a catalog statement, or returns undefined when `sql` is not one. */
export function answerMetaQuery(sql: string, catalog: Catalog): MetaResult | undefined {
  let match = SHOW_DATABASES.exec(sql);
  if (match) {
    const like = likeToRegExp(match[1]);
    return {
      columnInfo: [{ Name: 'Database', Type: VARCHAR }],
      rows: catalog
        .listDatabases()
        .filter((db) => !like || like.test(db.name))
        .map((db) => row(text(db.name))),
    };
  }
  match = SHOW_TABLES.exec(sql);
  if (match) {
    const database = match[1] ? unquote(match[1]) : undefined;
    if (database !== undefined) catalog.database(database);
    const like = likeToRegExp(match[2]);
    return {
      columnInfo: [{ Name: 'Table', Type: VARCHAR }],
      rows: catalog
        .listTables(database)
        .filter((table) => !like || like.test(table.name))
        .map((table) => row(text(table.name))),
    };
  }
  match = DESCRIBE.exec(sql);
  if (match) {
    const table = catalog.table(unquote(match[1]!), unquote(match[2]!));
    return {
      columnInfo: [
        { Name: 'Column', Type: VARCHAR },
        { Name: 'Type', Type: VARCHAR },
        { Name: 'Timestream attribute type', Type: VARCHAR },
      ],
      rows: describeColumns(table).map(([column, type, kind]) => row(text(column), text(type), text(kind))),
    };
  }
  match = SHOW_MEASURES.exec(sql);
  if (match) {
    const table = catalog.table(unquote(match[1]!), unquote(match[2]!));
    const like = likeToRegExp(match[3]);
    return {
      columnInfo: [
        { Name: 'measure_name', Type: VARCHAR },
        { Name: 'data_type', Type: VARCHAR },
        {
          Name: 'Dimensions',
          Type: {
            ArrayColumnInfo: {
              Type: {
                RowColumnInfo: [
                  { Name: 'dimension_name', Type: VARCHAR },
                  { Name: 'data_type', Type: VARCHAR },
                ],
              },
            },
          },
        },
      ],
      rows: Object.entries(table.measureNames)
        .filter(([name]) => !like || like.test(name))
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, measure]) =>
          row(
            text(name),
            text(measure.type.toLowerCase()),
            `{"ArrayValue":[${measure.dimensions.map((dimension) => `{"RowValue":{"Data":[${text(dimension)},${text('varchar')}]}}`).join(',')}]}`,
          ),
        ),
    };
  }
  return undefined;
}

/** Columns as Timestream's DESCRIBE lists them: dimensions, measure_name, time, measure values. */
export function describeColumns(table: TableMeta): [string, string, string][] {
  return [
    ...table.dimensions.map((name): [string, string, string] => [name, 'varchar', 'DIMENSION']),
    ['measure_name', 'varchar', 'MEASURE_NAME'],
    ['time', 'timestamp', 'TIMESTAMP'],
    ...table.singleTypes.map((type): [string, string, string] => [
      `measure_value::${type.toLowerCase()}`,
      type.toLowerCase(),
      'MEASURE_VALUE',
    ]),
    ...Object.entries(table.multiMeasures).map(([name, type]): [string, string, string] => [
      name,
      type.toLowerCase(),
      'MULTI',
    ]),
  ];
}
