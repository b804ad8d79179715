import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getResponse, type HttpHandler } from 'msw'
import { createFakeHelloAsso, type FakeHelloAsso } from './fake-helloasso.js'

export interface StandInHelloAsso {
  /** The fake's state and fault controls (put orders, flip payment states, fail the next calls). */
  fake: FakeHelloAsso
  apiUrl: string
  tokenUrl: string
  /** Faults actually served: 5xx answers, and calls the client gave up on (timeouts). */
  served: { requests: number; errors5xx: number; timeouts: number }
  close(): Promise<void>
}

/**
 * The msw fake HelloAsso of test/support, served over real HTTP on a free port: the server under
 * soak runs in another process, where msw cannot intercept. The same state answers GET order and
 * payment by id, and the fake's `failNext` gives 5xx bursts and hangs (a hang ends when the
 * client aborts on its HELLOASSO_TIMEOUT_MS). `latencyMs` delays every answer (a remote API).
 */
export async function startStandInHelloAsso(
  options: {
    latencyMs?: number
    /** 0 (any free port) unless given: the demo uses a fixed one its printed commands name. */
    port?: number
    /** More routes on the same origin (the demo's controls), tried before HelloAsso's. */
    handlers?: (origin: string) => HttpHandler[]
  } = {},
): Promise<StandInHelloAsso> {
  const served = { requests: 0, errors5xx: 0, timeouts: 0 }
  let handlers: HttpHandler[] = []
  const sockets = new Set<import('node:net').Socket>()
  const server = createServer((req, res) => {
    const answered = () => answer(handlers, served, req, res)
    const later = options.latencyMs
      ? new Promise<void>((resolve) => setTimeout(resolve, options.latencyMs)).then(answered)
      : answered()
    void later.catch(() => res.destroy())
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', resolve)
  })
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const apiUrl = `${origin}/v5`
  const tokenUrl = `${origin}/oauth2/token`
  const fake = createFakeHelloAsso({ apiUrl, tokenUrl })
  handlers = [...(options.handlers?.(origin) ?? []), ...fake.handlers]
  return {
    fake,
    apiUrl,
    tokenUrl,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

async function answer(
  handlers: HttpHandler[],
  served: StandInHelloAsso['served'],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  served.requests++
  const aborted = new AbortController()
  res.once('close', () => {
    if (!res.writableFinished) aborted.abort()
  })
  const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await readBody(req)
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value)
  }
  const request = new Request(`http://${req.headers.host}${req.url}`, {
    method: req.method ?? 'GET',
    headers,
    ...(body ? { body } : {}),
    signal: aborted.signal,
  })
  const response = await getResponse(handlers, request)
  if (aborted.signal.aborted) {
    served.timeouts++
    res.destroy()
    return
  }
  if (!response || response.type === 'error') {
    res.destroy()
    return
  }
  if (response.status >= 500) served.errors5xx++
  res.writeHead(response.status, Object.fromEntries(response.headers))
  res.end(Buffer.from(await response.arrayBuffer()))
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}
