/**
 * What each finding says, in the caller's language: what was found, why it costs TCU, and what to do.
 * The reasons follow Timestream's query best practices
 * (https://docs.aws.amazon.com/timestream/latest/developerguide/queries-bp.html).
 */
import type { Locale } from '../shared/locale.ts';
import type { RuleId } from './finding.ts';

export const BEST_PRACTICES = 'https://docs.aws.amazon.com/timestream/latest/developerguide/queries-bp.html';

interface RuleText {
  readonly title: (subject: string) => string;
  readonly why: string;
  readonly fix: string;
}

const en: Record<RuleId, RuleText> = {
  'no-time-range': {
    title: (table) => `${table} is read without a time range (no lower bound on time)`,
    why: 'Timestream prunes by time first; without a range the query reads every partition the table keeps, and the compute it needs grows with them.',
    fix: 'Add a time predicate on this table, e.g. `time > ago(1h)` or `time BETWEEN … AND …`.',
  },
  'unbounded-distinct': {
    title: (table) => `DISTINCT / GROUP BY over ${table} without a time range`,
    why: 'Grouping or de-duplicating a dimension over all of the table’s history reads every partition; on a high-cardinality dimension that is the most expensive query a dashboard can send.',
    fix: 'Bound the time (`time > ago(…)`), or keep the distinct values elsewhere.',
  },
  'function-on-time': {
    title: (predicate) => `time is wrapped in a function or arithmetic: ${predicate}`,
    why: 'A predicate on a function of `time` cannot prune time partitions, so every partition is read and the function is computed for every row.',
    fix: 'Compare the bare `time` column with a computed constant.',
  },
  'function-on-key': {
    title: (predicate) => `the partition key is matched by LIKE or a function: ${predicate}`,
    why: 'Timestream prunes partitions by equality on the partition key (measure_name unless the table has its own); LIKE or a function around it reads every partition.',
    fix: 'Use equality or IN on the bare key.',
  },
  'no-measure-name': {
    title: (table) => `${table} is read without a measure_name predicate`,
    why: 'measure_name is the default partition key: without it the query reads every measure the table holds.',
    fix: "Add `measure_name = '…'` (or IN) for the measures the query uses.",
  },
  'select-star': {
    title: (star) => `${star} reads every column`,
    why: 'The data a query reads — and the compute it needs — grows with the columns it selects; extraneous columns increase data scans.',
    fix: 'Name the columns the query needs.',
  },
  'unused-column': {
    title: (column) => `${column} is selected but never read`,
    why: 'Every column a WITH query selects is read from storage, used or not.',
    fix: 'Drop it from the WITH query.',
  },
  'or-of-equalities': {
    title: (predicate) => `an OR of equalities on one column: ${predicate}`,
    why: 'An IN list is one predicate the engine can prune and plan by; a chain of ORs is evaluated branch by branch.',
    fix: 'Write it as IN (…).',
  },
  'order-without-limit': {
    title: (order) => `ORDER BY ${order} without LIMIT`,
    why: 'Sorting the whole answer to return the whole answer costs compute for nothing a dashboard shows.',
    fix: 'Add LIMIT, or drop the ORDER BY where the order does not matter.',
  },
  'latest-by-join': {
    title: (join) => `the latest row per key is found by joining back to max(time): ${join}`,
    why: 'The join reads the table twice — once for each key’s max(time), once for the rows at those times. The case study this tool is built on cut its TCU by replacing exactly this.',
    fix: 'Use `max_by(value, time)` grouped by the key, or ROW_NUMBER() OVER (PARTITION BY key ORDER BY time DESC) = 1, over one time range.',
  },
};

const zhCN: Record<RuleId, RuleText> = {
  'no-time-range': {
    title: (table) => `${table} 未限定时间范围（time 没有下限）`,
    why: 'Timestream 首先按时间裁剪分区；没有时间范围时查询会读取该表保留的全部分区，所需算力随之增长。',
    fix: '为该表加上时间条件，例如 `time > ago(1h)` 或 `time BETWEEN … AND …`。',
  },
  'unbounded-distinct': {
    title: (table) => `在 ${table} 上做 DISTINCT / GROUP BY 却没有时间范围`,
    why: '在整张表的全部历史上分组或去重会读取每个分区；对高基数维度而言，这是看板能发出的最昂贵的查询。',
    fix: '限定时间（`time > ago(…)`），或把去重后的值另外保存。',
  },
  'function-on-time': {
    title: (predicate) => `time 被函数或运算包裹：${predicate}`,
    why: '对 `time` 的函数做条件无法裁剪时间分区，于是读取全部分区，并对每一行计算该函数。',
    fix: '用裸的 `time` 列与计算好的常量比较。',
  },
  'function-on-key': {
    title: (predicate) => `分区键用 LIKE 或函数匹配：${predicate}`,
    why: 'Timestream 按分区键（默认 measure_name，除非表有自定义分区键）的等值条件裁剪分区；LIKE 或函数会读取全部分区。',
    fix: '对裸的分区键使用等值或 IN。',
  },
  'no-measure-name': {
    title: (table) => `读取 ${table} 时没有 measure_name 条件`,
    why: 'measure_name 是默认分区键：没有它，查询会读取表中的全部指标。',
    fix: "为查询用到的指标加上 `measure_name = '…'`（或 IN）。",
  },
  'select-star': {
    title: (star) => `${star} 读取了所有列`,
    why: '查询读取的数据量——以及所需算力——随所选列增长；多余的列会增加扫描量。',
    fix: '只列出查询需要的列。',
  },
  'unused-column': {
    title: (column) => `${column} 被选出却从未使用`,
    why: 'WITH 查询选出的每一列都会从存储读取，无论是否用到。',
    fix: '从 WITH 查询中去掉它。',
  },
  'or-of-equalities': {
    title: (predicate) => `同一列上的多个等值 OR：${predicate}`,
    why: 'IN 列表是一个可用于裁剪与规划的条件；OR 链则逐个分支求值。',
    fix: '改写为 IN (…)。',
  },
  'order-without-limit': {
    title: (order) => `ORDER BY ${order} 没有 LIMIT`,
    why: '为了返回全部结果而对全部结果排序，消耗的算力换不来看板上的任何内容。',
    fix: '加上 LIMIT，或在顺序无关时去掉 ORDER BY。',
  },
  'latest-by-join': {
    title: (join) => `通过与 max(time) 回连来取每个键的最新一行：${join}`,
    why: '这个连接把表读了两遍——一遍求每个键的 max(time)，一遍取那些时刻的行。本工具所依据的案例正是替换这一写法降低了 TCU。',
    fix: '按键分组使用 `max_by(value, time)`，或在同一时间范围内用 ROW_NUMBER() OVER (PARTITION BY 键 ORDER BY time DESC) = 1。',
  },
};

export function ruleText(rule: RuleId, locale: Locale): RuleText {
  return (locale === 'zh-CN' ? zhCN : en)[rule];
}
