/** The AlarmHistory contract, passed by the memory implementation and the DynamoDB one (its wire format through msw). */
import { beforeEach, describe } from 'vitest';
import { MemoryAlarmHistory } from '../../src/alarms/alarm-history.ts';
import { DynamoAlarmHistory } from '../../src/alarms/dynamo-alarm-history.ts';
import { describeAlarmHistory } from '../support/alarm-history-contract.ts';
import { dynamoDbFake, testDocumentClient } from '../support/dynamodb-fake.ts';
import { mswServer } from '../support/msw.ts';

describeAlarmHistory('MemoryAlarmHistory', () => new MemoryAlarmHistory());

describe('DynamoAlarmHistory', () => {
  beforeEach(() => {
    mswServer.use(dynamoDbFake().handler);
  });
  describeAlarmHistory('DynamoAlarmHistory (DynamoDB wire format through msw)', () => {
    return new DynamoAlarmHistory(testDocumentClient(), 'tcu-bot-state');
  });
});
