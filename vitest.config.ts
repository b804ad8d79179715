import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/setup-env.ts'],
    pool: 'forks',
    maxWorkers: 2,
    // Each worker keeps its modules from one file to the next: the AWS SDK, pdf-lib, fontkit and
    // the app are evaluated once per worker instead of once per file (vitest measured 136 s of
    // imports for 116 files). Files stay apart through what they own: their own tables
    // (test-table.ts), runtimes, msw servers (closed after the file) and temporary folders.
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
