import { createHash, randomBytes } from 'node:crypto'
import * as z from 'zod'
import { AppError } from '../../../shared/errors.js'

export interface HostedUiSettings {
  /** Host of the hosted UI: `<prefix>.auth.<region>.amazoncognito.com` or a custom domain. */
  domain: string
  clientId: string
  /** Only for a confidential app client (one with a secret). */
  clientSecret?: string
  /** Absolute URL of GET /staff/auth/callback, exactly as registered on the app client. */
  callbackUrl: string
  /** Where Cognito sends the browser after signing out (a registered sign-out URL). */
  signOutUrl: string
  fetch?: typeof fetch
  timeoutMs?: number
}

/** RFC 7636 S256: the code is useless to whoever intercepts it without the verifier we kept. */
export function createPkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url')
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') }
}

export function authorizeUrl(
  settings: HostedUiSettings,
  request: { state: string; codeChallenge: string },
): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: settings.clientId,
    redirect_uri: settings.callbackUrl,
    // `profile` for the name, `email` for the address: what the audit shows of a person.
    scope: 'openid email profile',
    state: request.state,
    code_challenge: request.codeChallenge,
    code_challenge_method: 'S256',
  })
  return `https://${settings.domain}/oauth2/authorize?${query}`
}

/** Ends the hosted-UI session too: otherwise the next sign-in would go through without a password. */
export function logoutUrl(settings: HostedUiSettings): string {
  const query = new URLSearchParams({
    client_id: settings.clientId,
    logout_uri: settings.signOutUrl,
  })
  return `https://${settings.domain}/logout?${query}`
}

export type CodeExchange = { ok: true; idToken: string } | { ok: false; reason: 'invalid-grant' }

const TokenResponseSchema = z.object({ id_token: z.string().min(1) })
const TokenErrorSchema = z.object({ error: z.string() })

/**
 * Trades the authorization code for tokens at the hosted UI's token endpoint. A used or expired
 * code is the user's to retry; a refused client is a configuration error, an outage a failure.
 */
export async function exchangeCode(
  settings: HostedUiSettings,
  grant: { code: string; verifier: string },
): Promise<CodeExchange> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' }
  if (settings.clientSecret) {
    // As Cognito documents it: base64 of `id:secret`, unencoded (both are URL-safe already).
    const basic = Buffer.from(`${settings.clientId}:${settings.clientSecret}`).toString('base64')
    headers.authorization = `Basic ${basic}`
  }
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    client_id: settings.clientId,
    code: grant.code,
    redirect_uri: settings.callbackUrl,
    code_verifier: grant.verifier,
  })
  const response = await post(settings, headers, body)
  const json: unknown = await response.json().catch(() => undefined)
  if (response.ok) {
    const tokens = TokenResponseSchema.safeParse(json)
    if (tokens.success) return { ok: true, idToken: tokens.data.id_token }
    throw new AppError(
      'config.invalid',
      'Cognito answered the code exchange without an id_token: allow the openid scope on the app client',
    )
  }
  const error = TokenErrorSchema.safeParse(json).data?.error
  if (response.status === 400 && error === 'invalid_grant')
    return { ok: false, reason: 'invalid-grant' }
  if (response.status >= 400 && response.status < 500) {
    throw new AppError(
      'config.invalid',
      `Cognito refused the code exchange (${response.status} ${error ?? 'no error code'}): check the app client id, its secret and its callback URL`,
    )
  }
  throw new AppError('runtime.unavailable', `Cognito token endpoint answered ${response.status}`)
}

async function post(
  settings: HostedUiSettings,
  headers: Record<string, string>,
  body: URLSearchParams,
): Promise<Response> {
  const fetchImpl = settings.fetch ?? fetch
  try {
    return await fetchImpl(`https://${settings.domain}/oauth2/token`, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(settings.timeoutMs ?? 10_000),
    })
  } catch (cause) {
    throw new AppError('runtime.unavailable', 'Cognito token endpoint unreachable', { cause })
  }
}
