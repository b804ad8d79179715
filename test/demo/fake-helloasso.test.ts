import nodeHttp, { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createFakeHelloAsso } from '../../functions/demo/fake-helloasso.js'
import { OrderSchema, PaymentSchema } from '../../shared/helloasso/schemas.js'
import { loadFixture, orderFromNotification } from '../support/fixtures.js'
import { setupMswServer } from '../support/msw-server.js'

const API_URL = 'https://api.helloasso.test/v5'
const TOKEN_URL = 'https://api.helloasso.test/oauth2/token'

const fake = createFakeHelloAsso({ apiUrl: API_URL, tokenUrl: TOKEN_URL })
const server = setupMswServer(...fake.handlers)

const withDonation = orderFromNotification(loadFixture('06_order_membership_plus_extra_donation'))
const withOption = orderFromNotification(loadFixture('15_order_membership_with_option'))

async function token(form: Record<string, string>): Promise<Response> {
  return fetch(TOKEN_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  })
}

async function accessToken(): Promise<string> {
  const response = await token({
    grant_type: 'client_credentials',
    client_id: fake.clientId,
    client_secret: fake.clientSecret,
  })
  const body = (await response.json()) as { access_token: string }
  return body.access_token
}

async function get(path: string, bearer?: string): Promise<Response> {
  return fetch(`${API_URL}${path}`, {
    headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
  })
}

beforeEach(() => {
  fake.reset()
  fake.putOrder(withDonation)
  fake.putOrder(withOption)
})

describe('createFakeHelloAsso', () => {
  it('derives a PaymentDetail from the stored order', async () => {
    const response = await get('/payments/149300108', await accessToken())

    const payment = PaymentSchema.parse(await response.json())
    expect(payment).toMatchObject({
      id: 149300108,
      amount: 8000,
      amountTip: 400,
      state: 'Authorized',
      order: {
        id: withDonation.id,
        formSlug: 'adhesion-2025-2026',
        organizationSlug: 'reseau-tiers-lieux-drome',
      },
      payer: withDonation.payer,
      items: [
        {
          id: 158201006,
          type: 'Membership',
          amount: 5000,
          shareAmount: 5000,
          shareItemAmount: 5000,
        },
        { id: 158201007, type: 'Donation', amount: 3000, shareAmount: 3000, shareItemAmount: 3000 },
      ],
    })
    expect(payment).not.toHaveProperty('payments')
  })

  it('carries the option share into the derived payment', async () => {
    const response = await get('/payments/149300113', await accessToken())

    expect(PaymentSchema.parse(await response.json()).items).toEqual([
      expect.objectContaining({
        shareAmount: 6500,
        shareItemAmount: 5000,
        shareOptionsAmount: 1500,
      }),
    ])
  })

  it('changes a payment state in the order and in the payment alike', async () => {
    fake.setPaymentState(149300108, 'Refunded', { cashOutState: 'Refunded' })
    const bearer = await accessToken()

    const payment = PaymentSchema.parse(await (await get('/payments/149300108', bearer)).json())
    const order = OrderSchema.parse(await (await get(`/orders/${withDonation.id}`, bearer)).json())

    expect(payment).toMatchObject({ state: 'Refunded', cashOutState: 'Refunded' })
    expect(order.payments[0]).toMatchObject({ state: 'Refunded', cashOutState: 'Refunded' })
    expect(() => fake.setPaymentState(1, 'Refunded')).toThrow()
  })

  it('keeps its own copy of what it was given', async () => {
    const copy = structuredClone(withOption)
    fake.putOrder(copy)
    copy.id = 1

    expect((await get(`/orders/${withOption.id}`, await accessToken())).status).toBe(200)
  })

  it('answers 401 without a token, with an unknown one or with an expired one', async () => {
    expect((await get(`/orders/${withDonation.id}`)).status).toBe(401)
    expect((await get(`/orders/${withDonation.id}`, 'made-up')).status).toBe(401)

    const bearer = await accessToken()
    expect((await get(`/orders/${withDonation.id}`, bearer)).status).toBe(200)
    fake.expireTokens()
    expect((await get(`/orders/${withDonation.id}`, bearer)).status).toBe(401)
  })

  it('issues tokens only for its own client credentials', async () => {
    const refused = await token({
      grant_type: 'client_credentials',
      client_id: fake.clientId,
      client_secret: 'not-the-secret',
    })
    expect(refused.status).toBe(401)
    expect(await refused.json()).toEqual({ error: 'invalid_client' })
  })

  it('accepts each refresh token once', async () => {
    const first = (await (
      await token({
        grant_type: 'client_credentials',
        client_id: fake.clientId,
        client_secret: fake.clientSecret,
      })
    ).json()) as { refresh_token: string }
    const refresh = {
      grant_type: 'refresh_token',
      client_id: fake.clientId,
      refresh_token: first.refresh_token,
    }

    expect((await token(refresh)).status).toBe(200)
    expect((await token(refresh)).status).toBe(400)
    expect(fake.calls.grants).toEqual(['client_credentials', 'refresh_token', 'refresh_token'])
  })

  it('fails the next requests as told, then recovers', async () => {
    const bearer = await accessToken()
    fake.failNext(2, 'status503')

    expect((await get(`/orders/${withDonation.id}`, bearer)).status).toBe(503)
    expect((await get('/payments/149300108', bearer)).status).toBe(503)
    expect((await get(`/orders/${withDonation.id}`, bearer)).status).toBe(200)
    expect(fake.calls).toMatchObject({ orders: 2, payments: 1 })
  })

  it('answers 404 for what it does not hold, and forgets everything on reset', async () => {
    const bearer = await accessToken()
    expect((await get('/orders/42', bearer)).status).toBe(404)

    fake.reset()

    expect(fake.calls).toEqual({
      token: 0,
      orders: 0,
      payments: 0,
      orderLists: 0,
      grants: [],
      forms: 0,
      organizations: [],
    })
    expect((await get(`/orders/${withDonation.id}`, bearer)).status).toBe(401)
  })
})

