/**
 * Query results served in pages, as Timestream does
 * (https://docs.aws.amazon.com/timestream/latest/APIReference/API_query_Query.html): a page holds at
 * most MaxRows rows and 1 MB; when MaxRows is given and the result does not fit one page, the first
 * answer carries only a NextToken. A token is tied to its query string and valid for 5 uses or one
 * hour; using a later token invalidates the earlier ones. Results that fit one page are never kept.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../../shared/clock.ts';
import { AwsError, validation } from '../../errors.ts';
import type { ColumnInfo } from './result-format.ts';

export const MAX_PAGE_BYTES = 1_000_000;
const TOKEN_MAX_USES = 5;
const TOKEN_TTL_MS = 3600_000;

export interface QueryStatus {
  readonly ProgressPercentage: number;
  readonly CumulativeBytesScanned: number;
  readonly CumulativeBytesMetered: number;
}

export interface StoredResult {
  readonly queryString: string;
  readonly columnInfo: ColumnInfo[];
  readonly rows: string[];
  readonly status: QueryStatus;
  /** QueryInsightsResponse, when the query asked for insights. */
  readonly insights?: Record<string, unknown> | undefined;
}

interface Entry extends Omit<StoredResult, 'rows'> {
  readonly queryId: string;
  readonly createdAtMs: number;
  rows: string[];
  newestOffsetUsed: number;
  isCancelled: boolean;
  /** Once the last page is served only it is kept (a token may be reused), the rest is freed. */
  lastPage: { readonly offset: number; readonly rows: string[] } | undefined;
}

interface TokenState {
  readonly queryId: string;
  readonly offset: number;
  uses: number;
  readonly issuedAtMs: number;
}

export interface Page {
  readonly queryId: string;
  readonly rows: readonly string[];
  readonly columnInfo: ColumnInfo[];
  readonly status: QueryStatus;
  readonly insights?: Record<string, unknown> | undefined;
  readonly nextToken: string | undefined;
  /** The TCU model's work for the query (first answer only): served in an emulator-only header. */
  readonly modelledTcuSeconds?: number | undefined;
}

export function newQueryId(): string {
  return randomBytes(24)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 32)
    .toUpperCase()
    .padEnd(32, 'Q');
}

export class ResultPages {
  private readonly entries = new Map<string, Entry>();
  private readonly tokens = new Map<string, TokenState>();

  constructor(private readonly clock: Clock) {}

  /** The first answer for a freshly run query. */
  first(result: StoredResult, maxRows: number | undefined): Page {
    this.sweep();
    const queryId = newQueryId();
    const whole = pageEnd(result.rows, 0, maxRows);
    if (whole === result.rows.length)
      return {
        queryId,
        rows: result.rows,
        columnInfo: result.columnInfo,
        status: result.status,
        insights: result.insights,
        nextToken: undefined,
      };
    const entry: Entry = {
      ...result,
      rows: result.rows,
      queryId,
      createdAtMs: this.clock.now(),
      newestOffsetUsed: 0,
      isCancelled: false,
      lastPage: undefined,
    };
    this.entries.set(queryId, entry);
    if (maxRows !== undefined) {
      // With MaxRows, a result bigger than one page starts with a token and no rows.
      return {
        queryId,
        rows: [],
        columnInfo: result.columnInfo,
        status: result.status,
        insights: result.insights,
        nextToken: this.issue(queryId, 0),
      };
    }
    return this.page(entry, 0, maxRows);
  }

  next(token: string, queryString: string, maxRows: number | undefined): Page {
    this.sweep();
    const state = this.tokens.get(token);
    const entry = state && this.entries.get(state.queryId);
    if (
      !state ||
      !entry ||
      this.clock.now() - state.issuedAtMs > TOKEN_TTL_MS ||
      state.uses >= TOKEN_MAX_USES ||
      state.offset < entry.newestOffsetUsed
    ) {
      throw validation('The pagination token is invalid or has expired.');
    }
    if (entry.queryString !== queryString)
      throw validation('Invalid pagination token: it belongs to a different query string.');
    if (entry.isCancelled) throw new AwsError('ConflictException', `Query ${entry.queryId} was cancelled.`);
    state.uses += 1;
    entry.newestOffsetUsed = state.offset;
    if (entry.lastPage?.offset === state.offset) {
      return {
        queryId: entry.queryId,
        rows: entry.lastPage.rows,
        columnInfo: entry.columnInfo,
        status: entry.status,
        insights: entry.insights,
        nextToken: undefined,
      };
    }
    return this.page(entry, state.offset, maxRows);
  }

  /** Ends a paginated query. Returns false when the id is unknown (finished or never paged). */
  cancel(queryId: string): boolean {
    const entry = this.entries.get(queryId);
    if (!entry) return false;
    entry.isCancelled = true;
    return true;
  }

  private page(entry: Entry, offset: number, maxRows: number | undefined): Page {
    const end = pageEnd(entry.rows, offset, maxRows);
    if (end === offset && offset < entry.rows.length)
      throw validation('A single row exceeds the maximum page response size (1 MB).');
    const isLast = end >= entry.rows.length;
    const rows = entry.rows.slice(offset, end);
    if (isLast) {
      entry.lastPage = { offset, rows };
      entry.rows = [];
    }
    return {
      queryId: entry.queryId,
      rows,
      columnInfo: entry.columnInfo,
      status: entry.status,
      insights: entry.insights,
      nextToken: isLast ? undefined : this.issue(entry.queryId, end),
    };
  }

  private issue(queryId: string, offset: number): string {
    const token = randomBytes(48).toString('base64url');
    this.tokens.set(token, { queryId, offset, uses: 0, issuedAtMs: this.clock.now() });
    return token;
  }

  private sweep(): void {
    const oldest = this.clock.now() - TOKEN_TTL_MS;
    for (const [id, entry] of this.entries) if (entry.createdAtMs < oldest) this.entries.delete(id);
    for (const [token, state] of this.tokens)
      if (state.issuedAtMs < oldest || !this.entries.has(state.queryId)) this.tokens.delete(token);
  }
}

/** Index after the last row that fits a page starting at `offset`. */
function pageEnd(rows: readonly string[], offset: number, maxRows: number | undefined): number {
  let bytes = 0;
  let end = offset;
  const limit = maxRows === undefined ? rows.length : Math.min(rows.length, offset + maxRows);
  while (end < limit) {
    bytes += rows[end]!.length + 1;
    if (bytes > MAX_PAGE_BYTES) break;
    end += 1;
  }
  return end;
}
