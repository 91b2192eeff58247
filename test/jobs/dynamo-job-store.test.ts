import { beforeEach } from 'vitest';
import { DynamoJobStore } from '../../src/jobs/dynamo-job-store.ts';
import { dynamoDbFake, testDocumentClient } from '../support/dynamodb-fake.ts';
import { mswServer } from '../support/msw.ts';
import { describeJobStore } from './job-store-contract.ts';

beforeEach(() => {
  mswServer.use(dynamoDbFake().handler);
});

describeJobStore('DynamoJobStore (DynamoDB wire format through msw)', () => {
  return new DynamoJobStore(testDocumentClient(), 'tcu-bot-state');
});
