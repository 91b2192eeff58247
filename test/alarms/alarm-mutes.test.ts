/** The AlarmMutes contract, passed by the memory implementation and the DynamoDB one (its wire format through msw). */
import { beforeEach, describe } from 'vitest';
import { MemoryAlarmMutes } from '../../src/alarms/alarm-mutes.ts';
import { DynamoAlarmMutes } from '../../src/alarms/dynamo-alarm-mutes.ts';
import { describeAlarmMutes } from '../support/alarm-mutes-contract.ts';
import { dynamoDbFake, testDocumentClient } from '../support/dynamodb-fake.ts';
import { mswServer } from '../support/msw.ts';

describeAlarmMutes('MemoryAlarmMutes', () => new MemoryAlarmMutes());

describe('DynamoAlarmMutes', () => {
  beforeEach(() => {
    mswServer.use(dynamoDbFake().handler);
  });
  describeAlarmMutes('DynamoAlarmMutes (DynamoDB wire format through msw)', () => {
    return new DynamoAlarmMutes(testDocumentClient(), 'tcu-bot-state');
  });
});
