import type { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import type { StaffEnv } from '../../../functions/staff/auth/staff-auth-middleware.js'
import { CookieJar, formPost, setCookies } from './support/cookie-jar.js'
import { createTestApp, MANAGER_TOKEN, VIEWER_TOKEN } from './support/staff-test-app.js'

const SESSION = '__Host-staff-session'
const SIGN_IN = '__Host-staff-sign-in'

/** Opens the sign-in page as a browser would, keeping its cookies; returns the form's token. */
async function openSignInPage(app: Hono<StaffEnv>, jar: CookieJar, path = '/staff/connexion') {
  const response = await app.request(path, { headers: { cookie: jar.header() } })
  jar.keep(response)
  const page = await response.text()
  return { response, page, csrf: /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '' }
}

function submit(app: Hono<StaffEnv>, jar: CookieJar, fields: Record<string, string>) {
  return app.request('/staff/connexion', formPost(fields, { cookie: jar.header() }))
}

describe('local sign-in page', () => {
  it('is a French page with a labelled token field and a CSRF token', async () => {
    const { app } = createTestApp()
    const { response, page, csrf } = await openSignInPage(app, new CookieJar())
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/html/)
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(response.headers.get('content-security-policy')).toBe("frame-ancestors 'none'")
    expect(page).toContain('<html lang="fr">')
    // The words of the people signing in, not the developer's « jeton ».
    expect(page).toContain('<label for="jeton">Code d’accès</label>')
    expect(page).toContain(
      '<span class="hint" id="jeton-aide">Le code que la personne qui a installé l’outil vous a remis.</span>',
    )
    expect(page).not.toContain('Jeton')
    expect(page).toMatch(
      /<input id="jeton" name="jeton" type="password"[^>]* required aria-describedby="jeton-aide" \/>/,
    )
    expect(page).toContain('<form method="post" action="/staff/connexion">')
    expect(csrf).toMatch(/^[\w-]{43}$/)
    const cookie = setCookies(response).get(SIGN_IN)
    expect(cookie?.attributes.split('; ')).toEqual(
      expect.arrayContaining(['Max-Age=900', 'Path=/', 'HttpOnly', 'Secure', 'SameSite=Lax']),
    )
  })

  it('signs in with the manager token, sets the session and goes to /staff', async () => {
    const { app } = createTestApp()
    const jar = new CookieJar()
    const { csrf } = await openSignInPage(app, jar)
    const response = await submit(app, jar, { csrf, jeton: MANAGER_TOKEN })
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/staff')
    jar.keep(response)
    expect(jar.get(SESSION)).toBeDefined()
    expect(jar.get(SIGN_IN)).toBeUndefined()
    const me = await app.request('/staff/api/me', { headers: { cookie: jar.header() } })
    expect(await me.json()).toMatchObject({
      staff: { id: 'local:manager', role: 'manager' },
      credential: 'session',
    })
  })

  it('signs a viewer in as a viewer', async () => {
    const { app } = createTestApp()
    const jar = new CookieJar()
    const { csrf } = await openSignInPage(app, jar)
    jar.keep(await submit(app, jar, { csrf, jeton: VIEWER_TOKEN }))
    const me = await app.request('/staff/api/me', { headers: { cookie: jar.header() } })
    expect(await me.json()).toMatchObject({ staff: { role: 'viewer' } })
  })

  it('shows the form again with a French error and 401 for a wrong token', async () => {
    const { app } = createTestApp()
    const jar = new CookieJar()
    const { csrf } = await openSignInPage(app, jar)
    const response = await submit(app, jar, { csrf, jeton: 'wrong-token' })
    expect(response.status).toBe(401)
    const page = await response.text()
    expect(page).toContain('<p id="erreur-connexion" role="alert">Code d’accès incorrect.</p>')
    expect(page).toContain('aria-invalid="true" aria-describedby="jeton-aide erreur-connexion"')
    expect(setCookies(response).has(SESSION)).toBe(false)
    // The same attempt stays usable: the right token now goes through.
    const retryCsrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? ''
    const retry = await submit(app, jar, { csrf: retryCsrf, jeton: MANAGER_TOKEN })
    expect(retry.status).toBe(303)
  })

  it.each([
    ['no CSRF token', {}],
    ['an empty CSRF token', { csrf: '' }],
    ['a CSRF token of another attempt', { csrf: 'A'.repeat(43) }],
  ])('refuses a sign-in with %s (403), even with the right token', async (_case, fields) => {
    const { app } = createTestApp()
    const jar = new CookieJar()
    await openSignInPage(app, jar)
    const response = await submit(app, jar, { jeton: MANAGER_TOKEN, ...fields })
    expect(response.status).toBe(403)
    expect(await response.text()).toContain('Le formulaire a expiré')
    expect(setCookies(response).has(SESSION)).toBe(false)
  })

  it('refuses an oversized sign-in form before reading it', async () => {
    const { app } = createTestApp()
    const jar = new CookieJar()
    const { csrf } = await openSignInPage(app, jar)
    const response = await submit(app, jar, { csrf, jeton: MANAGER_TOKEN, pad: 'x'.repeat(9000) })
    expect(response.status).toBe(413)
    expect(setCookies(response).has(SESSION)).toBe(false)
  })

  it('refuses a sign-in posted without the sign-in cookie (cross-site form)', async () => {
    const { app } = createTestApp()
    const { csrf } = await openSignInPage(app, new CookieJar())
    const response = await submit(app, new CookieJar(), { csrf, jeton: MANAGER_TOKEN })
    expect(response.status).toBe(403)
    expect(setCookies(response).has(SESSION)).toBe(false)
  })

  it('goes back to the page asked for, and never off the staff app', async () => {
    const { app } = createTestApp()
    const signInVia = async (path: string) => {
      const jar = new CookieJar()
      const { csrf } = await openSignInPage(app, jar, path)
      const response = await submit(app, jar, { csrf, jeton: MANAGER_TOKEN })
      return response.headers.get('location')
    }
    const asked = await app.request('/staff/recus?annee=2026')
    expect(await signInVia(asked.headers.get('location') ?? '')).toBe('/staff/recus?annee=2026')
    for (const evil of [
      '//evil.example',
      'https://evil.example/staff',
      '/\\evil.example',
      '/staffing',
      '/staff/\\evil',
    ]) {
      expect(await signInVia(`/staff/connexion?retour=${encodeURIComponent(evil)}`)).toBe('/staff')
    }
  })

  it('sends a signed-in visitor of the sign-in page on to the app', async () => {
    const { app } = createTestApp()
    const jar = new CookieJar()
    const { csrf } = await openSignInPage(app, jar)
    jar.keep(await submit(app, jar, { csrf, jeton: MANAGER_TOKEN }))
    const again = await app.request('/staff/connexion', { headers: { cookie: jar.header() } })
    expect(again.status).toBe(303)
    expect(again.headers.get('location')).toBe('/staff')
  })

  it('has no hosted-UI callback in local mode', async () => {
    const { app } = createTestApp()
    expect((await app.request('/staff/auth/callback?code=x&state=y')).status).toBe(404)
  })
})

