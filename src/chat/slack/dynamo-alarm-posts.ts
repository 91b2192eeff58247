/**
 * AlarmPosts on DynamoDB (the state table): item `slackpost#<channel>|<alarm>` holding the message as
 * JSON (a few KB; items may hold 400 KB), expired by the table's TTL (`expiresAt`).
 */
import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AlarmPost, AlarmPosts } from './alarm-posts.ts';

export class DynamoAlarmPosts implements AlarmPosts {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async remember(key: string, post: AlarmPost, expiresAtMs: number): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: `slackpost#${key}`,
          post: JSON.stringify(post),
          expiresAtMs,
          expiresAt: Math.ceil(expiresAtMs / 1000),
        },
      }),
    );
  }

  async find(key: string, nowMs: number): Promise<AlarmPost | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: `slackpost#${key}` }, ConsistentRead: true }),
    );
    const item = result.Item as { post?: string; expiresAtMs?: number } | undefined;
    // TTL deletes within days, not at once: an expired item is no post.
    if (item?.post === undefined || (item.expiresAtMs ?? 0) <= nowMs) return undefined;
    return JSON.parse(item.post) as AlarmPost;
  }

  async forget(key: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: `slackpost#${key}` } }));
  }
}
