import * as z from 'zod/mini'
import { AppError } from '../errors.js'
import { describeFetchFailure, type TokenProvider } from './token-provider.js'

/** What every authenticated read of the HelloAsso API needs. */
export interface ReadContext {
  apiUrl: string
  doFetch: typeof fetch
  timeoutMs: number
  tokens: TokenProvider
}

/**
 * One authenticated GET, with the error mapping every read shares: a 401 gets one retry with a
 * fresh token (HelloAsso may revoke a token before its `expires_in`), 403 and a second 401 are
 * 'helloasso.unauthorized', 404 'helloasso.notFound', 429 and 5xx 'helloasso.unavailable'.
 */
export async function getJson<T>(
  context: ReadContext,
  path: string,
  schema: z.core.$ZodType<T>,
): Promise<T> {
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

function parseBody<T>(text: string, schema: z.core.$ZodType<T>, label: string): T {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    // No cause: JSON.parse quotes the start of the body, which may be personal data.
    throw new AppError('helloasso.invalidResponse', `HelloAsso answered ${label} with non-JSON`)
  }
  const parsed = z.safeParse(schema, json)
  if (parsed.success) return parsed.data
  throw new AppError(
    'helloasso.invalidResponse',
    `HelloAsso answer to ${label} does not match the expected shape: ${describeIssues(parsed.error)}`,
  )
}

/** Paths and issue codes only: the values are personal data. */
export function describeIssues(error: z.core.$ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(root)'} (${issue.code})`)
    .join(', ')
}
