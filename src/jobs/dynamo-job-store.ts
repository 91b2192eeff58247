/**
 * JobStore on DynamoDB (one table, partition key `pk`, TTL attribute `expiresAt`), for Lambda where
 * several invocations run at once. Three kinds of item:
 *   `request#<id>` — a request id already seen → its job (Slack retries, SNS redeliveries);
 *   `active#<kind>` — the kind's current job and whether it is done (one job of a kind at a time);
 *   `job#<id>`     — the job itself.
 * Every claim is a conditional write, so two invocations can never both start. A start blocked by
 * other kinds claims in a transaction with a check that their slots are as it read them, so a blocking
 * job that starts in between makes the claim fail instead of both running.
 */
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { cancellationCodes, isConditionFailure } from '../shared/dynamo.ts';
import { abandonedBy, holdsSlot, isActive, type Job, type JobChange, type JobKind } from './job.ts';
import type { JobStore, StartOptions, StartOutcome } from './job-store.ts';

const KEEP_SECONDS = 14 * 86_400;
/** Tries of a claim whose transaction met another on the same item, and the pause that grows between them. */
const CONFLICT_ATTEMPTS = 4;
const CONFLICT_PAUSE_MS = 40;

/** A blocking kind's slot as read before the claim: the claim succeeds only if it is still so. */
interface Guard {
  readonly kind: JobKind;
  readonly jobId: string | undefined;
}

type Claim = { ok: true; abandoned?: Job } | { ok: false; reason: 'already-running' | 'blocked'; job: Job };

