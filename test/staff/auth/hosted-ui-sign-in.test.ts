import { createHash } from 'node:crypto'
import type { Hono } from 'hono'
import { HttpResponse, http } from 'msw'
import { beforeEach, describe, expect, it } from 'vitest'
import type { StaffEnv } from '../../../functions/staff/auth/staff-auth-middleware.js'
import type { StaffAuthSettings } from '../../../shared/staff/auth/staff-auth-settings.js'
import { setupMswServer } from '../../support/msw-server.js'
import { CLIENT_ID, createTestPool, ORG_ID, REGION, USER_POOL_ID } from './support/cognito-pool.js'
import { CookieJar, formPost, setCookies } from './support/cookie-jar.js'
import { createTestApp } from './support/staff-test-app.js'

const DOMAIN = 'auth.labo-ess.example'
const TOKEN_URL = `https://${DOMAIN}/oauth2/token`
const CALLBACK_URL = 'https://staff.labo-ess.example/staff/auth/callback'
const SIGN_OUT_URL = 'https://staff.labo-ess.example/staff/connexion'
const SESSION = '__Host-staff-session'

const COGNITO: NonNullable<StaffAuthSettings['cognito']> = {
  region: REGION,
  userPoolId: USER_POOL_ID,
  clientId: CLIENT_ID,
  domain: DOMAIN,
  callbackUrl: CALLBACK_URL,
  signOutUrl: SIGN_OUT_URL,
}

interface TokenRequest {
  form: URLSearchParams
  authorization: string | null
  contentType: string | null
}

const pool = await createTestPool()
const tokenRequests: TokenRequest[] = []

/** Cognito's token endpoint: answers every code with `tokens`, recording what it was sent. */
function tokenEndpoint(answer: () => Promise<Response> | Response) {
  return http.post(TOKEN_URL, async ({ request }) => {
    tokenRequests.push({
      form: new URLSearchParams(await request.text()),
      authorization: request.headers.get('authorization'),
      contentType: request.headers.get('content-type'),
    })
    return answer()
  })
}

const issuesIdToken = (claims: Record<string, unknown> = {}) =>
  tokenEndpoint(async () =>
    HttpResponse.json({
      id_token: await pool.idToken(claims),
      access_token: 'access-token-not-used',
      refresh_token: 'refresh-token-not-used',
      expires_in: 3600,
      token_type: 'Bearer',
    }),
  )

const server = setupMswServer(pool.jwksHandler, issuesIdToken())

beforeEach(() => {
  tokenRequests.length = 0
})

/** Opens the sign-in page and reads the hosted-UI link a person would click. */
async function startSignIn(app: Hono<StaffEnv>, jar: CookieJar, path = '/staff/connexion') {
  const response = await app.request(path, { headers: { cookie: jar.header() } })
  jar.keep(response)
  const page = await response.text()
  const href = /<a href="([^"]+)">Se connecter/.exec(page)?.[1]?.replaceAll('&amp;', '&')
  if (!href) throw new Error(`no hosted-UI link on the page:\n${page}`)
  return { response, page, authorize: new URL(href) }
}

function callback(app: Hono<StaffEnv>, jar: CookieJar, query: Record<string, string>) {
  return app.request(`/staff/auth/callback?${new URLSearchParams(query)}`, {
    headers: { cookie: jar.header() },
  })
}

