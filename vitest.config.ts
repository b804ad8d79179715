import { defineConfig } from 'vitest/config'
import LongestFirstSequencer from './test/support/longest-first-sequencer.js'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/setup-env.ts'],
    pool: 'forks',
    maxWorkers: 2,
    // Each file in a fresh module graph. Keeping modules between files (isolate: false) saved
    // import time but let one file's state reach the next: child processes and network stubs
    // then failed only in the full run, never alone. A suite that passes file by file is worth
    // more than its import time.
    isolate: true,
    sequence: { sequencer: LongestFirstSequencer },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
