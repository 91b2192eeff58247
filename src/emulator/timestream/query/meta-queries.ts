/**
 * The statements Timestream answers from its catalog rather than from data: SHOW DATABASES,
 * SHOW TABLES [FROM db] [LIKE 'p'], DESCRIBE db.table and SHOW MEASURES FROM db.table [LIKE 'p'],
 * with Timestream's column names and types (DuckDB's own SHOW/DESCRIBE differ). The recorded
 * answers in grafana/timestream-datasource pkg/timestream/testdata (describe-table.json,
 * show-measures.json) give the names: `Timestream attribute type`, a lower-case `dimensions`.
 */
import type { MetaStatement } from '../../../timestream/sql/ast.ts';
import type { Catalog, TableMeta } from '../catalog.ts';
import type { ColumnInfo } from './result-format.ts';

const VARCHAR = { ScalarType: 'VARCHAR' };

export interface MetaResult {
  readonly columnInfo: ColumnInfo[];
  readonly rows: string[];
}

function likeToRegExp(pattern: string | undefined): RegExp | undefined {
  if (pattern === undefined) return undefined;
  const source = pattern
    .split('')
    .map((char) => (char === '%' ? '.*' : char === '_' ? '.' : char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

const text = (value: string) => `{"ScalarValue":${JSON.stringify(value)}}`;
const row = (...data: string[]) => `{"Data":[${data.join(',')}]}`;

/** Answers a catalog statement. */
export function answerMetaQuery(statement: MetaStatement, catalog: Catalog): MetaResult {
  if (statement.kind === 'showDatabases') {
    const like = likeToRegExp(statement.like);
    return {
      columnInfo: [{ Name: 'Database', Type: VARCHAR }],
      rows: catalog
        .listDatabases()
        .filter((db) => !like || like.test(db.name))
        .map((db) => row(text(db.name))),
    };
  }
  if (statement.kind === 'showTables') {
    const { database } = statement;
    if (database !== undefined) catalog.database(database);
    const like = likeToRegExp(statement.like);
    return {
      columnInfo: [{ Name: 'Table', Type: VARCHAR }],
      rows: catalog
        .listTables(database)
        .filter((table) => !like || like.test(table.name))
        .map((table) => row(text(table.name))),
    };
  }
  if (statement.kind === 'describe') {
    const table = catalog.table(statement.database, statement.table);
    return {
      columnInfo: [
        { Name: 'Column', Type: VARCHAR },
        { Name: 'Type', Type: VARCHAR },
        { Name: 'Timestream attribute type', Type: VARCHAR },
      ],
      rows: describeColumns(table).map(([column, type, kind]) => row(text(column), text(type), text(kind))),
    };
  }
  const table = catalog.table(statement.database, statement.table);
  const like = likeToRegExp(statement.like);
  return {
    columnInfo: [
      { Name: 'measure_name', Type: VARCHAR },
      { Name: 'data_type', Type: VARCHAR },
      {
        Name: 'dimensions',
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

/**
 * Columns as Timestream's DESCRIBE lists them and `SELECT *` answers them: dimensions, measure
 * values, then measure_name and time (recorded responses: grafana/timestream-datasource
 * pkg/timestream/testdata/describe-table.json and select-star.json).
 */
export function describeColumns(table: TableMeta): [string, string, string][] {
  return [
    ...table.dimensions.map((name): [string, string, string] => [name, 'varchar', 'DIMENSION']),
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
    ['measure_name', 'varchar', 'MEASURE_NAME'],
    ['time', 'timestamp', 'TIMESTAMP'],
  ];
}
