import type { z } from 'zod'
import { AppError } from '../errors.js'
import type { HelloAssoClient } from './helloasso-client.js'
import { OrderSchema, PaymentSchema } from './schemas.js'
import { createTokenProvider, describeFetchFailure, type TokenProvider } from './token-provider.js'

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
  const read = { apiUrl, doFetch, timeoutMs, tokens }

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
  }
}

interface ReadContext {
  apiUrl: string
  doFetch: typeof fetch
  timeoutMs: number
  tokens: TokenProvider
}

async function getJson<T>(context: ReadContext, path: string, schema: z.ZodType<T>): Promise<T> {
  const label = `GET ${path.split('?')[0]}`
  for (let attempt = 1; ; attempt++) {
    const token = await context.tokens.getToken()
    const { response, text } = await send(context, path, token, label)
    if (response.status === 401) {
      context.tokens.invalidate(token)
      if (attempt < 2) continue
      throw new AppError(
        'helloasso.unauthorized',
        `HelloAsso refused a fresh token on ${label} (401): check the API client's credentials`,
      )
    }
    if (response.status === 403) {
      throw new AppError(
        'helloasso.unauthorized',
        `HelloAsso denied ${label} (403): the API client needs the AccessTransactions privilege on this organisation`,
      )
    }
    if (response.status === 404) {
      throw new AppError('helloasso.notFound', `HelloAsso has no such resource: ${label} (404)`)
    }
    if (response.status === 429 || response.status >= 500) {
      throw new AppError(
        'helloasso.unavailable',
        `HelloAsso answered ${response.status} on ${label}`,
      )
    }
    if (!response.ok) {
      // Any other status is not something a retry would change.
      throw new AppError(
        'helloasso.invalidResponse',
        `HelloAsso answered an unexpected ${response.status} on ${label}`,
      )
    }
    return parseBody(text, schema, label)
  }
}

async function send(
  context: ReadContext,
  path: string,
  token: string,
  label: string,
): Promise<{ response: Response; text: string }> {
  try {
    // The timeout covers the body too: a server that stalls mid-body is as unavailable as a silent one.
    const response = await context.doFetch(`${context.apiUrl}${path}`, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      signal: AbortSignal.timeout(context.timeoutMs),
    })
    return { response, text: await response.text() }
  } catch (error) {
    throw new AppError(
      'helloasso.unavailable',
      `HelloAsso API unreachable on ${label}: ${describeFetchFailure(error, context.timeoutMs)}`,
      { cause: error },
    )
  }
}

function parseBody<T>(text: string, schema: z.ZodType<T>, label: string): T {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    // No cause: JSON.parse quotes the start of the body, which may be personal data.
    throw new AppError('helloasso.invalidResponse', `HelloAsso answered ${label} with non-JSON`)
  }
  const parsed = schema.safeParse(json)
  if (parsed.success) return parsed.data
  // Paths and issue codes only: the values are personal data.
  const issues = parsed.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(root)'} (${issue.code})`)
    .join(', ')
  throw new AppError(
    'helloasso.invalidResponse',
    `HelloAsso answer to ${label} does not match the expected shape: ${issues}`,
  )
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
