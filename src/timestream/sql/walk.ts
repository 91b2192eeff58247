/**
 * Walking a parsed query: every SELECT in it (WITH queries, set operations, derived tables and
 * subqueries in expressions included) and every expression under a node — what the query advisor's
 * rules read.
 */
import type { ColumnRef, Expression, Query, QueryBody, Relation, Select, TableRef } from './ast.ts';

/** Every SELECT of the query, outermost first. */
export function selectsOf(query: Query): Select[] {
  const found: Select[] = [];
  const visitQuery = (q: Query) => {
    for (const entry of q.with) visitQuery(entry.query);
    visitBody(q.body);
    for (const item of q.orderBy) visitExpression(item.value);
  };
  const visitBody = (body: QueryBody) => {
    switch (body.kind) {
      case 'select':
        found.push(body);
        for (const relation of body.from) visitRelation(relation);
        for (const expression of expressionsOfSelect(body)) visitExpression(expression);
        return;
      case 'set':
        visitBody(body.left);
        visitBody(body.right);
        return;
      case 'nested':
        visitQuery(body.query);
        return;
      case 'values':
        for (const row of body.rows) visitExpression(row);
    }
  };
  const visitRelation = (relation: Relation) => {
    if (relation.kind === 'derived') visitQuery(relation.query);
    if (relation.kind === 'join') {
      visitRelation(relation.left);
      visitRelation(relation.right);
      if (relation.on) visitExpression(relation.on);
    }
    if (relation.kind === 'unnest') for (const arg of relation.args) visitExpression(arg);
  };
  const visitExpression = (expression: Expression) => {
    for (const node of subtree(expression)) if ('query' in node) visitQuery(node.query);
  };
  visitQuery(query);
  return found;
}

/** Every table the query names, in every SELECT of it (joins, subqueries and WITH queries included). */
export function tableRefsOf(query: Query): TableRef[] {
  const found: TableRef[] = [];
  const visit = (relation: Relation) => {
    if (relation.kind === 'table') found.push(relation);
    if (relation.kind === 'join') {
      visit(relation.left);
      visit(relation.right);
    }
  };
  for (const select of selectsOf(query)) for (const relation of select.from) visit(relation);
  return found;
}

/** The expressions a SELECT holds directly: its items, WHERE, GROUP BY and HAVING. */
export function expressionsOfSelect(select: Select): Expression[] {
  const expressions: Expression[] = [];
  for (const item of select.items) if (item.kind === 'expression') expressions.push(item.value);
  if (select.where) expressions.push(select.where);
  for (const element of select.groupBy?.elements ?? []) {
    if (element.kind === 'expression') expressions.push(element.value);
    else if (element.kind === 'sets') expressions.push(...element.sets.flat());
    else expressions.push(...element.values);
  }
  if (select.having) expressions.push(select.having);
  return expressions;
}

/** The node and every expression beneath it (not inside subqueries). */
export function subtree(expression: Expression): Expression[] {
  const nodes: Expression[] = [];
  const visit = (e: Expression | undefined) => {
    if (!e) return;
    nodes.push(e);
    switch (e.kind) {
      case 'unary':
        return visit(e.operand);
      case 'binary':
      case 'isDistinct':
        visit(e.left);
        return visit(e.right);
      case 'between':
        visit(e.value);
        visit(e.low);
        return visit(e.high);
      case 'inList':
        visit(e.value);
        return e.list.forEach(visit);
      case 'inQuery':
      case 'quantified':
      case 'isNull':
      case 'extract':
        return visit(e.value);
      case 'like':
        visit(e.value);
        visit(e.pattern);
        return visit(e.escape);
      case 'case':
        visit(e.operand);
        for (const { when, then } of e.whens) {
          visit(when);
          visit(then);
        }
        return visit(e.else);
      case 'cast':
        return visit(e.value);
      case 'array':
      case 'row':
        return e.items.forEach(visit);
      case 'subscript':
        visit(e.value);
        return visit(e.index);
      case 'field':
        return visit(e.value);
      case 'lambda':
        return visit(e.body);
      case 'atTimeZone':
        visit(e.value);
        return visit(e.zone);
      case 'call':
        e.args.forEach(visit);
        visit(e.filter);
        for (const item of e.orderBy) visit(item.value);
        e.over?.partitionBy.forEach(visit);
        for (const item of e.over?.orderBy ?? []) visit(item.value);
        return;
      default:
        return;
    }
  };
  visit(expression);
  return nodes;
}

/** The column references in an expression (not inside subqueries). */
export function columnsOf(expression: Expression): ColumnRef[] {
  return subtree(expression).filter((node): node is ColumnRef => node.kind === 'column');
}

/** `a AND b AND c` as [a, b, c]. */
export function conjuncts(expression: Expression | undefined): Expression[] {
  if (!expression) return [];
  if (expression.kind === 'binary' && expression.op === 'and')
    return [...conjuncts(expression.left), ...conjuncts(expression.right)];
  return [expression];
}

/** `a OR b OR c` as [a, b, c]. */
export function disjuncts(expression: Expression): Expression[] {
  if (expression.kind === 'binary' && expression.op === 'or')
    return [...disjuncts(expression.left), ...disjuncts(expression.right)];
  return [expression];
}

/** The column's own name (the last part): `t.time` → `time`. */
export function columnName(column: ColumnRef): string {
  return column.parts.at(-1)!.value.toLowerCase();
}
