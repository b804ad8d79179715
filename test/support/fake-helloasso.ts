import { randomUUID } from 'node:crypto'
import { type HttpHandler, HttpResponse, http } from 'msw'
import type { Order, Payment } from '../../shared/helloasso/schemas.js'

/**
 * An in-memory HelloAsso API v5 behind msw: the OAuth2 token endpoint and the order and
 * payment reads, with the failures a real integration meets (5xx, hangs, network errors,
 * refused and expired tokens). Register `handlers` with setupMswServer().
 */
export type FakeFailure =
  | 'status500'
  | 'status503'
  | 'status429'
  | 'status403'
  | 'timeout'
  | 'network'
  | 'invalidBody'

export interface FakeHelloAssoOptions {
  apiUrl: string
  tokenUrl: string
  clientId?: string
  clientSecret?: string
  /** `expires_in` of issued access tokens; HelloAsso's is 1800 (30 min). */
  tokenLifetimeSeconds?: number
  /** Clock for token expiry; share it with the client under test to move time. */
  now?: () => number
}

export interface FakeHelloAssoCalls {
  token: number
  orders: number
  payments: number
  /** `grant_type` of each token request, in order. */
  grants: string[]
}

export interface FakeHelloAsso {
  handlers: HttpHandler[]
  clientId: string
  clientSecret: string
  /** Stores an order; its payments become readable through GET /payments/{id} too. */
  putOrder(order: Order): void
  /** Stores a payment as is, taking precedence over the one derived from its order. */
  putPayment(payment: Payment): void
  /** Changes a stored payment's state (and any other fields in `extra`) wherever it appears. */
  setPaymentState(paymentId: number, state: string, extra?: Record<string, unknown>): void
  /** The next `count` requests to the API (or to the token endpoint) fail with `kind`. */
  failNext(count: number, kind: FakeFailure, target?: 'api' | 'token'): void
  /** Every access token issued so far is now refused with 401, as after a revocation. */
  expireTokens(): void
  /** Every refresh token issued so far is now refused with 400 invalid_grant. */
  revokeRefreshTokens(): void
  calls: FakeHelloAssoCalls
  reset(): void
}

type Json = Record<string, unknown>

const ORDER_LIGHT_FIELDS = [
  'id',
  'date',
  'formSlug',
  'formType',
  'organizationName',
  'organizationSlug',
  'organizationType',
  'organizationIsUnderColucheLaw',
  'checkoutIntentId',
  'formName',
  'meta',
  'isAnonymous',
  'isAmountHidden',
] as const

export function createFakeHelloAsso(options: FakeHelloAssoOptions): FakeHelloAsso {
  const clientId = options.clientId ?? 'fake-client-id'
  const clientSecret = options.clientSecret ?? 'fake-client-secret'
  const lifetimeSeconds = options.tokenLifetimeSeconds ?? 1800
  const now = options.now ?? Date.now
  const apiUrl = options.apiUrl.replace(/\/+$/, '')

  const orders = new Map<number, Json>()
  const payments = new Map<number, Json>()
  const accessTokens = new Map<string, number>()
  const refreshTokens = new Set<string>()
  const failures: Record<'api' | 'token', FakeFailure[]> = { api: [], token: [] }
  const calls: FakeHelloAssoCalls = { token: 0, orders: 0, payments: 0, grants: [] }

  function issueToken(): Response {
    const accessToken = `fake-access-${randomUUID()}`
    const refreshToken = `fake-refresh-${randomUUID()}`
    accessTokens.set(accessToken, now() + lifetimeSeconds * 1000)
    refreshTokens.add(refreshToken)
    return HttpResponse.json({
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: lifetimeSeconds,
      refresh_token: refreshToken,
    })
  }

  function isAuthorized(request: Request): boolean {
    const match = /^Bearer (\S+)$/i.exec(request.headers.get('authorization') ?? '')
    const expiresAt = match?.[1] ? accessTokens.get(match[1]) : undefined
    return expiresAt !== undefined && expiresAt > now()
  }

  const tokenHandler = http.post(options.tokenUrl, async ({ request }) => {
    calls.token++
    const failure = await applyFailure(failures.token.shift(), request)
    if (failure) return failure
    if (!request.headers.get('content-type')?.includes('application/x-www-form-urlencoded')) {
      return oauthError(400, 'invalid_request')
    }
    const form = new URLSearchParams(await request.text())
    const grant = form.get('grant_type') ?? ''
    calls.grants.push(grant)
    if (form.get('client_id') !== clientId) return oauthError(401, 'invalid_client')
    if (grant === 'client_credentials') {
      if (form.get('client_secret') !== clientSecret) return oauthError(401, 'invalid_client')
      return issueToken()
    }
    if (grant === 'refresh_token') {
      const refreshToken = form.get('refresh_token') ?? ''
      // Rotation: a refresh token is good for one use, like most OAuth2 servers do.
      if (!refreshTokens.delete(refreshToken)) return oauthError(400, 'invalid_grant')
      return issueToken()
    }
    return oauthError(400, 'unsupported_grant_type')
  })

  const orderHandler = http.get(`${apiUrl}/orders/:id`, async ({ request, params }) => {
    calls.orders++
    return answer(request, () => orders.get(Number(params.id)))
  })

  const paymentHandler = http.get(`${apiUrl}/payments/:id`, async ({ request, params }) => {
    calls.payments++
    return answer(request, () => findPayment(Number(params.id)))
  })

  async function answer(request: Request, find: () => Json | undefined): Promise<Response> {
    const failure = await applyFailure(failures.api.shift(), request)
    if (failure) return failure
    if (!isAuthorized(request)) {
      return HttpResponse.json({ message: 'Unauthorized' }, { status: 401 })
    }
    const found = find()
    if (!found) return HttpResponse.json({ message: 'Not found' }, { status: 404 })
    return HttpResponse.json(found)
  }

  function findPayment(paymentId: number): Json | undefined {
    const stored = payments.get(paymentId)
    if (stored) return stored
    for (const order of orders.values()) {
      const payment = paymentsOf(order).find((candidate) => candidate.id === paymentId)
      if (payment) return derivePaymentDetail(order, payment)
    }
    return undefined
  }

  return {
    handlers: [tokenHandler, orderHandler, paymentHandler],
    clientId,
    clientSecret,
    putOrder(order) {
      orders.set(order.id, structuredClone(order) as Json)
    },
    putPayment(payment) {
      payments.set(payment.id, structuredClone(payment) as Json)
    },
    setPaymentState(paymentId, state, extra = {}) {
      const targets = [payments.get(paymentId)]
      for (const order of orders.values()) {
        targets.push(...paymentsOf(order).filter((candidate) => candidate.id === paymentId))
      }
      const found = targets.filter((target) => target !== undefined)
      if (found.length === 0) throw new Error(`fake HelloAsso: no payment ${paymentId}`)
      for (const target of found) Object.assign(target, structuredClone(extra), { state })
    },
    failNext(count, kind, target = 'api') {
      for (let i = 0; i < count; i++) failures[target].push(kind)
    },
    expireTokens() {
      for (const token of accessTokens.keys()) accessTokens.set(token, Number.NEGATIVE_INFINITY)
    },
    revokeRefreshTokens() {
      refreshTokens.clear()
    },
    calls,
    reset() {
      orders.clear()
      payments.clear()
      accessTokens.clear()
      refreshTokens.clear()
      failures.api.length = 0
      failures.token.length = 0
      Object.assign(calls, { token: 0, orders: 0, payments: 0, grants: [] })
    },
  }
}

