/**
 * JobStore on DynamoDB (one table, partition key `pk`, TTL attribute `expiresAt`), for Lambda where
 * several invocations run at once. Three kinds of item:
 *   `request#<id>` — a request id already seen → its job (Slack retries, SNS redeliveries);
 *   `active#<kind>` — the kind's current job and whether it is done (one job of a kind at a time);
 *   `job#<id>`     — the job itself.
 * Every claim is a conditional write, so two invocations can never both start.
 */
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '../shared/dynamo.ts';
import { abandonedBy, holdsSlot, isActive, type Job, type JobKind } from './job.ts';
import type { JobStore, StartOutcome } from './job-store.ts';

const KEEP_SECONDS = 14 * 86_400;

export class DynamoJobStore implements JobStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async start(job: Job, requestId: string): Promise<StartOutcome> {
    const expiresAt = Math.floor(job.createdAtMs / 1000) + KEEP_SECONDS;
    const requestKey = `request#${requestId}`;
    try {
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: { pk: requestKey, jobId: job.id, expiresAt }, ConditionExpression: 'attribute_not_exists(pk)' }));
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const seen = await this.item<{ jobId: string }>(requestKey);
      const earlier = seen ? await this.get(seen.jobId) : undefined;
      if (earlier) return { started: false, reason: 'duplicate-request', job: earlier };
      throw error;
    }
    const claimed = await this.claimKind(job, expiresAt);
    if (!claimed.ok) {
      // The refused request leaves no trace, as in the memory store.
      await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: requestKey } }));
      return { started: false, reason: 'already-running', job: claimed.running };
    }
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { pk: `job#${job.id}`, ...job, expiresAt } }));
    if (!claimed.abandoned) return { started: true, job };
    return { started: true, job, abandoned: await this.update(claimed.abandoned.id, abandonedBy(job, claimed.abandoned), job.createdAtMs) };
  }

  /** Takes the kind's slot when it is free or its job is done (also when the done flag was never written). */
  private async claimKind(job: Job, expiresAt: number): Promise<{ ok: true; abandoned?: Job } | { ok: false; running: Job }> {
    const claim = (condition: string, values: Record<string, unknown>) =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `active#${job.kind}` },
          UpdateExpression: 'SET jobId = :id, isDone = :false, expiresAt = :expires',
          ConditionExpression: condition,
          ExpressionAttributeValues: { ':id': job.id, ':false': false, ':expires': expiresAt, ...values },
        }),
      );
    try {
      await claim('attribute_not_exists(pk) OR isDone = :true', { ':true': true });
      return { ok: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const lock = await this.item<{ jobId: string }>(`active#${job.kind}`);
    const current = lock ? await this.get(lock.jobId) : undefined;
    if (current && holdsSlot(current, job.createdAtMs)) return { ok: false, running: current };
    try {
      await claim('jobId = :previous', { ':previous': lock?.jobId ?? '' });
      return current && isActive(current) ? { ok: true, abandoned: current } : { ok: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const winner = await this.latest(job.kind);
      if (winner) return { ok: false, running: winner };
      throw error;
    }
  }

  async get(id: string): Promise<Job | undefined> {
    return this.toJob(await this.item<Job>(`job#${id}`));
  }

  async latest(kind: JobKind): Promise<Job | undefined> {
    const lock = await this.item<{ jobId: string }>(`active#${kind}`);
    return lock ? this.get(lock.jobId) : undefined;
  }

  async update(id: string, change: Partial<Pick<Job, 'status' | 'progress' | 'result' | 'isStopRequested' | 'flags'>>, nowMs: number): Promise<Job> {
    const fields = Object.entries({ ...change, updatedAtMs: nowMs }).filter(([, value]) => value !== undefined);
    const removed = Object.entries(change).filter(([, value]) => value === undefined).map(([name]) => name);
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
        .send(new UpdateCommand({ TableName: this.tableName, Key: { pk: `active#${updated.kind}` }, UpdateExpression: 'SET isDone = :true', ConditionExpression: 'jobId = :id', ExpressionAttributeValues: { ':true': true, ':id': id } }))
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
    const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk }, ConsistentRead: true }));
    return result.Item as T | undefined;
  }

  private toJob(item: (Job & { pk?: string; expiresAt?: number }) | undefined): Job | undefined {
    if (!item) return undefined;
    const { pk: _pk, expiresAt: _expiresAt, ...job } = item;
    return job;
  }
}
