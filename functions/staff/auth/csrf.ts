import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { html } from 'hono/html'
import { secretMatches } from '../../../shared/ingest/secret-matches.js'
import { mac } from '../../../shared/staff/auth/signed-value.js'
import type { StaffEnv } from './staff-env.js'

/** Form field and header that carry the token. */
export const CSRF_FIELD = 'csrf'
export const CSRF_HEADER = 'x-csrf-token'

const CSRF_PURPOSE = 'staff-csrf.v1'
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * HMAC of the session id under the session key: stateless, different for every session, and
 * useless to an attacker without the HttpOnly cookie it is bound to.
 */
export function csrfTokenFor(sessionId: string, key: string): string {
  return mac(CSRF_PURPOSE, sessionId, key)
}

export function csrfTokenMatches(presented: string | undefined, expected: string): boolean {
  return presented !== undefined && secretMatches(presented, expected)
}

/** The token to put in a form of a page served behind requireStaff ('' for bearer requests). */
export function csrfToken(c: Context<StaffEnv>): string {
  return c.get('csrfToken') ?? ''
}

/** `<input type="hidden" name="csrf" value="…">`, to put in every state-changing form. */
export function csrfField(c: Context<StaffEnv>) {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${csrfToken(c)}" />`
}

/**
 * Refuses any non-safe method authenticated by the session cookie unless it carries the session's
 * token, in the `x-csrf-token` header (fetch, JSON) or the `csrf` form field. Bearer requests pass:
 * the browser never attaches that header by itself, so there is no ambient credential to abuse.
 * Placed after requireStaff (which already runs it); anything unauthenticated is refused.
 */
export const requireCsrf = createMiddleware<StaffEnv>(async (c, next) => {
  if (SAFE_METHODS.has(c.req.method) || c.get('staffCredential') === 'bearer') return next()
  const expected = c.get('csrfToken')
  if (expected && csrfTokenMatches(await presentedCsrfToken(c), expected)) return next()
  return c.json(
    { error: 'Jeton de sécurité (CSRF) absent ou invalide : rechargez la page puis réessayez.' },
    403,
  )
})

/** Reading the form here leaves it cached on the request for the route handler. */
export async function presentedCsrfToken(c: Context): Promise<string | undefined> {
  const header = c.req.header(CSRF_HEADER)
  if (header) return header
  try {
    const field = (await c.req.parseBody())[CSRF_FIELD]
    return typeof field === 'string' ? field : undefined
  } catch {
    return undefined
  }
}
