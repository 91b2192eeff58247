/**
 * AlarmHistory on DynamoDB (the state table), so a recovery handled by one Lambda invocation knows
 * when the ALARM handled by another began. Item `alarm#<arn>` holds `sinceMs`; an ALARM keeps the
 * earliest start (redeliveries), an OK removes it unless a newer ALARM replaced it meanwhile.
 */
import { DeleteCommand, GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '../shared/dynamo.ts';
import { alarmHistoryKey, type AlarmHistory } from './alarm-history.ts';
import type { CloudWatchAlarm } from './cloudwatch-alarm.ts';

/** An alarm in ALARM longer than this reports no duration rather than keep items forever. */
const KEEP_SECONDS = 30 * 86_400;

export class DynamoAlarmHistory implements AlarmHistory {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async recordStateChange(alarm: CloudWatchAlarm): Promise<number | undefined> {
    const pk = `alarm#${alarmHistoryKey(alarm)}`;
    const at = alarm.stateChangedAtMs;
    if (alarm.state === 'ALARM') {
      await this.client
        .send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { pk },
            UpdateExpression: 'SET sinceMs = :at, expiresAt = :expires',
            ConditionExpression: 'attribute_not_exists(pk) OR sinceMs > :at',
            ExpressionAttributeValues: { ':at': at, ':expires': Math.floor(at / 1000) + KEEP_SECONDS },
          }),
        )
        .catch((error: unknown) => {
          if (!isConditionFailure(error)) throw error;
        });
      return undefined;
    }
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk }, ConsistentRead: true }),
    );
    const since = (result.Item as { sinceMs?: number } | undefined)?.sinceMs;
    if (since === undefined || since > at) return undefined;
    if (alarm.state === 'OK') {
      await this.client
        .send(
          new DeleteCommand({
            TableName: this.tableName,
            Key: { pk },
            ConditionExpression: 'sinceMs = :since',
            ExpressionAttributeValues: { ':since': since },
          }),
        )
        .catch((error: unknown) => {
          if (!isConditionFailure(error)) throw error;
        });
    }
    return since;
  }
}
