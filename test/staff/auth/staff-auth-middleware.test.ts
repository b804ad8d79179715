import { Hono } from 'hono'
import { HttpResponse, http } from 'msw'
import { describe, expect, it } from 'vitest'
import { requireRole, type StaffEnv } from '../../../functions/staff/auth/staff-auth-middleware.js'
import { type Logger, silentLogger } from '../../../shared/log.js'
import { setupMswServer } from '../../support/msw-server.js'
import {
  CLIENT_ID,
  createTestPool,
  JWKS_URL,
  ORG_ID,
  REGION,
  USER_POOL_ID,
} from './support/cognito-pool.js'
import {
  A_MANAGER,
  A_VIEWER,
  createTestApp,
  MANAGER_TOKEN,
  sessionFor,
  testClock,
  VIEWER_TOKEN,
} from './support/staff-test-app.js'

const pool = await createTestPool()
const server = setupMswServer(pool.jwksHandler)

const COGNITO = {
  region: REGION,
  userPoolId: USER_POOL_ID,
  clientId: CLIENT_ID,
  domain: 'auth.labo-ess.example',
  callbackUrl: 'https://staff.labo-ess.example/staff/auth/callback',
  signOutUrl: 'https://staff.labo-ess.example/staff/connexion',
}

function recordingLogger() {
  const lines: { level: string; event: string; fields: unknown }[] = []
  const at =
    (level: string) =>
    (event: string, fields?: unknown): void => {
      lines.push({ level, event, fields })
    }
  const log: Logger = { info: at('info'), warn: at('warn'), error: at('error') }
  return { log, lines }
}

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } })

