/**
 * DeliveryStore on DynamoDB, for Lambda where several invocations send at once (the state table:
 * partition key `pk`, TTL attribute `expiresAt`). Two kinds of item:
 *   `delivered#<key>` — a delivery already made, until its dedupe window ends, or claimed by a sender
 *                       (`owner`, until its lease ends) while it posts;
 *   `lane#<id>`       — a destination's lane (JSON), with a version for optimistic concurrency.
 * A lane is read, changed and written back only if nobody wrote it in between; on a conflict the
 * (pure) change runs again on the fresh lane.
 */
import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '../../shared/dynamo.ts';
import type { ClaimResult, DeliveryStore } from './delivery-store.ts';
import { EMPTY_LANE, storedLane, type LaneChange, type LaneState } from './lane.ts';

/** Enough for a storm of concurrent senders on one lane; beyond it the send fails and is retried. */
const MAX_LANE_ATTEMPTS = 25;
/** A lane says nothing useful after a day of silence (its windows are minutes long). */
const LANE_KEEP_SECONDS = 86_400;

export class DynamoDeliveryStore implements DeliveryStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {}

  async isDelivered(key: string, nowMs: number): Promise<boolean> {
    const item = await this.read(key);
    // TTL deletes lazily (within days), so the item's own expiry decides.
    return item?.owner === undefined && item?.expiresAtMs !== undefined && item.expiresAtMs > nowMs;
  }

  async claim(key: string, owner: string, nowMs: number, leaseUntilMs: number): Promise<ClaimResult> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: `delivered#${key}`, owner, expiresAtMs: leaseUntilMs, expiresAt: Math.ceil(leaseUntilMs / 1000) },
          // Free, or whatever is there (a claim or a delivery) has run out.
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAtMs < :now OR #owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':now': nowMs, ':owner': owner },
        }),
      );
      return 'claimed';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const item = await this.read(key);
    return item?.owner === undefined ? 'delivered' : 'held';
  }

  async release(key: string, owner: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: `delivered#${key}` },
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': owner },
        }),
      );
    } catch (error) {
      // Delivered meanwhile (a digest carried it) or claimed by another: nothing of ours to give back.
      if (!isConditionFailure(error)) throw error;
    }
  }

  private async read(key: string): Promise<{ expiresAtMs?: number; owner?: string } | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: `delivered#${key}` }, ConsistentRead: true }),
    );
    return result.Item as { expiresAtMs?: number; owner?: string } | undefined;
  }

  async markDelivered(keys: readonly string[], expiresAtMs: number): Promise<void> {
    const expiresAt = Math.ceil(expiresAtMs / 1000);
    await Promise.all(
      keys.map((key) =>
        this.client.send(
          new PutCommand({ TableName: this.tableName, Item: { pk: `delivered#${key}`, expiresAtMs, expiresAt } }),
        ),
      ),
    );
  }

  async updateLane<T>(laneId: string, change: (lane: LaneState) => LaneChange<T>): Promise<T> {
    const pk = `lane#${laneId}`;
    for (let attempt = 1; attempt <= MAX_LANE_ATTEMPTS; attempt++) {
      const current = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: { pk }, ConsistentRead: true }),
      );
      const item = current.Item as { lane: string; version: number } | undefined;
      const { lane, result } = change(item ? storedLane(item.lane) : EMPTY_LANE);
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              pk,
              lane: JSON.stringify(lane),
              version: (item?.version ?? 0) + 1,
              expiresAt: Math.floor(this.now() / 1000) + LANE_KEEP_SECONDS,
            },
            ConditionExpression: item ? '#version = :version' : 'attribute_not_exists(pk)',
            ExpressionAttributeNames: item ? { '#version': 'version' } : undefined,
            ExpressionAttributeValues: item ? { ':version': item.version } : undefined,
          }),
        );
        return result;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
    throw new Error(`lane ${laneId} stayed contended for ${MAX_LANE_ATTEMPTS} attempts`);
  }
}
