import { afterAll, afterEach, beforeAll } from 'vitest';
import { mswServer } from '../support/msw.ts';

beforeAll(() => mswServer.listen({ onUnhandledRequest: 'error' }));
afterEach(() => mswServer.resetHandlers());
afterAll(() => mswServer.close());