describe('hosted-UI sign-in', () => {
  it('links to the hosted UI with state and an S256 PKCE challenge', async () => {
    const { app } = createTestApp({ cognito: COGNITO })
    const { response, authorize } = await startSignIn(app, new CookieJar())
    expect(response.status).toBe(200)
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`https://${DOMAIN}/oauth2/authorize`)
    expect(Object.fromEntries(authorize.searchParams)).toEqual({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: CALLBACK_URL,
      scope: 'openid email profile',
      state: expect.stringMatching(/^[\w-]{24,}$/),
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      code_challenge_method: 'S256',
    })
  })

  it('exchanges the code with the PKCE verifier, sets the session and goes back', async () => {
    const { app } = createTestApp({ cognito: COGNITO })
    const jar = new CookieJar()
    const asked = await app.request('/staff/recus?page=2')
    const { authorize } = await startSignIn(app, jar, asked.headers.get('location') ?? '')
    const state = authorize.searchParams.get('state') ?? ''

    const response = await callback(app, jar, { code: 'authorization-code-1', state })
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/staff/recus?page=2')

    expect(tokenRequests).toHaveLength(1)
    const [sent] = tokenRequests
    expect(sent?.contentType).toBe('application/x-www-form-urlencoded')
    expect(sent?.authorization).toBeNull()
    const form = Object.fromEntries(sent?.form ?? [])
    expect(form).toMatchObject({
      grant_type: 'authorization_code',
      client_id: CLIENT_ID,
      code: 'authorization-code-1',
      redirect_uri: CALLBACK_URL,
    })
    const challenge = createHash('sha256')
      .update(form.code_verifier ?? '')
      .digest('base64url')
    expect(challenge).toBe(authorize.searchParams.get('code_challenge'))

    jar.keep(response)
    const me = await app.request('/staff/api/me', { headers: { cookie: jar.header() } })
    expect(await me.json()).toEqual({
      staff: {
        id: '7f1c2a9e-0b4d-4c55-9a43-3a1e5c0d9b21',
        name: 'Camille Martin',
        email: 'camille@labo-ess.example',
        role: 'manager',
        orgId: ORG_ID,
      },
      credential: 'session',
    })
  })

  it('authenticates a confidential client with HTTP Basic', async () => {
    const { app } = createTestApp({ cognito: { ...COGNITO, clientSecret: 'client-secret-42' } })
    const jar = new CookieJar()
    const { authorize } = await startSignIn(app, jar)
    const state = authorize.searchParams.get('state') ?? ''
    expect((await callback(app, jar, { code: 'c', state })).status).toBe(303)
    const basic = Buffer.from(`${CLIENT_ID}:client-secret-42`).toString('base64')
    expect(tokenRequests[0]?.authorization).toBe(`Basic ${basic}`)
  })

  it.each([
    ['another state', (state: string) => ({ code: 'c', state: `${state}x` })],
    ['no state', () => ({ code: 'c' })],
  ])('refuses a callback with %s, before exchanging the code', async (_case, query) => {
    const { app } = createTestApp({ cognito: COGNITO })
    const jar = new CookieJar()
    const { authorize } = await startSignIn(app, jar)
    const response = await callback(app, jar, query(authorize.searchParams.get('state') ?? ''))
    expect(response.status).toBe(403)
    expect(await response.text()).toContain('Cette demande de connexion a expiré')
    expect(setCookies(response).has(SESSION)).toBe(false)
    expect(tokenRequests).toHaveLength(0)
  })

  it('refuses a callback in a browser that did not start the sign-in', async () => {
    const { app } = createTestApp({ cognito: COGNITO })
    const { authorize } = await startSignIn(app, new CookieJar())
    const state = authorize.searchParams.get('state') ?? ''
    const response = await callback(app, new CookieJar(), { code: 'c', state })
    expect(response.status).toBe(403)
    expect(tokenRequests).toHaveLength(0)
  })

  it('refuses a state whose sign-in started more than 15 minutes ago', async () => {
    let now = Date.parse('2026-03-02T09:00:00Z')
    const { app } = createTestApp({ cognito: COGNITO, now: () => now })
    const jar = new CookieJar()
    const { authorize } = await startSignIn(app, jar)
    now += 15 * 60 * 1000
    const state = authorize.searchParams.get('state') ?? ''
    expect((await callback(app, jar, { code: 'c', state })).status).toBe(403)
  })

  it('says the sign-in was cancelled when Cognito returns an error', async () => {
    const { app } = createTestApp({ cognito: COGNITO })
    const jar = new CookieJar()
    const { authorize } = await startSignIn(app, jar)
    const state = authorize.searchParams.get('state') ?? ''
    const response = await callback(app, jar, { error: 'access_denied', state })
    expect(response.status).toBe(401)
    expect(await response.text()).toContain('La connexion a été annulée ou refusée.')
    expect(tokenRequests).toHaveLength(0)
  })

  it('asks to start again when the code was already used (invalid_grant)', async () => {
    server.use(tokenEndpoint(() => HttpResponse.json({ error: 'invalid_grant' }, { status: 400 })))
    const { app } = createTestApp({ cognito: COGNITO })
    const jar = new CookieJar()
    const { authorize } = await startSignIn(app, jar)
    const state = authorize.searchParams.get('state') ?? ''
    const response = await callback(app, jar, { code: 'used', state })
    expect(response.status).toBe(401)
    const page = await response.text()
    expect(page).toContain('Le code de connexion a expiré')
    // A fresh link: a new attempt with a new state.
    const retry = /state=([\w-]+)/.exec(page)?.[1]
    expect(retry).toBeDefined()
    expect(retry).not.toBe(state)
  })

  it('refuses a person in no staff group, saying why', async () => {
    server.use(issuesIdToken({ 'cognito:groups': ['volunteers'] }))
    const { app } = createTestApp({ cognito: COGNITO })
    const jar = new CookieJar()
    const { authorize } = await startSignIn(app, jar)
    const state = authorize.searchParams.get('state') ?? ''
    const response = await callback(app, jar, { code: 'c', state })
    expect(response.status).toBe(403)
    expect(await response.text()).toContain('n’a pas encore accès à l’espace équipe')
    expect(setCookies(response).has(SESSION)).toBe(false)
  })

  it('refuses an ID token for another app client', async () => {
    server.use(issuesIdToken({ aud: 'another-client' }))
    const { app } = createTestApp({ cognito: COGNITO })
    const jar = new CookieJar()
    const { authorize } = await startSignIn(app, jar)
    const state = authorize.searchParams.get('state') ?? ''
    const response = await callback(app, jar, { code: 'c', state })
    expect(response.status).toBe(401)
    expect(setCookies(response).has(SESSION)).toBe(false)
  })

  it.each([
    ['is down', () => HttpResponse.text('bad gateway', { status: 502 }), 503],
    ['is unreachable', () => HttpResponse.error(), 503],
    [
      'refuses the client',
      () => HttpResponse.json({ error: 'invalid_client' }, { status: 401 }),
      502,
    ],
    ['sends no id_token', () => HttpResponse.json({ access_token: 'a' }), 502],
  ])('answers a French error page when the token endpoint %s', async (_case, answer, status) => {
    server.use(tokenEndpoint(answer))
    const { app } = createTestApp({ cognito: COGNITO })
    const jar = new CookieJar()
    const { authorize } = await startSignIn(app, jar)
    const state = authorize.searchParams.get('state') ?? ''
    const response = await callback(app, jar, { code: 'c', state })
    expect(response.status).toBe(status)
    expect(await response.text()).toContain('Le service de connexion ne répond pas')
    expect(setCookies(response).has(SESSION)).toBe(false)
  })

  it('signs out of the hosted UI too', async () => {
    const { app } = createTestApp({ cognito: COGNITO })
    const jar = new CookieJar()
    const { authorize } = await startSignIn(app, jar)
    const state = authorize.searchParams.get('state') ?? ''
    jar.keep(await callback(app, jar, { code: 'c', state }))
    const home = await app.request('/staff', { headers: { cookie: jar.header() } })
    const csrf = /name="csrf" value="([^"]+)"/.exec(await home.text())?.[1] ?? ''
    const response = await app.request(
      '/staff/deconnexion',
      formPost({ csrf }, { cookie: jar.header() }),
    )
    expect(response.status).toBe(303)
    const logout = new URL(response.headers.get('location') ?? '')
    expect(`${logout.origin}${logout.pathname}`).toBe(`https://${DOMAIN}/logout`)
    expect(Object.fromEntries(logout.searchParams)).toEqual({
      client_id: CLIENT_ID,
      logout_uri: SIGN_OUT_URL,
    })
    expect(setCookies(response).get(SESSION)?.attributes).toMatch(/Max-Age=0/)
  })

  it('has no token form in Cognito mode', async () => {
    const { app } = createTestApp({ cognito: COGNITO })
    expect((await app.request('/staff/connexion', formPost({ jeton: 'x' }))).status).toBe(404)
  })
})
