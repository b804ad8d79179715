/**
 * What each test file gets back as it would in a process of its own. Test files share their
 * worker's process (vitest.config.ts, isolate: false); setup-env.ts runs before every file, and
 * its first run, before any test code of the process, keeps what the process started with.
 */
const OWN = Symbol.for('helloasso-receipts.test.own-process-state')

interface OwnState {
  env: Record<string, string | undefined>
  Request: typeof Request
  Response: typeof Response
}

const holder = globalThis as { [OWN]?: OwnState }

function own(): OwnState {
  holder[OWN] ??= {
    env: { ...process.env },
    Request: globalThis.Request,
    Response: globalThis.Response,
  }
  return holder[OWN]
}

/** Keeps the process's own state; the first call is the one that counts. */
export function keepOwnProcessState(): void {
  own()
}

// vitest's own variables (the worker's id…) are vitest's to set.
const isVitests = (name: string) => name.startsWith('VITEST')

/**
 * process.env as the process started: a Lambda adapter test sets its handlers' variables
 * there, and a later file's child processes (npm run receipts) inherited its ASSOCIATION_CONFIG.
 */
export function restoreOwnEnvironment(): void {
  const { env } = own()
  for (const name of Object.keys(process.env))
    if (!(name in env) && !isVitests(name)) delete process.env[name]
  for (const [name, value] of Object.entries(env))
    if (!isVitests(name) && value !== undefined) process.env[name] = value
}

/**
 * The process's own Request and Response globals. @hono/node-server's listener (any `serve()`)
 * swaps in classes of its own, and an msw server that starts listening after that takes a
 * mocked network error (HttpResponse.error()) for an empty answer of status 0: HelloAsso's
 * network faults then read as invalid bodies, permanent failures. msw-server.ts calls this
 * before msw starts; a swap after that start is harmless.
 */
export function restoreOwnFetchClasses(): void {
  const { Request, Response } = own()
  for (const [name, value] of Object.entries({ Request, Response }))
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true })
}
