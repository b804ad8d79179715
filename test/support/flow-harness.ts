import type { SetupServer } from 'msw/node'
import { afterEach, beforeEach } from 'vitest'
import { createFakeHelloAsso, type FakeHelloAsso } from '../../functions/demo/fake-helloasso.js'
import { setupMswServer } from './msw-server.js'
import {
  createTestRuntime,
  TEST_API_URL,
  TEST_TOKEN_URL,
  type TestRuntime,
  type TestRuntimeOptions,
} from './test-runtime.js'

/** The runtime of the running test; its lifecycle belongs to useTestRuntime(), hence no stop(). */
export type CurrentTestRuntime = Omit<TestRuntime, 'stop'>

export interface FakeHelloAssoHarness {
  fake: FakeHelloAsso
  /** The file's msw server, for per-test overrides with `server.use(...)`. */
  server: SetupServer
}

/**
 * A fake HelloAsso API behind one msw server for the whole file, emptied before each test.
 * Call it once per file, at the top level.
 */
export function useFakeHelloAsso(): FakeHelloAssoHarness {
  const fake = createFakeHelloAsso({ apiUrl: TEST_API_URL, tokenUrl: TEST_TOKEN_URL })
  const server = setupMswServer(...fake.handlers)
  beforeEach(() => fake.reset())
  return { fake, server }
}

/**
 * A fresh test runtime for each test of the enclosing scope (the file, or the `describe` it is
 * called in), stopped after it. The handle returned stays the same and always reaches the
 * runtime of the running test, so it can be kept in a `const`.
 */
export function useTestRuntime(options?: TestRuntimeOptions): CurrentTestRuntime {
  let current: TestRuntime | undefined
  beforeEach(async () => {
    current = await createTestRuntime(options)
  })
  afterEach(async () => {
    const stopping = current
    current = undefined
    await stopping?.stop()
  })
  const running = (): TestRuntime => {
    if (current === undefined) throw new Error('the test runtime exists only while a test runs')
    return current
  }
  return {
    get runtime() {
      return running().runtime
    },
    post: (body, init) => running().post(body, init),
    settle: () => running().settle(),
    receipts: (year) => running().receipts(year),
    reviews: () => running().reviews(),
    outbox: () => running().outbox(),
    outboxFiles: () => running().outboxFiles(),
  }
}

/** A whole-file flow test: the fake HelloAsso and a fresh runtime for each test. */
export function useFlowHarness(
  options?: TestRuntimeOptions,
): FakeHelloAssoHarness & { t: CurrentTestRuntime } {
  return { ...useFakeHelloAsso(), t: useTestRuntime(options) }
}
