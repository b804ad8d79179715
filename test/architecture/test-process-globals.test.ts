import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { getRequestListener } from '@hono/node-server'
import { afterAll, describe, expect, it } from 'vitest'
import { restoreOwnEnvironment, restoreOwnFetchClasses } from '../support/own-process-state.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/**
 * In a process of its own, so that msw starts there for the first time: a file served HTTP
 * through @hono/node-server, then msw starts (with or without the classes put back first),
 * and a mocked network error is fetched.
 */
async function networkErrorAfterServing(restore: boolean): Promise<string> {
  const script = `
    import { getRequestListener } from '@hono/node-server'
    import { HttpResponse, http } from 'msw'
    import { setupServer } from 'msw/node'
    import { keepOwnProcessState, restoreOwnFetchClasses } from './test/support/own-process-state.ts'
    keepOwnProcessState()
    getRequestListener(() => new Response('ok'))
    if (${restore}) restoreOwnFetchClasses()
    const server = setupServer(http.get('https://x.helloasso.test/', () => HttpResponse.error()))
    server.listen()
    const outcome = await fetch('https://x.helloasso.test/').then(
      (response) => 'answered ' + response.status,
      (error) => 'failed: ' + error.message,
    )
    server.close()
    console.log(outcome)`
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script],
    { cwd: ROOT },
  )
  return stdout.trim()
}

afterAll(restoreOwnFetchClasses)

describe('test files sharing a process (vitest.config.ts, isolate: false)', () => {
  it('get the environment of the process back, whatever an earlier file set', () => {
    const region = process.env.AWS_REGION
    // What a Lambda adapter test does for its handlers.
    Object.assign(process.env, {
      RECEIPTS_TEST_LEFT_BEHIND: 'yes',
      AWS_REGION: 'us-east-1',
    })
    restoreOwnEnvironment()
    expect(process.env.RECEIPTS_TEST_LEFT_BEHIND).toBeUndefined()
    expect(process.env.AWS_REGION).toBe(region)
  })

  it('get the fetch classes of the process back, whatever an earlier file served', () => {
    restoreOwnFetchClasses()
    const own = globalThis.Response
    getRequestListener(() => new Response('ok'))
    expect(globalThis.Response).not.toBe(own)
    restoreOwnFetchClasses()
    expect(globalThis.Response).toBe(own)
  })

  it('so that msw, started after a file served HTTP, still fails a fetch on a network error', async () => {
    // Without the classes put back, the network error reads as an empty answer: what turned
    // a flow test's HelloAsso outage into an invalid body, now and then.
    expect(await networkErrorAfterServing(false)).toBe('answered 0')
    expect(await networkErrorAfterServing(true)).toBe('failed: Failed to fetch')
  })
})