/**
 * GET /payments/{id} as HelloAsso builds it from the order (PaymentDetail in the OpenAPI file):
 * the order's light fields, the payer, the payment's own fields, and one entry per item it pays
 * with the item's fields and this payment's share of it.
 */
export function derivePaymentDetail(order: Json, payment: Json): Json {
  const orderLight: Json = {}
  for (const field of ORDER_LIGHT_FIELDS) {
    if (order[field] !== undefined) orderLight[field] = order[field]
  }
  const orderItems = Array.isArray(order.items) ? (order.items as Json[]) : []
  const shares = Array.isArray(payment.items) ? (payment.items as Json[]) : []
  const items = shares.map((share) => {
    const item = orderItems.find((candidate) => candidate.id === share.id) ?? {}
    return {
      ...pick(share, ['shareAmount', 'shareItemAmount', 'shareOptionsAmount']),
      id: share.id,
      ...pick(item, ['amount', 'type', 'initialAmount', 'state', 'name']),
    }
  })
  const { items: _shares, ...paymentFields } = payment
  return structuredClone({ order: orderLight, payer: order.payer, items, ...paymentFields })
}

function paymentsOf(order: Json): Json[] {
  return Array.isArray(order.payments) ? (order.payments as Json[]) : []
}

function pick(source: Json, fields: readonly string[]): Json {
  const picked: Json = {}
  for (const field of fields) if (source[field] !== undefined) picked[field] = source[field]
  return picked
}

function oauthError(status: number, error: string): Response {
  return HttpResponse.json({ error }, { status })
}

async function applyFailure(
  kind: FakeFailure | undefined,
  request: Request,
): Promise<Response | undefined> {
  switch (kind) {
    case undefined:
      return undefined
    case 'status500':
      return HttpResponse.json({ message: 'Internal Server Error' }, { status: 500 })
    case 'status503':
      return HttpResponse.text('Service Unavailable', { status: 503 })
    case 'status429':
      return HttpResponse.json({ message: 'Too Many Requests' }, { status: 429 })
    case 'status403':
      return HttpResponse.json({ message: 'Forbidden' }, { status: 403 })
    case 'invalidBody':
      return HttpResponse.text('<html><body>Maintenance</body></html>', { status: 200 })
    case 'network':
      return HttpResponse.error()
    case 'timeout':
      // Hang until the client gives up: its own AbortSignal ends the wait, no timer involved.
      await new Promise<void>((resolve) => {
        if (request.signal.aborted) resolve()
        else request.signal.addEventListener('abort', () => resolve(), { once: true })
      })
      return HttpResponse.error()
  }
}
