/**
 * AlarmMutes on DynamoDB (the state table): item `mute#<alarm name>` with `untilMs` and `by`, expired
 * by the table's TTL (`expiresAt`) once the mute is over, so a mute set from chat on one invocation
 * silences the alarm path's next ones.
 */
import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '../shared/dynamo.ts';
import type { AlarmMutes, Mute } from './alarm-mutes.ts';

export class DynamoAlarmMutes implements AlarmMutes {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async mute(alarmName: string, mute: Mute): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: `mute#${alarmName}`,
          untilMs: mute.untilMs,
          by: mute.by,
          expiresAt: Math.ceil(mute.untilMs / 1000),
        },
      }),
    );
  }

  async unmute(alarmName: string): Promise<boolean> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: `mute#${alarmName}` },
          ConditionExpression: 'attribute_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async mutedAt(alarmName: string, nowMs: number): Promise<Mute | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: `mute#${alarmName}` }, ConsistentRead: true }),
    );
    const item = result.Item as { untilMs?: number; by?: string } | undefined;
    // TTL deletes within days, not at once: an expired item is no mute.
    return item?.untilMs !== undefined && item.untilMs > nowMs
      ? { untilMs: item.untilMs, by: item.by ?? '?' }
      : undefined;
  }
}
