/** One msw server for the whole run; any request without a handler fails the test (no internet, ever). */
import { setupServer } from 'msw/node';

export const mswServer = setupServer();