describe('requireStaff, bearer tokens', () => {
  const { app } = createTestApp({ cognito: COGNITO })

  it('answers 401 JSON in French without credentials', async () => {
    const response = await app.request('/staff/api/me')
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="staff"')
    expect(await response.json()).toEqual({
      error: 'Authentification requise : connectez-vous ou fournissez un jeton valide.',
    })
  })

  it('accepts a Cognito ID token of a manager', async () => {
    const response = await app.request('/staff/api/me', bearer(await pool.idToken()))
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({
      staff: {
        id: '7f1c2a9e-0b4d-4c55-9a43-3a1e5c0d9b21',
        name: 'Camille Martin',
        email: 'camille@labo-ess.example',
        role: 'manager',
        orgId: ORG_ID,
      },
      credential: 'bearer',
    })
    expect(response.headers.get('cache-control')).toBe('private, no-store')
  })

  it('lets a Cognito viewer read but not act', async () => {
    const token = await pool.idToken({ 'cognito:groups': ['viewer'] })
    expect((await app.request('/staff/api/me', bearer(token))).status).toBe(200)
    const resend = await app.request('/staff/api/receipts/r1/resend', {
      method: 'POST',
      ...bearer(token),
    })
    expect(resend.status).toBe(403)
    expect(await resend.json()).toEqual({ error: 'Action réservée aux gestionnaires.' })
  })

  it('lets a Cognito manager act, without a CSRF token', async () => {
    const response = await app.request('/staff/api/receipts/r1/resend', {
      method: 'POST',
      ...bearer(await pool.idToken()),
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({
      resent: 'r1',
      by: '7f1c2a9e-0b4d-4c55-9a43-3a1e5c0d9b21',
    })
  })

  it.each([
    ['expired', { exp: Math.floor(Date.now() / 1000) - 1 }],
    ['from another pool', { iss: 'https://cognito-idp.eu-west-3.amazonaws.com/eu-west-3_Other' }],
    ['for another client', { aud: 'another-client' }],
    ['an access token', { token_use: 'access' }],
    ['without a group', { 'cognito:groups': [] }],
  ])('refuses a Cognito token %s with 401 invalid_token', async (_case, overrides) => {
    const response = await app.request('/staff/api/me', bearer(await pool.idToken(overrides)))
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toBe(
      'Bearer realm="staff", error="invalid_token"',
    )
  })

  it('accepts the local manager and viewer tokens with their roles', async () => {
    const manager = await app.request('/staff/api/receipts/r2/resend', {
      method: 'POST',
      ...bearer(MANAGER_TOKEN),
    })
    expect(manager.status).toBe(200)
    expect(await manager.json()).toEqual({ resent: 'r2', by: 'local:manager' })

    const viewer = await app.request('/staff/api/me', bearer(VIEWER_TOKEN))
    expect(((await viewer.json()) as { staff: unknown }).staff).toEqual({
      id: 'local:viewer',
      name: 'Accès par code',
      role: 'viewer',
      orgId: ORG_ID,
    })
    const viewerResend = await app.request('/staff/api/receipts/r2/resend', {
      method: 'POST',
      ...bearer(VIEWER_TOKEN),
    })
    expect(viewerResend.status).toBe(403)
  })

  it.each([
    ['a wrong token', { authorization: 'Bearer wrong-token' }],
    ['another scheme', { authorization: `Basic ${MANAGER_TOKEN}` }],
    ['no token after Bearer', { authorization: 'Bearer ' }],
    ['the token without a scheme', { authorization: MANAGER_TOKEN }],
  ])('refuses %s', async (_case, headers) => {
    expect((await app.request('/staff/api/me', { headers })).status).toBe(401)
  })

  it('never falls back to the session cookie when the bearer token is bad', async () => {
    const { auth, app: appWithSession } = createTestApp()
    const { cookie } = await sessionFor(auth, A_MANAGER)
    const response = await appWithSession.request('/staff/api/me', {
      headers: { authorization: 'Bearer wrong-token', cookie },
    })
    expect(response.status).toBe(401)
  })

  it('answers 503, not 401, when the Cognito keys cannot be fetched', async () => {
    server.use(http.get(JWKS_URL, () => HttpResponse.text('down', { status: 502 })))
    const { log, lines } = recordingLogger()
    const { app: fresh } = createTestApp({ cognito: COGNITO, log })
    const response = await fresh.request('/staff/api/me', bearer(await pool.idToken()))
    expect(response.status).toBe(503)
    expect(lines).toEqual([
      expect.objectContaining({ level: 'error', event: 'staff.auth.unavailable' }),
    ])
  })

  it('logs why a token was refused, without the token', async () => {
    const { log, lines } = recordingLogger()
    const { app: logged } = createTestApp({ cognito: COGNITO, log })
    const token = await pool.idToken({ 'cognito:groups': ['admins'] })
    await logged.request('/staff/api/me', bearer(token))
    expect(lines).toEqual([
      {
        level: 'info',
        event: 'staff.auth.refused',
        fields: { credential: 'cognito', reason: 'no-group' },
      },
    ])
    expect(JSON.stringify(lines)).not.toContain(token)
  })

  it('tries Cognito only when it is configured', async () => {
    const { app: localOnly } = createTestApp()
    expect((await localOnly.request('/staff/api/me', bearer(await pool.idToken()))).status).toBe(
      401,
    )
  })
})

describe('requireStaff, session cookie', () => {
  it('accepts a valid session cookie', async () => {
    const { app, auth } = createTestApp()
    const { cookie } = await sessionFor(auth, A_VIEWER)
    const response = await app.request('/staff/api/me', { headers: { cookie } })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ staff: A_VIEWER, credential: 'session' })
  })

  it('answers 401 JSON on API routes and redirects page routes to the sign-in page', async () => {
    const { app } = createTestApp()
    expect((await app.request('/staff/api/me')).status).toBe(401)
    const page = await app.request('/staff/recus?annee=2026')
    expect(page.status).toBe(303)
    expect(page.headers.get('location')).toBe(
      '/staff/connexion?retour=%2Fstaff%2Frecus%3Fannee%3D2026',
    )
    const home = await app.request('/staff')
    expect(home.headers.get('location')).toBe('/staff/connexion')
  })

  it('redirects an expired session to the sign-in page and drops its cookie', async () => {
    const clock = testClock()
    const { app, auth } = createTestApp({ now: clock.now })
    const { cookie } = await sessionFor(auth, A_MANAGER)
    expect((await app.request('/staff', { headers: { cookie } })).status).toBe(200)
    clock.advance(8 * 60 * 60 * 1000)
    const expired = await app.request('/staff', { headers: { cookie } })
    expect(expired.status).toBe(303)
    expect(expired.headers.getSetCookie().join()).toMatch(/^__Host-staff-session=; Max-Age=0/)
    expect((await app.request('/staff/api/me', { headers: { cookie } })).status).toBe(401)
  })

  it('refuses a tampered session cookie', async () => {
    const { app, auth } = createTestApp()
    const { cookie } = await sessionFor(auth, A_VIEWER)
    const tampered = cookie.replace(/.$/, (last) => (last === 'x' ? 'y' : 'x'))
    expect((await app.request('/staff/api/me', { headers: { cookie: tampered } })).status).toBe(401)
  })
})

describe('requireRole', () => {
  it('refuses when requireStaff did not run before it', async () => {
    const app = new Hono<StaffEnv>()
    app.post('/act', requireRole('manager'), (c) => c.text('done'))
    expect((await app.request('/act', { method: 'POST' })).status).toBe(401)
  })

  it('lets any staff member through for viewer routes', async () => {
    const { auth } = createTestApp({ log: silentLogger })
    const app = new Hono<StaffEnv>()
    app.get('/read', auth.requireStaff(), auth.requireRole('viewer'), (c) => c.text('ok'))
    expect((await app.request('/read', bearer(VIEWER_TOKEN))).status).toBe(200)
    expect((await app.request('/read', bearer(MANAGER_TOKEN))).status).toBe(200)
  })
})
