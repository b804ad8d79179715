import { HttpResponse, http } from 'msw'
import { beforeEach, describe, expect, it } from 'vitest'
import { createFakeHelloAsso } from '../../functions/demo/fake-helloasso.js'
import { AppError } from '../../shared/errors.js'
import { createHttpHelloAssoClient } from '../../shared/helloasso/http-helloasso-client.js'
import { loadFixture, orderFromNotification, paymentFromNotification } from '../support/fixtures.js'
import { setupMswServer } from '../support/msw-server.js'

const API_URL = 'https://api.helloasso.test/v5'
const TOKEN_URL = 'https://api.helloasso.test/oauth2/token'

let currentTime = Date.parse('2026-03-01T10:00:00Z')
const now = () => currentTime

const fake = createFakeHelloAsso({ apiUrl: API_URL, tokenUrl: TOKEN_URL, now })
const server = setupMswServer(...fake.handlers)

const individualOrder = orderFromNotification(
  loadFixture('01_order_membership_individual_50eur_with_tip'),
)
const instalmentOrder = orderFromNotification(
  loadFixture('04_order_membership_org_1000eur_company_3_instalments'),
)

function client(overrides: { clientSecret?: string; timeoutMs?: number } = {}) {
  return createHttpHelloAssoClient({
    apiUrl: API_URL,
    tokenUrl: TOKEN_URL,
    clientId: fake.clientId,
    clientSecret: overrides.clientSecret ?? fake.clientSecret,
    now,
    ...(overrides.timeoutMs ? { timeoutMs: overrides.timeoutMs } : {}),
  })
}

async function caught(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  expect(error).toBeInstanceOf(AppError)
  const appError = error as AppError
  // Whatever went wrong, a message never carries a token or the payer's data.
  expect(appError.message).not.toMatch(/fake-(access|refresh)-|@example\.org|Arnaud/)
  return appError
}

beforeEach(() => {
  currentTime = Date.parse('2026-03-01T10:00:00Z')
  fake.reset()
  fake.putOrder(individualOrder)
  fake.putOrder(instalmentOrder)
})

