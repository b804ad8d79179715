import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { getResponse } from 'msw'
import { createFakeHelloAsso, type FakeHelloAsso } from '../../functions/demo/fake-helloasso.js'

export interface FakeHelloAssoServer {
  fake: FakeHelloAsso
  apiUrl: string
  tokenUrl: string
  close(): Promise<void>
}

/**
 * The fake HelloAsso on a real loopback port, for a child process (`npm start`) that msw in the
 * test process cannot intercept: the same handlers, answered over HTTP.
 */
export async function serveFakeHelloAsso(): Promise<FakeHelloAssoServer> {
  let fake: FakeHelloAsso | undefined
  const server = serve({
    hostname: '127.0.0.1',
    port: 0,
    fetch: async (request) =>
      (fake && (await getResponse(fake.handlers, request))) ??
      new Response('{"message":"Not found"}', { status: 404 }),
  })
  await new Promise<void>((resolve) => server.once('listening', () => resolve()))
  const { port } = server.address() as AddressInfo
  const base = `http://127.0.0.1:${port}`
  fake = createFakeHelloAsso({ apiUrl: `${base}/v5`, tokenUrl: `${base}/oauth2/token` })
  return {
    fake,
    apiUrl: `${base}/v5`,
    tokenUrl: `${base}/oauth2/token`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