export class DynamoJobStore implements JobStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async start(job: Job, requestId: string, options: StartOptions = {}): Promise<StartOutcome> {
    const expiresAt = Math.floor(job.createdAtMs / 1000) + KEEP_SECONDS;
    const requestKey = `request#${requestId}`;
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: requestKey, jobId: job.id, expiresAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const seen = await this.item<{ jobId: string }>(requestKey);
      const earlier = seen ? await this.get(seen.jobId) : undefined;
      if (earlier) return { started: false, reason: 'duplicate-request', job: earlier };
      throw error;
    }
    const forgetRequest = () =>
      this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: requestKey } }));
    let claimed: Claim;
    try {
      claimed = await this.claimKind(job, expiresAt, options.blockedBy ?? []);
    } catch (error) {
      // A start that failed midway must not make its retry look like a duplicate of a job that never was.
      await forgetRequest().catch((cleanupError: unknown) => {
        // Both are reported: the retry of this request will be refused until the key expires.
        throw new AggregateError([error, cleanupError], `job ${job.id} not started, and its request key not released`);
      });
      throw error;
    }
    if (!claimed.ok) {
      // The refused request leaves no trace, as in the memory store.
      await forgetRequest();
      return { started: false, reason: claimed.reason, job: claimed.job };
    }
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { pk: `job#${job.id}`, ...job, expiresAt } }),
    );
    if (!claimed.abandoned) return { started: true, job };
    return {
      started: true,
      job,
      abandoned: await this.update(claimed.abandoned.id, abandonedBy(job, claimed.abandoned), job.createdAtMs),
    };
  }

  /**
   * Takes the kind's slot when it is free or its job is done (also when the done flag was never
   * written), or when its job was abandoned — unless a `blockedBy` kind's job holds its own slot.
   */
  private async claimKind(job: Job, expiresAt: number, blockedBy: readonly JobKind[]): Promise<Claim> {
    const guards: Guard[] = [];
    for (const kind of blockedBy) {
      const lock = await this.item<{ jobId: string }>(`active#${kind}`);
      const blocking = lock ? await this.get(lock.jobId) : undefined;
      if (blocking && holdsSlot(blocking, job.createdAtMs)) return { ok: false, reason: 'blocked', job: blocking };
      guards.push({ kind, jobId: lock?.jobId });
    }
    const claim = (condition: string, values: Record<string, unknown>) =>
      this.claimSlot(job, expiresAt, condition, values, guards);

    let outcome = await claim('attribute_not_exists(pk) OR isDone = :true', { ':true': true });
    if (outcome === 'claimed') return { ok: true };
    if (outcome === 'slot-taken') {
      const lock = await this.item<{ jobId: string }>(`active#${job.kind}`);
      const current = lock ? await this.get(lock.jobId) : undefined;
      if (current && holdsSlot(current, job.createdAtMs)) return { ok: false, reason: 'already-running', job: current };
      outcome = await claim('jobId = :previous', { ':previous': lock?.jobId ?? '' });
      if (outcome === 'claimed') return current && isActive(current) ? { ok: true, abandoned: current } : { ok: true };
      if (outcome === 'slot-taken') {
        const winner = await this.latest(job.kind);
        if (winner) return { ok: false, reason: 'already-running', job: winner };
        throw new Error(`the ${job.kind} slot changed while it was being claimed, and holds no job`);
      }
    }
    // A blocking kind's slot changed between the read and the claim: a job of that kind started.
    const blocking = await this.latest(outcome.guardFailed);
    if (blocking) return { ok: false, reason: 'blocked', job: blocking };
    throw new Error(`the ${outcome.guardFailed} slot changed while a ${job.kind} job was starting, and holds no job`);
  }

  /**
   * One conditional claim of the kind's slot; with guards, in a transaction with their checks. A
   * transaction cancelled only because another transaction held one of its items (`TransactionConflict`)
   * is tried again after a short, jittered pause: the SDK does not retry cancellations, and the
   * conditions are evaluated afresh on each try.
   */
  private async claimSlot(
    job: Job,
    expiresAt: number,
    condition: string,
    values: Record<string, unknown>,
    guards: readonly Guard[],
  ): Promise<'claimed' | 'slot-taken' | { guardFailed: JobKind }> {
    const update = {
      TableName: this.tableName,
      Key: { pk: `active#${job.kind}` },
      UpdateExpression: 'SET jobId = :id, isDone = :false, expiresAt = :expires',
      ConditionExpression: condition,
      ExpressionAttributeValues: { ':id': job.id, ':false': false, ':expires': expiresAt, ...values },
    };
    const checks = guards.map((guard) => ({
      ConditionCheck: {
        TableName: this.tableName,
        Key: { pk: `active#${guard.kind}` },
        ...(guard.jobId === undefined
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: 'jobId = :seen', ExpressionAttributeValues: { ':seen': guard.jobId } }),
      },
    }));
    for (let attempt = 1; ; attempt += 1) {
      try {
        if (guards.length === 0) await this.client.send(new UpdateCommand(update));
        else await this.client.send(new TransactWriteCommand({ TransactItems: [...checks, { Update: update }] }));
        return 'claimed';
      } catch (error) {
        if (isConditionFailure(error)) return 'slot-taken';
        // A cancelled transaction lists one reason per item, in order: the guards, then the claim.
        const codes = cancellationCodes(error);
        if (!codes) throw error;
        const failedGuard = guards.find((_, index) => codes[index] === 'ConditionalCheckFailed');
        if (failedGuard) return { guardFailed: failedGuard.kind };
        if (codes[guards.length] === 'ConditionalCheckFailed') return 'slot-taken';
        const isConflictOnly =
          codes.includes('TransactionConflict') &&
          codes.every((code) => code === 'None' || code === 'TransactionConflict');
        if (!isConflictOnly || attempt >= CONFLICT_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, CONFLICT_PAUSE_MS * attempt * (0.5 + Math.random())));
      }
    }
  }

  async get(id: string): Promise<Job | undefined> {
    return this.toJob(await this.item<Job>(`job#${id}`));
  }

  async latest(kind: JobKind): Promise<Job | undefined> {
    const lock = await this.item<{ jobId: string }>(`active#${kind}`);
    return lock ? this.get(lock.jobId) : undefined;
  }

  async update(id: string, change: JobChange, nowMs: number): Promise<Job> {
    const fields = Object.entries({ ...change, updatedAtMs: nowMs }).filter(([, value]) => value !== undefined);
    const removed = Object.entries(change)
      .filter(([, value]) => value === undefined)
      .map(([name]) => name);
    const names = Object.fromEntries([...fields.map(([name]) => name), ...removed].map((name) => [`#${name}`, name]));
    const set = `SET ${fields.map(([name]) => `#${name} = :${name}`).join(', ')}`;
    const remove = removed.length > 0 ? ` REMOVE ${removed.map((name) => `#${name}`).join(', ')}` : '';
    let updated: Job | undefined;
    try {
      const result = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `job#${id}` },
          UpdateExpression: `${set}${remove}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: Object.fromEntries(fields.map(([name, value]) => [`:${name}`, value])),
          ReturnValues: 'ALL_NEW',
        }),
      );
      updated = this.toJob(result.Attributes as Job | undefined);
    } catch (error) {
      if (isConditionFailure(error)) throw new Error(`no job ${id}`, { cause: error });
      throw error;
    }
    if (!updated) throw new Error(`no job ${id}`);
    if (!isActive(updated)) {
      await this.client
        .send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { pk: `active#${updated.kind}` },
            UpdateExpression: 'SET isDone = :true',
            ConditionExpression: 'jobId = :id',
            ExpressionAttributeValues: { ':true': true, ':id': id },
          }),
        )
        .catch((error: unknown) => {
          if (!isConditionFailure(error)) throw error;
        });
    }
    return updated;
  }

  async claim(id: string, nowMs: number): Promise<Job | undefined> {
    try {
      const result = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `job#${id}` },
          UpdateExpression: 'SET #status = :running, #updatedAtMs = :now',
          ConditionExpression: '#status = :queued',
          ExpressionAttributeNames: { '#status': 'status', '#updatedAtMs': 'updatedAtMs' },
          ExpressionAttributeValues: { ':running': 'running', ':queued': 'queued', ':now': nowMs },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return this.toJob(result.Attributes as Job | undefined);
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  private async item<T>(pk: string): Promise<T | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk }, ConsistentRead: true }),
    );
    return result.Item as T | undefined;
  }

  private toJob(item: (Job & { pk?: string; expiresAt?: number }) | undefined): Job | undefined {
    if (!item) return undefined;
    const { pk: _pk, expiresAt: _expiresAt, ...job } = item;
    return job;
  }
}
