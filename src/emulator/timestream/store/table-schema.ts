/**
 * A table's schema as its writes shape it: a measure keeps the type it was first written with, a
 * dimension name cannot become a measure's (nor differ from one only in case, which DuckDB's
 * case-insensitive columns cannot store), and each new dimension or measure adds a column.
 */
import { SQL_TYPE, type TableMeta } from '../catalog.ts';
import { partitionKeyOf } from '../partition-key.ts';
import type { NormalizedRecord } from '../records.ts';

/** What a group of records does to the schema. */
export interface SchemaChange {
  /** Records refused, with the reason. */
  readonly refused: Map<NormalizedRecord, string>;
  /** Columns to add: name and SQL type. */
  readonly added: [string, string][];
  /** Whether the table's metadata changed (new columns or measure names). */
  readonly isMetaChanged: boolean;
}

export class TableSchema {
  /** Lower-cased column names already in use, for the case-collision checks (rebuilt when columns change). */
  private knownLower: { dimensions: Set<string>; measures: Set<string> } | undefined;

  constructor(private readonly meta: TableMeta) {}

  /**
   * Checks each record's types against the table as the records before it leave it (a measure keeps
   * the type it is first written with, within this group too) and records in the metadata the new
   * dimensions, measures and measure names of those that pass. The caller adds the columns.
   */
  admit(records: readonly NormalizedRecord[]): SchemaChange {
    // Read once a group: UpdateTable may change the enforcement between groups, never within one.
    const key = partitionKeyOf(this.meta);
    const requiredKey = key.kind === 'dimension' && key.isRequired ? key.name : undefined;
    const refused = new Map<NormalizedRecord, string>();
    const added: [string, string][] = [];
    let isMetaChanged = false;
    for (const record of records) {
      const isMissingKey = requiredKey !== undefined && !record.dimensions.has(requiredKey);
      const problem = isMissingKey
        ? `The record has no dimension ${requiredKey}, the table's partition key, whose EnforcementInRecord is REQUIRED.`
        : this.isFamiliar(record)
          ? undefined
          : this.explainTypeProblem(record);
      if (problem) {
        refused.set(record, problem);
        continue;
      }
      const addedBefore = added.length;
      this.addColumns(record, added);
      isMetaChanged = this.addMeasureName(record) || isMetaChanged;
      // The next record's check must see the names this one added.
      if (added.length > addedBefore) this.knownLower = undefined;
    }
    return { refused, added, isMetaChanged: isMetaChanged || added.length > 0 };
  }

  private addColumns(record: NormalizedRecord, added: [string, string][]): void {
    const { meta } = this;
    for (const name of record.dimensions.keys()) {
      if (!meta.dimensions.includes(name)) {
        meta.dimensions.push(name);
        added.push([name, 'VARCHAR']);
      }
    }
    for (const measure of record.measures) {
      if (record.isMulti && !(measure.name in meta.multiMeasures)) {
        meta.multiMeasures[measure.name] = measure.type;
        added.push([measure.name, SQL_TYPE[measure.type]]);
      }
      if (!record.isMulti && !meta.singleTypes.includes(measure.type)) {
        meta.singleTypes.push(measure.type);
        added.push([measure.name, SQL_TYPE[measure.type]]);
      }
    }
  }

  /** Records the measure name and the dimensions written with it; true when that changed anything. */
  private addMeasureName(record: NormalizedRecord): boolean {
    const known = this.meta.measureNames[record.measureName];
    const dimensions = [...record.dimensions.keys()];
    if (!known) {
      this.meta.measureNames[record.measureName] = {
        kind: record.isMulti ? 'multi' : 'single',
        type: record.isMulti ? 'MULTI' : record.measures[0]!.type,
        dimensions,
      };
      return true;
    }
    if (dimensions.every((dimension) => known.dimensions.includes(dimension))) return false;
    known.dimensions = [...new Set([...known.dimensions, ...dimensions])];
    return true;
  }

  /** The common case: every dimension and measure already exists with this record's types. */
  private isFamiliar(record: NormalizedRecord): boolean {
    const known = this.meta.measureNames[record.measureName];
    if (!known || (known.kind === 'multi') !== record.isMulti) return false;
    for (const name of record.dimensions.keys()) if (!this.meta.dimensions.includes(name)) return false;
    for (const measure of record.measures) {
      if ((record.isMulti ? this.meta.multiMeasures[measure.name] : known.type) !== measure.type) return false;
    }
    return true;
  }

  private explainTypeProblem(record: NormalizedRecord): string | undefined {
    const known = this.meta.measureNames[record.measureName];
    if (known && (known.kind === 'multi') !== record.isMulti) {
      return `Measure ${record.measureName} was written as a ${known.kind}-measure record; this record is ${record.isMulti ? 'multi' : 'single'}-measure.`;
    }
    for (const measure of record.measures) {
      const existing = record.isMulti ? this.meta.multiMeasures[measure.name] : known?.type;
      if (existing && existing !== measure.type) {
        return `Measure ${record.isMulti ? measure.name : record.measureName} has type ${existing} in this table; this record has ${measure.type}.`;
      }
      if (record.isMulti && this.lowerNames().dimensions.has(measure.name.toLowerCase())) {
        return `Measure ${measure.name} has the name of a dimension of this table.`;
      }
    }
    for (const name of record.dimensions.keys()) {
      if (this.lowerNames().measures.has(name.toLowerCase())) {
        return `Dimension ${name} has the name of a measure of this table.`;
      }
      const caseTwin = this.meta.dimensions.find(
        (dimension) => dimension !== name && dimension.toLowerCase() === name.toLowerCase(),
      );
      if (caseTwin)
        return `Dimension ${name} differs from dimension ${caseTwin} only in case, which the emulator cannot store.`;
    }
    return undefined;
  }

  private lowerNames(): { dimensions: Set<string>; measures: Set<string> } {
    this.knownLower ??= {
      dimensions: new Set(this.meta.dimensions.map((name) => name.toLowerCase())),
      measures: new Set(Object.keys(this.meta.multiMeasures).map((name) => name.toLowerCase())),
    };
    return this.knownLower;
  }
}
