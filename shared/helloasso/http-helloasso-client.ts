import { AppError } from '../errors.js'
import type { HelloAssoClient } from './helloasso-client.js'
import { getPublicFormOverHttp, listFormsOverHttp } from './http-forms.js'
import { getJson, type ReadContext } from './http-get-json.js'
import { listOrdersOverHttp } from './http-list-orders.js'
import { OrderSchema, OrganizationSchema, PaymentSchema } from './schemas.js'
import { createTokenProvider } from './token-provider.js'

export interface HttpHelloAssoClientOptions {
  /** API base, e.g. `https://api.helloasso.com/v5`. */
  apiUrl: string
  tokenUrl: string
  clientId: string
  clientSecret: string
  fetch?: typeof fetch
  timeoutMs?: number
  now?: () => number
}

const DEFAULT_TIMEOUT_MS = 10_000

/**
 * HelloAsso API v5 over HTTP. Every read goes out with our own token; a 401 gets one retry
 * with a fresh token because HelloAsso may revoke a token before its `expires_in`.
 */
export function createHttpHelloAssoClient(options: HttpHelloAssoClientOptions): HelloAssoClient {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  // Resolved per call, not captured: test interceptors patch globalThis.fetch after creation.
  const doFetch: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  const tokens = createTokenProvider({
    tokenUrl: options.tokenUrl,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    fetch: doFetch,
    timeoutMs,
    ...(options.now ? { now: options.now } : {}),
  })
  const apiUrl = options.apiUrl.replace(/\/+$/, '')
  const read: ReadContext = { apiUrl, doFetch, timeoutMs, tokens }

  return {
    async getOrder(orderId) {
      const order = await getJson(
        read,
        `/orders/${checkId(orderId)}?withFormData=false`,
        OrderSchema,
      )
      if (order.id !== orderId) throw mismatch('order', orderId)
      return order
    },
    async getPayment(paymentId) {
      const payment = await getJson(
        read,
        `/payments/${checkId(paymentId)}?withFailedRefundOperation=false`,
        PaymentSchema,
      )
      if (payment.id !== paymentId) throw mismatch('payment', paymentId)
      return payment
    },
    getOrganization(slug) {
      return getJson(read, `/organizations/${encodeURIComponent(slug)}`, OrganizationSchema)
    },
    listOrders(query) {
      return listOrdersOverHttp(read, query)
    },
    listForms(organizationSlug) {
      return listFormsOverHttp(read, organizationSlug)
    },
    getPublicForm(organizationSlug, form) {
      return getPublicFormOverHttp(read, organizationSlug, form)
    },
  }
}

function checkId(id: number): number {
  if (!Number.isSafeInteger(id) || id <= 0) {
    throw new AppError('input.invalid', `HelloAsso ids are positive integers, got ${String(id)}`)
  }
  return id
}

function mismatch(kind: string, requested: number): AppError {
  return new AppError(
    'helloasso.invalidResponse',
    `HelloAsso answered with another ${kind} than ${kind} ${requested}`,
  )
}
