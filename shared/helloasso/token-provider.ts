import { AppError } from '../errors.js'
import { TokenResponseSchema } from './schemas.js'

/**
 * OAuth2 access tokens for the HelloAsso API (client-credentials flow, HelloAsso docs
 * "getting-started"). A token is reused until shortly before it expires, concurrent callers
 * share one token request, and a token the API refused can be dropped with `invalidate()`.
 */
export interface TokenProvider {
  getToken(): Promise<string>
  /** Drops the cached token. Given the refused token, drops it only if it is still the current one. */
  invalidate(token?: string): void
}

export interface TokenProviderOptions {
  tokenUrl: string
  clientId: string
  clientSecret: string
  fetch?: typeof fetch
  /** Milliseconds since the epoch; injected so tests can move time. */
  now?: () => number
  timeoutMs?: number
}

/** Renew this long before expiry so a token never dies between getToken() and the API call. */
const EXPIRY_MARGIN_MS = 60_000
/**
 * HelloAsso refresh tokens live 30 days (docs "getting-started"; the WooCommerce plugin and
 * CiviCRM use the same figure). The response gives no expiry for them, so assume one day less.
 */
const REFRESH_TOKEN_LIFETIME_MS = 29 * 24 * 60 * 60 * 1000
const DEFAULT_TIMEOUT_MS = 10_000

interface CachedToken {
  accessToken: string
  expiresAt: number
}

interface RefreshToken {
  value: string
  expiresAt: number
}

export function createTokenProvider(options: TokenProviderOptions): TokenProvider {
  const now = options.now ?? Date.now
  let current: CachedToken | undefined
  let refresh: RefreshToken | undefined
  let inFlight: Promise<CachedToken> | undefined

  async function obtain(): Promise<CachedToken> {
    const usableRefresh = refresh && refresh.expiresAt > now() ? refresh.value : undefined
    refresh = undefined
    if (usableRefresh) {
      try {
        return await grant({
          grant_type: 'refresh_token',
          client_id: options.clientId,
          refresh_token: usableRefresh,
        })
      } catch {
        // A refused or failed refresh costs nothing: client credentials work on their own.
      }
    }
    return grant({
      grant_type: 'client_credentials',
      client_id: options.clientId,
      client_secret: options.clientSecret,
    })
  }

  async function grant(form: Record<string, string>): Promise<CachedToken> {
    // Timed from the request, not the answer: the server's clock started no later than that.
    const issuedAt = now()
    const body = await postTokenRequest(options, form)
    const lifetimeMs = body.expires_in * 1000
    if (body.refresh_token) {
      refresh = { value: body.refresh_token, expiresAt: issuedAt + REFRESH_TOKEN_LIFETIME_MS }
    }
    return {
      accessToken: body.access_token,
      expiresAt: issuedAt + lifetimeMs - Math.min(EXPIRY_MARGIN_MS, lifetimeMs / 2),
    }
  }

  function startRequest(): Promise<CachedToken> {
    const request: Promise<CachedToken> = obtain().then(
      (token) => {
        inFlight = undefined
        current = token
        return token
      },
      (error: unknown) => {
        inFlight = undefined
        throw error
      },
    )
    inFlight = request
    return request
  }

  return {
    async getToken() {
      if (current && current.expiresAt > now()) return current.accessToken
      const token = await (inFlight ?? startRequest())
      return token.accessToken
    },
    invalidate(token) {
      if (token === undefined || current?.accessToken === token) current = undefined
    },
  }
}

async function postTokenRequest(
  options: TokenProviderOptions,
  form: Record<string, string>,
): Promise<{ access_token: string; expires_in: number; refresh_token?: string | undefined }> {
  const doFetch = options.fetch ?? globalThis.fetch
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const grant = form.grant_type ?? 'unknown'
  let response: Response
  let text: string
  try {
    response = await doFetch(options.tokenUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: new URLSearchParams(form).toString(),
      signal: AbortSignal.timeout(timeoutMs),
    })
    // A network error handed back as a response (status 0) is a network error (http-get-json.ts).
    if (response.type === 'error') throw new TypeError('network error (Response.error)')
    text = await response.text()
  } catch (error) {
    throw new AppError(
      'helloasso.unavailable',
      `HelloAsso token endpoint unreachable (${grant} grant): ${describeFetchFailure(error, timeoutMs)}`,
      { cause: error },
    )
  }
  if (response.status === 429 || response.status >= 500) {
    throw new AppError(
      'helloasso.unavailable',
      `HelloAsso token endpoint answered ${response.status} (${grant} grant)`,
    )
  }
  if (!response.ok) {
    throw new AppError(
      'helloasso.unauthorized',
      `HelloAsso token endpoint refused the ${grant} grant with ${response.status}${oauthErrorCode(text)}: check HELLOASSO_CLIENT_ID and HELLOASSO_CLIENT_SECRET`,
    )
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    // No cause: JSON.parse quotes the start of the body, which may be a token.
    throw new AppError(
      'helloasso.invalidResponse',
      `HelloAsso token endpoint answered ${response.status} with a body that is not JSON`,
    )
  }
  const parsed = TokenResponseSchema.safeParse(json)
  if (!parsed.success) {
    // The body holds tokens: name the fields that failed, never their values.
    const fields = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)').join(', ')
    throw new AppError(
      'helloasso.invalidResponse',
      `HelloAsso token response is missing or has invalid fields: ${fields}`,
    )
  }
  return parsed.data
}

/** Only the standard OAuth2 error code (`invalid_client`…), never the description or the body. */
function oauthErrorCode(text: string): string {
  try {
    const body: unknown = JSON.parse(text)
    if (typeof body === 'object' && body !== null && 'error' in body) {
      const code = body.error
      if (typeof code === 'string' && /^[a-z_]{1,40}$/.test(code)) return ` (${code})`
    }
  } catch {
    // Not JSON: the status alone says enough.
  }
  return ''
}

export function describeFetchFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === 'TimeoutError')
    return `no answer within ${timeoutMs} ms`
  if (error instanceof Error) return `${error.name}: ${error.message}`
  return 'network error'
}