describe('sign-out', () => {
  async function signedIn() {
    const { app } = createTestApp()
    const jar = new CookieJar()
    const { csrf: signInCsrf } = await openSignInPage(app, jar)
    jar.keep(await submit(app, jar, { csrf: signInCsrf, jeton: MANAGER_TOKEN }))
    const home = await app.request('/staff', { headers: { cookie: jar.header() } })
    const csrf = /name="csrf" value="([^"]+)"/.exec(await home.text())?.[1] ?? ''
    return { app, jar, csrf }
  }

  it('clears the session cookie and goes to the sign-in page', async () => {
    const { app, jar, csrf } = await signedIn()
    const response = await app.request(
      '/staff/deconnexion',
      formPost({ csrf }, { cookie: jar.header() }),
    )
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/staff/connexion')
    expect(setCookies(response).get(SESSION)?.attributes).toMatch(/Max-Age=0/)
    jar.keep(response)
    expect((await app.request('/staff/api/me', { headers: { cookie: jar.header() } })).status).toBe(
      401,
    )
  })

  it('needs the CSRF token: a cross-site form cannot sign anyone out', async () => {
    const { app, jar } = await signedIn()
    const response = await app.request('/staff/deconnexion', formPost({}, { cookie: jar.header() }))
    expect(response.status).toBe(403)
    expect(setCookies(response).has(SESSION)).toBe(false)
  })
})
