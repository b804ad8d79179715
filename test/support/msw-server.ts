import nodeHttp from 'node:http'
import { type SetupServer, setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { restoreOwnFetchClasses } from './own-process-state.js'

type Handlers = Parameters<typeof setupServer>

// URL.hostname keeps the brackets of an IPv6 literal.
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]', '::1'])

/**
 * msw stands in for remote hosts (HelloAsso, SES, Cognito, Secrets Manager): make any unmocked
 * request to one fail the test instead of reaching the internet. Loopback never gets here (see
 * leaveLoopbackToNode), but a caller that kept msw's patched function before listen() may still
 * send it: let it through.
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

// One msw server per test process, listening from the first file that asks until the process
// ends: files share a process (vitest.config.ts), and msw's patches of the process's globals
// (fetch, http.request, Request and Response) and the loopback wrappers below are then made
// once, on the process's own classes. Each file brings its handlers.
let processServer: SetupServer | undefined

function listeningServer(): SetupServer {
  if (processServer) return processServer
  // On the process's own fetch classes, whatever an earlier file served (own-process-state.ts).
  restoreOwnFetchClasses()
  const unpatched = unpatchedFunctions()
  processServer = setupServer()
  processServer.listen({ onUnhandledRequest })
  leaveLoopbackToNode(unpatched)
  return processServer
}

/**
 * The msw server for the current test file: the file's handlers for its whole run, overrides
 * (`server.use`) dropped after each test, nothing left for the next file. `resetHandlers()`
 * with no handlers goes back to this file's handlers, as msw's own does for its initial ones.
 */
export function setupMswServer(...handlers: Handlers): SetupServer {
  const server = listeningServer()
  const resetHandlers: SetupServer['resetHandlers'] = (...next) =>
    server.resetHandlers(...(next.length > 0 ? next : handlers))
  beforeAll(() => resetHandlers())
  afterEach(() => resetHandlers())
  afterAll(() => {
    server.resetHandlers()
    server.events.removeAllListeners()
  })
  return new Proxy(server, {
    get: (target, key) => {
      if (key === 'resetHandlers') return resetHandlers
      const value: unknown = Reflect.get(target, key, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

interface Unpatched {
  request: typeof nodeHttp.request
  get: typeof nodeHttp.get
  fetch: typeof globalThis.fetch
}

function unpatchedFunctions(): Unpatched {
  return { request: nodeHttp.request, get: nodeHttp.get, fetch: globalThis.fetch }
}

/**
 * msw's interceptor sees every request of the process and gives each one a socket of its own,
 * even those it lets through: DynamoDB Local's traffic (the SDK calls `http.request` on
 * 127.0.0.1) then pays a TCP connect and msw's matching per command, half of the CPU of a flow
 * test. Requests to loopback go to Node's own functions instead, on the caller's keep-alive
 * agent. They wrap msw's functions once, for the life of the process (see listeningServer).
 */
function leaveLoopbackToNode(unpatched: Unpatched): void {
  const patched = unpatchedFunctions()
  nodeHttp.request = new Proxy(patched.request, {
    apply: (target, self, args: Parameters<typeof nodeHttp.request>) =>
      Reflect.apply(isLoopback(args[0], args[1]) ? unpatched.request : target, self, args),
  })
  nodeHttp.get = new Proxy(patched.get, {
    apply: (target, self, args: Parameters<typeof nodeHttp.get>) =>
      Reflect.apply(isLoopback(args[0], args[1]) ? unpatched.get : target, self, args),
  })
  globalThis.fetch = new Proxy(patched.fetch, {
    apply: (target, self, args: Parameters<typeof fetch>) =>
      Reflect.apply(isLoopback(fetchUrl(args[0])) ? unpatched.fetch : target, self, args),
  })
}

/** Whether `http.request(url | options, options?, callback?)` goes to loopback, as Node resolves it. */
function isLoopback(first: unknown, second?: unknown): boolean {
  const fromUrl =
    typeof first === 'string' || first instanceof URL ? new URL(first).hostname : undefined
  const options = [second, first].find(
    (value): value is { hostname?: unknown; host?: unknown } =>
      value !== null && typeof value === 'object' && !(value instanceof URL),
  )
  // Node's default host is localhost.
  const host = options?.hostname ?? options?.host ?? fromUrl ?? 'localhost'
  return typeof host === 'string' && LOOPBACK_HOSTS.has(host)
}

function fetchUrl(input: Parameters<typeof fetch>[0]): URL {
  return new URL(input instanceof Request ? input.url : input)
}
