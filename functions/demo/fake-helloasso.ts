import { randomUUID } from 'node:crypto'
import { type HttpHandler, HttpResponse, http } from 'msw'
import type { Order, Payment } from '../../shared/helloasso/schemas.js'

/**
 * An in-memory HelloAsso API v5 behind msw: the OAuth2 token endpoint, the order and payment
 * reads, the organisation's public record and its order list (paged on a continuation token), with the failures a real integration meets (5xx, hangs, network errors,
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
  /** Pages requested from GET /organizations/{slug}/orders. */
  orderLists: number
  /** Slugs asked of GET /organizations/{slug}, in order. */
  organizations: string[]
  /** `grant_type` of each token request, in order. */
  grants: string[]
  /** Requests to the organisation's form list and to one form's public page. */
  forms: number
}

/**
 * How GET /organizations/{slug}/orders pages. By default it is well behaved: true totals and
 * no token on the last page.
 */
export interface FakeOrderListBehaviour {
  /** The largest page served whatever `pageSize` asks, to get several pages from a few orders. */
  maxPageSize?: number
  /** As since April 2025: `totalCount`, `totalPages` and `pageIndex` say page 1 of 1, always. */
  lyingTotals?: boolean
  /** Every page carries a token, so the list ends on an empty page that has one too. */
  emptyLastPageWithToken?: boolean
  /** Every page answers the token it was asked with (a broken cursor). */
  stuckToken?: boolean
}

export interface FakeHelloAsso {
  handlers: HttpHandler[]
  clientId: string
  clientSecret: string
  /** Stores an order; its payments become readable through GET /payments/{id} too. */
  putOrder(order: Order): void
  /** Stores a payment as is, taking precedence over the one derived from its order. */
  putPayment(payment: Payment): void
  /**
   * Stores a form as GET /organizations/{slug}/forms/{formType}/{formSlug}/public answers it
   * (FormPublicModel: `formSlug`, `formType`, `organizationSlug`, `tiers[]`…); it is listed by
   * GET /organizations/{slug}/forms too.
   */
  putForm(form: Record<string, unknown>): void
  /** Serves GET /organizations/{organizationSlug} (OrganizationPublicModel) for this record. */
  putOrganization(organization: {
    organizationSlug: string
    rnaNumber?: string | null
    name?: string
    address?: string
    zipCode?: string
    city?: string
    fiscalReceiptIssuanceEnabled?: boolean
  }): void
  /** Forgets an order, as HelloAsso would answer 404 for an order it no longer knows. */
  removeOrder(orderId: number): void
  /** Changes a stored payment's state (and any other fields in `extra`) wherever it appears. */
  setPaymentState(paymentId: number, state: string, extra?: Record<string, unknown>): void
  /** The next `count` requests to the API (or to the token endpoint) fail with `kind`. */
  failNext(count: number, kind: FakeFailure, target?: 'api' | 'token'): void
  /** The request for page `page` (1-based) of the order list fails once with `kind`. */
  failListPage(page: number, kind: FakeFailure): void
  setOrderListBehaviour(behaviour: FakeOrderListBehaviour): void
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
  const forms = new Map<string, Json>()
  const payments = new Map<number, Json>()
  const organizations = new Map<string, Json>()
  const accessTokens = new Map<string, number>()
  const refreshTokens = new Set<string>()
  const failures: Record<'api' | 'token', FakeFailure[]> = { api: [], token: [] }
  const calls: FakeHelloAssoCalls = {
    token: 0,
    orders: 0,
    payments: 0,
    orderLists: 0,
    organizations: [],
    grants: [],
    forms: 0,
  }
  const listPageFailures = new Map<number, FakeFailure>()
  let listBehaviour: FakeOrderListBehaviour = {}

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

  const orderListHandler = http.get(
    `${apiUrl}/organizations/:slug/orders`,
    async ({ request, params }) => {
      calls.orderLists++
      const url = new URL(request.url)
      const page = listPage(
        [...orders.values()],
        String(params.slug),
        url.searchParams,
        listBehaviour,
      )
      const failure = await applyFailure(listPageFailures.get(page.pageIndex), request)
      if (failure) {
        listPageFailures.delete(page.pageIndex)
        return failure
      }
      return answer(request, () => page.body)
    },
  )

