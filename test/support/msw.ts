/**
 * One msw server for the whole run; any request without a handler fails the test (no internet, ever).
 * Loopback passes through: the emulator and the bot are real servers on 127.0.0.1.
 */
import { http, passthrough } from 'msw';
import { setupServer } from 'msw/node';

export const mswServer = setupServer(http.all(/^http:\/\/127\.0\.0\.1:\d+\//, () => passthrough()));