describe('setupMswServer', () => {
  let loopback: Server
  let port = 0
  let connections = 0

  beforeAll(async () => {
    loopback = createServer((_request, response) => response.end('real loopback'))
    loopback.on('connection', () => connections++)
    await new Promise<void>((resolve) => loopback.listen(0, '127.0.0.1', resolve))
    port = (loopback.address() as AddressInfo).port
  })

  afterAll(async () => {
    await new Promise<void>((resolve) => loopback.close(() => resolve()))
  })

  it('lets loopback requests through to the real server', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/`)
    expect(await response.text()).toBe('real loopback')
    const viaName = await fetch(`http://localhost:${port}/`).catch(() => undefined)
    // localhost may resolve to ::1 first where nothing listens; it must at least not be mocked away.
    if (viaName) expect(await viaName.text()).toBe('real loopback')
  })

  it("leaves loopback node:http requests to Node, on the caller's pooled keep-alive socket", async () => {
    // DynamoDB Local is on loopback: the SDK's requests to it must neither pass through msw nor
    // open a new socket each, which is what msw's interceptor does to every request it sees.
    const seenByMsw: string[] = []
    const onStart = ({ request }: { request: Request }) => seenByMsw.push(request.url)
    server.events.on('request:start', onStart)
    const agent = new nodeHttp.Agent({ keepAlive: true, maxSockets: 1 })
    const get = () =>
      new Promise<string>((resolve, reject) => {
        const request = nodeHttp.request(
          { host: '127.0.0.1', port, path: '/', agent },
          (response) => {
            let body = ''
            response.on('data', (chunk) => {
              body += chunk
            })
            response.on('end', () => resolve(body))
          },
        )
        request.on('error', reject)
        request.end()
      })
    try {
      const before = connections
      expect([await get(), await get(), await get()]).toEqual(Array(3).fill('real loopback'))
      expect(connections - before).toBe(1)
      expect(seenByMsw).toEqual([])
    } finally {
      server.events.removeListener('request:start', onStart)
      agent.destroy()
    }
  })

  it('makes any other unmocked request fail', async () => {
    // The message proves msw stopped it: a request let through would fail on DNS instead.
    await expect(fetch('https://unmocked.helloasso.test/v5/orders/1')).rejects.toThrow(
      'unmocked request: GET https://unmocked.helloasso.test/v5/orders/1',
    )
  })

  it('stops node:http requests too, as the AWS SDK makes them', async () => {
    // Through the module object, as CommonJS callers do: msw patches that, not ESM bindings.
    const outcome = await new Promise<string>((resolve) => {
      const request = nodeHttp.get('http://unmocked.helloasso.test/healthz', (response) => {
        response.resume()
        resolve(`answered ${response.statusCode}`)
      })
      request.on('error', (error) => resolve(error.message))
    })

    expect(outcome).toBe('unmocked request: GET http://unmocked.helloasso.test/healthz')
  })
})
