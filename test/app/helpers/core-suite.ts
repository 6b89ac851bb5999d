import { afterAll, afterEach, beforeAll } from 'vitest';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { type CoreUnderTest, coreUnderTest, type ShellAnswers } from './core-under-test.js';

/** A file's `tiny` reference server, and app cores that are closed after each test. */
export interface CoreSuite {
  readonly server: TestServer;
  core(shell?: ShellAnswers): Promise<CoreUnderTest>;
}

/** Registers the hooks: the server starts before the file's tests, each test's cores close after it. */
export function coreSuite(): CoreSuite {
  let server: TestServer | undefined;
  const open: CoreUnderTest[] = [];
  beforeAll(async () => {
    server = await startTestServer({ seed: 'tiny' });
  });
  afterAll(async () => server?.close());
  afterEach(async () => {
    for (const app of open.splice(0)) await app.close();
  });
  return {
    get server() {
      if (!server) throw new Error('the test server starts in beforeAll');
      return server;
    },
    async core(shell) {
      const app = await coreUnderTest(shell);
      open.push(app);
      return app;
    },
  };
}
