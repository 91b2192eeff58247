/** The AlarmPosts contract, passed by the memory implementation and the DynamoDB one (its wire format through msw). */
import { beforeEach, describe } from 'vitest';
import { MemoryAlarmPosts } from '../../../src/chat/slack/alarm-posts.ts';
import { DynamoAlarmPosts } from '../../../src/chat/slack/dynamo-alarm-posts.ts';
import { describeAlarmPosts } from '../../support/alarm-posts-contract.ts';
import { dynamoDbFake, testDocumentClient } from '../../support/dynamodb-fake.ts';
import { mswServer } from '../../support/msw.ts';

describeAlarmPosts('MemoryAlarmPosts', () => new MemoryAlarmPosts());

describe('DynamoAlarmPosts', () => {
  beforeEach(() => {
    mswServer.use(dynamoDbFake().handler);
  });
  describeAlarmPosts('DynamoAlarmPosts (DynamoDB wire format through msw)', () => {
    return new DynamoAlarmPosts(testDocumentClient(), 'tcu-bot-state');
  });
});
