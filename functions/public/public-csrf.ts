import { randomBytes } from 'node:crypto'
import type { Context } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { secretMatches } from '../../shared/ingest/secret-matches.js'

export const PUBLIC_CSRF_FIELD = 'csrf'
const COOKIE = 'recus_csrf'

/**
 * Public forms have no session: a random value in a SameSite=Strict, HttpOnly cookie, repeated in
 * the form (double submit). Another site can neither read it nor make the browser send the
 * cookie with its own POST, so it cannot forge a request.
 */
export function publicCsrfToken(c: Context): string {
  const existing = getCookie(c, COOKIE)
  if (existing && /^[A-Za-z0-9_-]{32}$/.test(existing)) return existing
  const token = randomBytes(24).toString('base64url')
  setCookie(c, COOKIE, token, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    secure: new URL(c.req.url).protocol === 'https:',
  })
  return token
}

/** Whether a POST carries the cookie's value in its form, and comes from our own pages. */
export function publicCsrfValid(c: Context, presented: unknown): boolean {
  const origin = c.req.header('origin')
  if (origin && origin !== new URL(c.req.url).origin && origin !== forwardedOrigin(c)) return false
  const cookie = getCookie(c, COOKIE)
  return typeof presented === 'string' && cookie !== undefined && secretMatches(presented, cookie)
}

/** Behind API Gateway or a proxy, the request URL may name the internal host. */
function forwardedOrigin(c: Context): string | undefined {
  const host = c.req.header('x-forwarded-host') ?? c.req.header('host')
  const proto = c.req.header('x-forwarded-proto') ?? new URL(c.req.url).protocol.replace(':', '')
  return host ? `${proto}://${host}` : undefined
}
