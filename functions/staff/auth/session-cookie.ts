import { randomBytes } from 'node:crypto'
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { CookieOptions } from 'hono/utils/cookie'
import * as z from 'zod'
import { openValue, signValue } from '../../../shared/staff/auth/signed-value.js'
import {
  type StaffIdentity,
  StaffIdentitySchema,
} from '../../../shared/staff/auth/staff-identity.js'

/** A working day: long enough not to interrupt a session of receipts work, short if stolen. */
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000

export interface SessionCookieSettings {
  /** HMAC-SHA256 key; also keys the CSRF tokens. */
  key: string
  /** false only on plain http://localhost, where browsers would drop a Secure cookie. */
  secure: boolean
  ttlMs: number
  now: () => number
}

export interface StaffSession {
  /** Random per sign-in: what the CSRF token is bound to. */
  id: string
  staff: StaffIdentity
  expiresAt: number
}

const SESSION_PURPOSE = 'staff-session.v1'

const SessionPayloadSchema = z.object({
  sid: z.string().min(16),
  exp: z.number(),
  staff: StaffIdentitySchema,
})

/** `__Host-` pins the cookie to this exact origin, over HTTPS, for path `/`: no subdomain can set it. */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-staff-session' : 'staff-session'
}

/**
 * HttpOnly (no script reads it), SameSite=Lax rather than Strict: the hosted-UI callback and
 * links from emails are top-level navigations started on another site, and Strict would drop
 * the cookie on them (a sign-in that lands signed out). Lax still withholds it from cross-site
 * POSTs, frames and fetches; GETs change nothing, and every state change also needs a CSRF token.
 */
export function staffCookieOptions(secure: boolean, maxAgeSeconds?: number): CookieOptions {
  return {
    httpOnly: true,
    secure,
    sameSite: 'Lax',
    path: '/',
    ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }),
  }
}

/** A fresh session id on every sign-in, so a session id known before sign-in is worthless after. */
export function setSessionCookie(
  c: Context,
  staff: StaffIdentity,
  settings: SessionCookieSettings,
): StaffSession {
  const session: StaffSession = {
    id: randomBytes(18).toString('base64url'),
    staff,
    expiresAt: settings.now() + settings.ttlMs,
  }
  const value = signValue(
    SESSION_PURPOSE,
    { sid: session.id, exp: session.expiresAt, staff },
    settings.key,
  )
  setCookie(
    c,
    sessionCookieName(settings.secure),
    value,
    staffCookieOptions(settings.secure, Math.floor(settings.ttlMs / 1000)),
  )
  return session
}

/** The session, or undefined when absent, tampered with, or expired (the expiry is signed too). */
export function readSessionCookie(
  c: Context,
  settings: SessionCookieSettings,
): StaffSession | undefined {
  const value = getCookie(c, sessionCookieName(settings.secure))
  return value === undefined ? undefined : decodeSession(value, settings)
}

export function decodeSession(
  value: string,
  settings: Pick<SessionCookieSettings, 'key' | 'now'>,
): StaffSession | undefined {
  const payload = SessionPayloadSchema.safeParse(openValue(SESSION_PURPOSE, value, settings.key))
  if (!payload.success || payload.data.exp <= settings.now()) return undefined
  return { id: payload.data.sid, staff: payload.data.staff, expiresAt: payload.data.exp }
}

export function hasSessionCookie(c: Context, settings: Pick<SessionCookieSettings, 'secure'>) {
  return getCookie(c, sessionCookieName(settings.secure)) !== undefined
}

/**
 * Sign-out forgets the cookie in this browser; a copy taken earlier stays valid until its expiry
 * (stateless sessions have no server-side list to strike it from).
 */
export function clearSessionCookie(c: Context, settings: Pick<SessionCookieSettings, 'secure'>) {
  deleteCookie(c, sessionCookieName(settings.secure), staffCookieOptions(settings.secure))
}