describe('createHttpHelloAssoClient', () => {
  it('reads an order with a bearer token and parses it', async () => {
    const order = await client().getOrder(individualOrder.id)

    expect(order).toEqual(individualOrder)
    expect(fake.calls).toMatchObject({ token: 1, orders: 1, grants: ['client_credentials'] })
  })

  it('reads a payment derived from its order', async () => {
    const payment = await client().getPayment(149300105)

    expect(payment).toMatchObject({
      id: 149300105,
      amount: 33300,
      state: 'Pending',
      installmentNumber: 2,
      order: { id: instalmentOrder.id, formType: 'Membership' },
      payer: { company: 'Ressourcerie du Royans' },
      items: [{ id: instalmentOrder.id, type: 'Membership', shareAmount: 33300, amount: 100000 }],
    })
  })

  it('reads a payment stored on its own, as after a refund', async () => {
    fake.putPayment(paymentFromNotification(loadFixture('07_payment_refunded')))

    const payment = await client().getPayment(149300101)

    expect(payment.state).toBe('Refunded')
    expect(payment.refundOperations).toEqual([
      expect.objectContaining({ amount: 5000, amountTip: 500, status: 'Processed' }),
    ])
  })

  it('sends the documented query parameters', async () => {
    const seen: string[] = []
    server.events.on('request:start', ({ request }) => {
      seen.push(new URL(request.url).search)
    })
    try {
      const api = client()
      await api.getOrder(individualOrder.id)
      await api.getPayment(149300101)
    } finally {
      server.events.removeAllListeners('request:start')
    }

    expect(seen).toContain('?withFormData=false')
    expect(seen).toContain('?withFailedRefundOperation=false')
  })

  it('reuses one token across calls', async () => {
    const api = client()

    await api.getOrder(individualOrder.id)
    await api.getPayment(149300101)
    await api.getOrder(instalmentOrder.id)

    expect(fake.calls).toMatchObject({ token: 1, orders: 2, payments: 1 })
  })

  it('makes concurrent first calls share one token request', async () => {
    const api = client()

    await Promise.all([
      api.getOrder(individualOrder.id),
      api.getOrder(instalmentOrder.id),
      api.getPayment(149300101),
      api.getPayment(149300104),
    ])

    expect(fake.calls.token).toBe(1)
  })

  it('asks for a new token before the old one expires', async () => {
    const api = client()
    await api.getOrder(individualOrder.id)

    currentTime += 1800_000

    await api.getOrder(individualOrder.id)
    expect(fake.calls).toMatchObject({ orders: 2, grants: ['client_credentials', 'refresh_token'] })
  })

  it('retries once with a refreshed token when the API answers 401', async () => {
    const api = client()
    await api.getOrder(individualOrder.id)
    fake.expireTokens()

    const order = await api.getOrder(individualOrder.id)

    expect(order.id).toBe(individualOrder.id)
    expect(fake.calls).toMatchObject({ orders: 3, grants: ['client_credentials', 'refresh_token'] })
  })

  it('falls back to client credentials when the refresh token is refused too', async () => {
    const api = client()
    await api.getOrder(individualOrder.id)
    fake.expireTokens()
    fake.revokeRefreshTokens()

    await api.getOrder(individualOrder.id)

    expect(fake.calls.grants).toEqual(['client_credentials', 'refresh_token', 'client_credentials'])
  })

  it('gives up as unauthorized when a fresh token gets 401 too', async () => {
    server.use(http.get(`${API_URL}/orders/:id`, () => HttpResponse.json({}, { status: 401 })))

    const error = await caught(client().getOrder(individualOrder.id))

    expect(error.code).toBe('helloasso.unauthorized')
    expect(fake.calls.token).toBe(2)
  })

  it('reports 403 as unauthorized without retrying', async () => {
    fake.failNext(1, 'status403')

    const error = await caught(client().getOrder(individualOrder.id))

    expect(error.code).toBe('helloasso.unauthorized')
    expect(fake.calls.orders).toBe(1)
  })

  it('reports refused client credentials as unauthorized', async () => {
    const error = await caught(client({ clientSecret: 'wrong-secret-value' }).getOrder(1))

    expect(error.code).toBe('helloasso.unauthorized')
    expect(error.message).not.toContain('wrong-secret-value')
    expect(fake.calls.orders).toBe(0)
  })

  it.each(['status500', 'status503', 'status429', 'network'] as const)(
    'reports %s as unavailable, a transient failure',
    async (kind) => {
      fake.failNext(1, kind)

      const error = await caught(client().getOrder(individualOrder.id))

      expect(error.code).toBe('helloasso.unavailable')
      expect(error.transient).toBe(true)
    },
  )

  it('takes a network error handed back as a response (status 0) for what it is: unavailable', async () => {
    // Response.error() is what an interceptor answers for a network failure; a fetch wrapper
    // may give it back instead of throwing. A real server never answers status 0.
    const unreachable: typeof fetch = async () => Response.error()
    const api = createHttpHelloAssoClient({
      apiUrl: API_URL,
      tokenUrl: TOKEN_URL,
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      now,
      fetch: unreachable,
    })

    const error = await caught(api.getOrder(individualOrder.id))

    expect(error.code).toBe('helloasso.unavailable')
    expect(error.message).toContain('network error')
  })

  it('reports a token endpoint outage as unavailable', async () => {
    fake.failNext(1, 'status503', 'token')

    expect((await caught(client().getPayment(149300101))).code).toBe('helloasso.unavailable')
  })

  it('gives up after timeoutMs and reports unavailable', async () => {
    fake.failNext(1, 'timeout')

    const error = await caught(client({ timeoutMs: 50 }).getOrder(individualOrder.id))

    expect(error.code).toBe('helloasso.unavailable')
    expect(error.message).toContain('no answer within 50 ms')
  })

  it('recovers once the outage is over', async () => {
    const api = client()
    fake.failNext(1, 'status500')
    await caught(api.getOrder(individualOrder.id))

    await expect(api.getOrder(individualOrder.id)).resolves.toMatchObject({
      id: individualOrder.id,
    })
  })

  it('reports an unknown order or payment as not found, which is not retried', async () => {
    const api = client()

    const order = await caught(api.getOrder(999999))
    const payment = await caught(api.getPayment(999999))

    expect([order.code, payment.code]).toEqual(['helloasso.notFound', 'helloasso.notFound'])
    expect(order.transient).toBe(false)
  })

  it('reports a body that is not JSON as an invalid response', async () => {
    fake.failNext(1, 'invalidBody')

    const error = await caught(client().getOrder(individualOrder.id))

    expect(error.code).toBe('helloasso.invalidResponse')
    expect(error.transient).toBe(false)
    expect(String(error.cause)).not.toContain('Maintenance')
  })

  it('names the fields that do not parse, without their values', async () => {
    const broken = structuredClone(individualOrder)
    const [item] = broken.items
    if (item) Object.assign(item, { amount: '50.00' })
    fake.putOrder(broken)

    const error = await caught(client().getOrder(individualOrder.id))

    expect(error.code).toBe('helloasso.invalidResponse')
    expect(error.message).toContain('items.0.amount')
    expect(error.message).not.toContain('50.00')
  })

  it('rejects an answer about another order', async () => {
    server.use(
      http.get(`${API_URL}/orders/:id`, () =>
        HttpResponse.json({ ...individualOrder, id: 158209999 }),
      ),
    )

    expect((await caught(client().getOrder(individualOrder.id))).code).toBe(
      'helloasso.invalidResponse',
    )
  })

  it('refuses an id that is not a positive integer before calling anything', async () => {
    expect((await caught(client().getOrder(-1))).code).toBe('input.invalid')
    expect((await caught(client().getPayment(1.5))).code).toBe('input.invalid')
    expect(fake.calls.token).toBe(0)
  })
})