  const formListHandler = http.get(
    `${apiUrl}/organizations/:slug/forms`,
    async ({ request, params }) => {
      calls.forms++
      const data = [...forms.values()]
        .filter((form) => form.organizationSlug === params.slug)
        .map((form) => {
          const { tiers: _tiers, ...light } = form
          return light
        })
      return answer(request, () => ({ data, pagination: { continuationToken: null } }))
    },
  )

  const publicFormHandler = http.get(
    `${apiUrl}/organizations/:slug/forms/:formType/:formSlug/public`,
    async ({ request, params }) => {
      calls.forms++
      const form = forms.get(`${params.formType}/${params.formSlug}`)
      return answer(request, () => (form?.organizationSlug === params.slug ? form : undefined))
    },
  )

  const organizationHandler = http.get(
    `${apiUrl}/organizations/:slug`,
    async ({ request, params }) => {
      calls.organizations.push(String(params.slug))
      return answer(request, () => organizations.get(String(params.slug)))
    },
  )

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
    handlers: [
      tokenHandler,
      orderHandler,
      paymentHandler,
      orderListHandler,
      formListHandler,
      publicFormHandler,
      organizationHandler,
    ],
    clientId,
    clientSecret,
    putOrder(order) {
      orders.set(order.id, structuredClone(order) as Json)
    },
    putForm(form) {
      forms.set(`${form.formType}/${form.formSlug}`, structuredClone(form) as Json)
    },
    putPayment(payment) {
      payments.set(payment.id, structuredClone(payment) as Json)
    },
    putOrganization(organization) {
      organizations.set(organization.organizationSlug, {
        name: 'Organisation',
        type: 'Association1901Rig',
        fiscalReceiptEligibility: true,
        ...structuredClone(organization),
      })
    },
    removeOrder(orderId) {
      orders.delete(orderId)
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
    failListPage(page, kind) {
      listPageFailures.set(page, kind)
    },
    setOrderListBehaviour(behaviour) {
      listBehaviour = { ...behaviour }
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
      forms.clear()
      payments.clear()
      organizations.clear()
      accessTokens.clear()
      refreshTokens.clear()
      failures.api.length = 0
      failures.token.length = 0
      listPageFailures.clear()
      listBehaviour = {}
      Object.assign(calls, {
        token: 0,
        orders: 0,
        payments: 0,
        orderLists: 0,
        grants: [],
        forms: 0,
        organizations: [],
      })
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

/**
 * One page of the organisation's orders, filtered as HelloAsso documents it (`from` inclusive,
 * `to` exclusive, `formTypes`), sorted by date. The continuation token is an opaque offset.
 */
function listPage(
  all: Json[],
  slug: string,
  query: URLSearchParams,
  behaviour: FakeOrderListBehaviour,
): { pageIndex: number; body: Json } {
  const matching = filterOrders(all, slug, query)
  const asked = Number(query.get('pageSize') ?? 20)
  const pageSize = Math.min(asked, behaviour.maxPageSize ?? asked)
  const token = query.get('continuationToken')
  const offset = token ? decodeOffset(token) : 0
  const data = matching.slice(offset, offset + pageSize)
  const pageIndex = Math.floor(offset / pageSize) + 1
  const next = offset + data.length
  const continuationToken = behaviour.stuckToken
    ? (token ?? encodeOffset(next))
    : behaviour.emptyLastPageWithToken || next < matching.length
      ? encodeOffset(next)
      : null
  const totalPages = Math.ceil(matching.length / pageSize)
  const pagination = behaviour.lyingTotals
    ? { pageSize, totalCount: 1, pageIndex: 1, totalPages: 1, continuationToken }
    : { pageSize, totalCount: matching.length, pageIndex, totalPages, continuationToken }
  return { pageIndex, body: structuredClone({ data, pagination }) }
}

function filterOrders(all: Json[], slug: string, query: URLSearchParams): Json[] {
  const formTypes = query.getAll('formTypes')
  const from = query.get('from')
  const to = query.get('to')
  const time = (order: Json) => Date.parse(String(order.date))
  const sign = query.get('sortOrder') === 'Asc' ? 1 : -1
  return all
    .filter((order) => order.organizationSlug === slug)
    .filter((order) => formTypes.length === 0 || formTypes.includes(String(order.formType)))
    .filter((order) => !from || time(order) >= Date.parse(from))
    .filter((order) => !to || time(order) < Date.parse(to))
    .sort((a, b) => sign * (time(a) - time(b) || Number(a.id) - Number(b.id)))
}

function encodeOffset(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64url')
}

function decodeOffset(token: string): number {
  const { offset } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
    offset: number
  }
  return offset
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
