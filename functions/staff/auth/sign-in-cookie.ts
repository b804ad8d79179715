import { randomBytes } from 'node:crypto'
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import * as z from 'zod'
import { openValue, signValue } from '../../../shared/staff/auth/signed-value.js'
import { type SessionCookieSettings, staffCookieOptions } from './session-cookie.js'

/** Long enough to type a token or get through the hosted UI (with MFA), short if left open. */
const ATTEMPT_TTL_MS = 15 * 60 * 1000
const ATTEMPT_PURPOSE = 'staff-sign-in.v1'

/**
 * One sign-in in progress in this browser, before any session exists. Its nonce is the OAuth
 * `state` (hosted UI) or keys the sign-in form's CSRF token (local): either way a sign-in can only
 * be completed by the browser that started it, so nobody can sign a victim into their own account.
 */
export interface SignInAttempt {
  nonce: string
  returnPath: string
  /** PKCE code verifier (hosted UI only). */
  verifier?: string
}

const AttemptPayloadSchema = z.object({
  nonce: z.string().min(16),
  returnPath: z.string(),
  verifier: z.string().optional(),
  exp: z.number(),
})

export function signInCookieName(secure: boolean): string {
  return secure ? '__Host-staff-sign-in' : 'staff-sign-in'
}

export function startSignInAttempt(
  c: Context,
  settings: SessionCookieSettings,
  start: { returnPath: string; verifier?: string },
): SignInAttempt {
  const attempt: SignInAttempt = { nonce: randomBytes(18).toString('base64url'), ...start }
  const value = signValue(
    ATTEMPT_PURPOSE,
    { ...attempt, exp: settings.now() + ATTEMPT_TTL_MS },
    settings.key,
  )
  setCookie(
    c,
    signInCookieName(settings.secure),
    value,
    staffCookieOptions(settings.secure, ATTEMPT_TTL_MS / 1000),
  )
  return attempt
}

export function readSignInAttempt(
  c: Context,
  settings: SessionCookieSettings,
): SignInAttempt | undefined {
  const value = getCookie(c, signInCookieName(settings.secure))
  if (value === undefined) return undefined
  const payload = AttemptPayloadSchema.safeParse(openValue(ATTEMPT_PURPOSE, value, settings.key))
  if (!payload.success || payload.data.exp <= settings.now()) return undefined
  const { exp: _exp, ...attempt } = payload.data
  return attempt
}

export function clearSignInAttempt(c: Context, settings: Pick<SessionCookieSettings, 'secure'>) {
  deleteCookie(c, signInCookieName(settings.secure), staffCookieOptions(settings.secure))
}
