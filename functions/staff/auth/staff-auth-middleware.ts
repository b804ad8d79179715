import type { Context, MiddlewareHandler } from 'hono'
import { createMiddleware } from 'hono/factory'
import { AppError, errorSummary } from '../../../shared/errors.js'
import { type Logger, silentLogger } from '../../../shared/log.js'
import {
  createLocalTokenVerifier,
  hasLocalTokens,
  type LocalTokenVerifier,
} from '../../../shared/staff/auth/local-tokens.js'
import {
  checkStaffAuthSettings,
  type StaffAuthSettings,
} from '../../../shared/staff/auth/staff-auth-settings.js'
import type { StaffIdentity, StaffRole } from '../../../shared/staff/auth/staff-identity.js'
import { signInPathFor } from '../../../shared/staff/auth/staff-paths.js'
import {
  type CognitoVerifier,
  createCognitoVerifier,
} from '../../../shared/staff/auth/verify-cognito-jwt.js'
import { csrfTokenFor, requireCsrf } from './csrf.js'
import type { HostedUiSettings } from './hosted-ui.js'
import {
  clearSessionCookie,
  hasSessionCookie,
  readSessionCookie,
  SESSION_TTL_MS,
  type SessionCookieSettings,
} from './session-cookie.js'
import type { StaffEnv } from './staff-env.js'

export type { StaffCredential, StaffEnv, StaffVariables } from './staff-env.js'

/** How the sign-in page works: the hosted UI when Cognito is set, else the token form. */
export type SignInMethod =
  | { mode: 'cognito'; hostedUi: HostedUiSettings; verify: CognitoVerifier }
  | { mode: 'local'; verify: LocalTokenVerifier }

export interface StaffAuth {
  /**
   * Authenticates by `Authorization: Bearer` (Cognito ID token or local token) or the session
   * cookie, sets `staff`, and checks the CSRF token of cookie-authenticated state changes.
   * Without valid credentials: 401 JSON, or a redirect to the sign-in page for page routes.
   */
  requireStaff(options?: { redirectToSignIn?: boolean }): MiddlewareHandler<StaffEnv>
  requireRole(role: StaffRole): MiddlewareHandler<StaffEnv>
  /** For the sign-in routes. */
  readonly session: SessionCookieSettings
  readonly signIn: SignInMethod
  readonly log: Logger
}

const UNAUTHENTICATED = 'Authentification requise : connectez-vous ou fournissez un jeton valide.'
const AUTH_UNAVAILABLE =
  'Le service d’authentification ne répond pas : réessayez dans quelques instants.'

export function createStaffAuth(settings: StaffAuthSettings): StaffAuth {
  checkStaffAuthSettings(settings)
  const log = settings.log ?? silentLogger
  const session: SessionCookieSettings = {
    key: settings.sessionKey,
    secure: settings.secureCookies ?? true,
    ttlMs: settings.sessionTtlMs ?? SESSION_TTL_MS,
    now: settings.now ?? Date.now,
  }
  const verifyLocal = hasLocalTokens(settings.local)
    ? createLocalTokenVerifier(settings.local ?? {}, settings.orgId)
    : undefined
  const { cognito } = settings
  const verifyCognito = cognito
    ? createCognitoVerifier({ ...cognito, orgId: settings.orgId, fetch: settings.fetch })
    : undefined

  async function identifyBearer(token: string): Promise<StaffIdentity | undefined> {
    const local = verifyLocal?.(token)
    if (local) return local
    if (!verifyCognito) {
      log.info('staff.auth.refused', { credential: 'bearer', reason: 'unknown-token' })
      return undefined
    }
    const check = await verifyCognito(token)
    if (check.ok) return check.identity
    log.info('staff.auth.refused', { credential: 'cognito', reason: check.reason })
    return undefined
  }

  const requireStaff: StaffAuth['requireStaff'] = (options = {}) =>
    createMiddleware<StaffEnv>(async (c, next) => {
      // Personal data behind this point: no shared cache may keep it (a handler may override).
      c.header('Cache-Control', 'private, no-store')
      const authorization = c.req.header('authorization')
      if (authorization !== undefined) {
        // A bearer header is the whole answer: a bad one never falls back to the cookie.
        const token = bearerToken(authorization)
        let staff: StaffIdentity | undefined
        try {
          staff = token ? await identifyBearer(token) : undefined
        } catch (error) {
          log.error('staff.auth.unavailable', { error: errorSummary(error) })
          return c.json({ error: AUTH_UNAVAILABLE }, 503)
        }
        if (!staff) return unauthenticated(c, 'invalid_token')
        c.set('staff', staff)
        c.set('staffCredential', 'bearer')
        c.set('csrfToken', undefined)
        return next()
      }
      const current = readSessionCookie(c, session)
      if (!current) {
        if (!options.redirectToSignIn) return unauthenticated(c)
        // An expired or tampered cookie is dropped, so the browser stops sending it.
        if (hasSessionCookie(c, session)) clearSessionCookie(c, session)
        const back = c.req.method === 'GET' ? pathAndQuery(c.req.url) : undefined
        return c.redirect(signInPathFor(back), 303)
      }
      c.set('staff', current.staff)
      c.set('staffCredential', 'session')
      c.set('csrfToken', csrfTokenFor(current.id, session.key))
      return requireCsrf(c, next)
    })

  const signIn: SignInMethod | undefined =
    cognito && verifyCognito
      ? { mode: 'cognito', hostedUi: { ...cognito, fetch: settings.fetch }, verify: verifyCognito }
      : verifyLocal && { mode: 'local', verify: verifyLocal }
  if (!signIn) {
    throw new AppError(
      'config.invalid',
      'no way to sign in to the staff app: set STAFF_TOKEN (local) or the COGNITO_* settings',
    )
  }
  return { requireStaff, requireRole, session, signIn, log }
}

const ROLE_RANK: Record<StaffRole, number> = { viewer: 0, manager: 1 }

const ROLE_REFUSED: Record<StaffRole, string> = {
  viewer: 'Accès réservé à l’équipe.',
  manager: 'Action réservée aux gestionnaires.',
}

/** After requireStaff: 403 unless the identity has at least this role. */
export function requireRole(role: StaffRole): MiddlewareHandler<StaffEnv> {
  return createMiddleware<StaffEnv>(async (c, next) => {
    const staff = c.get('staff')
    // Mounted without requireStaff before it: refuse rather than let anyone through.
    if (!staff) return unauthenticated(c)
    if (ROLE_RANK[staff.role] < ROLE_RANK[role]) return c.json({ error: ROLE_REFUSED[role] }, 403)
    return next()
  })
}

function bearerToken(authorization: string): string | undefined {
  const match = /^Bearer +(\S+) *$/i.exec(authorization)
  return match?.[1]
}

function unauthenticated(c: Context, error?: 'invalid_token') {
  c.header('WWW-Authenticate', `Bearer realm="staff"${error ? `, error="${error}"` : ''}`)
  return c.json({ error: UNAUTHENTICATED }, 401)
}

function pathAndQuery(url: string): string {
  const { pathname, search } = new URL(url)
  return `${pathname}${search}`
}
