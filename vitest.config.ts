import { defineConfig } from 'vitest/config'
import LongestFirstSequencer from './test/support/longest-first-sequencer.js'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/setup-env.ts'],
    pool: 'forks',
    maxWorkers: 2,
    // Files share their worker's modules: a fresh module graph per file cost a second of import
    // each, a third of the run. What one file could leave to the next is kept per process on
    // purpose: one msw server (test/support/msw-server.ts), one DynamoDB client pair
    // (test-table.ts), caches keyed by table or content. What must not pass from one file to
    // the next is given back before each: process.env, the fetch classes msw starts on
    // (test/support/own-process-state.ts).
    isolate: false,
    sequence: { sequencer: LongestFirstSequencer },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
