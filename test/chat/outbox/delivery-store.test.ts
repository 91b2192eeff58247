/** The DeliveryStore contract, passed by the memory store and the DynamoDB one (its wire format through msw). */
import { beforeEach, describe } from 'vitest';
import { MemoryDeliveryStore } from '../../../src/chat/outbox/delivery-store.ts';
import { DynamoDeliveryStore } from '../../../src/chat/outbox/dynamo-delivery-store.ts';
import { describeDeliveryStore } from '../../support/delivery-store-contract.ts';
import { dynamoDbFake, testDocumentClient } from '../../support/dynamodb-fake.ts';
import { mswServer } from '../../support/msw.ts';

describeDeliveryStore('MemoryDeliveryStore', () => new MemoryDeliveryStore());

describe('DynamoDeliveryStore', () => {
  beforeEach(() => {
    mswServer.use(dynamoDbFake().handler);
  });
  describeDeliveryStore('DynamoDeliveryStore (DynamoDB wire format through msw)', () => {
    return new DynamoDeliveryStore(testDocumentClient(), 'tcu-bot-state');
  });
});
