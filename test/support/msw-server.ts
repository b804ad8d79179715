import { type SetupServer, setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll } from 'vitest'

type Handlers = Parameters<typeof setupServer>

// URL.hostname keeps the brackets of an IPv6 literal.
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]', '::1'])

/**
 * msw intercepts loopback traffic too, and DynamoDB Local listens on 127.0.0.1: let loopback
 * through, and make any other unmocked request fail the test instead of reaching the internet.
 */
export function onUnhandledRequest(request: Request, print: { error(): void }): void {
  const url = new URL(request.url)
  if (LOOPBACK_HOSTS.has(url.hostname)) return
  print.error()
  // In msw 2.15 print.error() only prints and lets the request go out. Throwing fails it;
  // `code` and `errno` make msw's interceptor reject the fetch with this error, as a network
  // failure, instead of turning it into a 500 response that would pass for a server outage.
  throw Object.assign(
    new Error(`unmocked request: ${request.method} ${url.origin}${url.pathname}`),
    { code: 'ERR_UNMOCKED_REQUEST', errno: -1 },
  )
}

/** One msw server for the current test file: listening for the whole file, overrides reset after each test. */
export function setupMswServer(...handlers: Handlers): SetupServer {
  const server = setupServer(...handlers)
  beforeAll(() => server.listen({ onUnhandledRequest }))
  afterEach(() => server.resetHandlers())
  afterAll(() => server.close())
  return server
}
