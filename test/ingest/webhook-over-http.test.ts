import { request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ScanCommand } from '@aws-sdk/lib-dynamodb'
import { serve } from '@hono/node-server'
import { getConnInfo } from '@hono/node-server/conninfo'
import { afterEach, describe, expect, it } from 'vitest'
import { loadFixtureText } from '../support/fixtures.js'
import {
  type CurrentTestRuntime,
  useFakeHelloAsso,
  useTestRuntime,
} from '../support/flow-harness.js'
import { TEST_WEBHOOK_SECRET } from '../support/test-runtime.js'

/**
 * The webhook on a real socket, as HelloAsso reaches it: the TCP peer is real (issue 10, 8c)
 * and a body over the limit is refused while the client is still sending (8i).
 */
useFakeHelloAsso()
const FIXTURE = '01_order_membership_individual_50eur_with_tip'
const peer = {
  remoteAddress: (c: Parameters<typeof getConnInfo>[0]) => getConnInfo(c).remote.address,
}
const servers: { close(): void }[] = []
afterEach(() => {
  for (const server of servers.splice(0)) server.close()
})

async function listen(t: CurrentTestRuntime): Promise<string> {
  return new Promise((resolve) => {
    const server = serve(
      { fetch: t.runtime.app.fetch, port: 0, hostname: '127.0.0.1' },
      (info: AddressInfo) => resolve(`http://127.0.0.1:${info.port}`),
    )
    servers.push(server)
  })
}

/** A POST with node:http, the body written in 64 KiB chunks as a slow sender would. */
function postRaw(
  url: string,
  body: Buffer,
  headers: Record<string, string> = {},
  /** Sent without a length (chunked), as a streaming client does. */
  chunked = false,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url)
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(chunked ? {} : { 'content-length': body.length }),
          ...headers,
        },
      },
      (res) => {
        let text = ''
        res.on('data', (chunk) => (text += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    let offset = 0
    const writeNext = () => {
      while (offset < body.length) {
        const chunk = body.subarray(offset, offset + 65_536)
        offset += chunk.length
        if (!req.write(chunk)) return void req.once('drain', writeNext)
      }
      req.end()
    }
    writeNext()
  })
}

const webhook = (base: string) => `${base}/webhooks/helloasso/${TEST_WEBHOOK_SECRET}`

describe('X-Forwarded-For is believed only from a trusted proxy (8c)', () => {
  describe('our proxy is elsewhere (TRUSTED_PROXIES=10.0.0.0/8)', () => {
    const t = useTestRuntime({
      env: {
        HELLOASSO_IP_ALLOWLIST: 'helloasso',
        TRUSTED_PROXY_HOPS: '1',
        TRUSTED_PROXIES: '10.0.0.0/8',
      },
      ...peer,
    })

    it('a direct client claiming HelloAsso’s address in X-Forwarded-For is refused with 403', async () => {
      const base = await listen(t)
      const response = await fetch(webhook(base), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '51.138.206.200' },
        body: loadFixtureText(FIXTURE),
      })
      expect(response.status).toBe(403)
    })
  })

  describe('the proxy on this host (TRUSTED_PROXIES default: loopback)', () => {
    const t = useTestRuntime({
      env: { HELLOASSO_IP_ALLOWLIST: 'helloasso', TRUSTED_PROXY_HOPS: '1' },
      ...peer,
    })

    it('takes the address our proxy appended', async () => {
      const base = await listen(t)
      const post = (forwardedFor: string) =>
        fetch(webhook(base), {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
          body: loadFixtureText(FIXTURE),
        })
      expect((await post('203.0.113.9, 51.138.206.200')).status).toBe(200)
      expect((await post('51.138.206.200, 203.0.113.9')).status).toBe(403)
    })
  })
})

describe('a 2 MB authenticated body (8i)', () => {
  const t = useTestRuntime(peer)

  it('the client reads the 413, and a trace without the body or the secret is kept for review', async () => {
    const base = await listen(t)
    const body = Buffer.alloc(2 * 1024 * 1024, 'x')
    const response = await postRaw(webhook(base), body, {
      'x-ha-signature': 'ab'.repeat(32),
      'user-agent': 'HelloAsso-Notifier',
    })
    expect(response.status).toBe(413)
    expect(response.text).toMatch(/262144/)

    const reviews = await t.reviews()
    expect(reviews.map((review) => review.reasons)).toEqual([['oversized-notification']])
    expect(reviews[0]?.message).toMatch(/2 097 152|2097152/)
    const items = await t.runtime.table.doc.send(
      new ScanCommand({ TableName: t.runtime.table.tableName }),
    )
    const stored = JSON.stringify(items.Items)
    expect(stored).toContain('HelloAsso-Notifier')
    expect(stored).not.toContain('x'.repeat(100))
    expect(stored).not.toContain(TEST_WEBHOOK_SECRET)
    expect(stored).not.toContain('ab'.repeat(32))
  })

  it('the client reads the 413 of a 2 MB body sent without a length (chunked)', async () => {
    const base = await listen(t)
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await postRaw(webhook(base), Buffer.alloc(2 * 1024 * 1024, 'x'), {}, true)
      expect(response.status).toBe(413)
    }
    expect((await t.reviews()).map((review) => review.reasons)).toEqual([
      ['oversized-notification'],
    ])
  })

  it('a wrong secret still writes nothing, whatever the size', async () => {
    const base = await listen(t)
    const response = await postRaw(
      `${base}/webhooks/helloasso/wrong-secret`,
      Buffer.alloc(2 * 1024 * 1024, 'x'),
    )
    expect(response.status).toBe(404)
    // Nothing but the receipt-signing public key the runtime published as it started.
    const items = await t.runtime.table.doc.send(
      new ScanCommand({
        TableName: t.runtime.table.tableName,
        Select: 'COUNT',
        FilterExpression: 'NOT contains(pk, :keys)',
        ExpressionAttributeValues: { ':keys': '#VERIFICATION-KEYS' },
      }),
    )
    expect(items.Count).toBe(0)
  })
})
