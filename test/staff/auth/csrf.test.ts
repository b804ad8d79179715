import { describe, expect, it } from 'vitest'
import { csrfTokenFor } from '../../../functions/staff/auth/csrf.js'
import { formPost } from './support/cookie-jar.js'
import {
  A_MANAGER,
  createTestApp,
  MANAGER_TOKEN,
  SESSION_KEY,
  sessionFor,
} from './support/staff-test-app.js'

const CSRF_REFUSED = {
  error: 'Jeton de sécurité (CSRF) absent ou invalide : rechargez la page puis réessayez.',
}

describe('csrfTokenFor', () => {
  it('differs by session and by key', () => {
    const token = csrfTokenFor('session-a', SESSION_KEY)
    expect(csrfTokenFor('session-a', SESSION_KEY)).toBe(token)
    expect(csrfTokenFor('session-b', SESSION_KEY)).not.toBe(token)
    expect(csrfTokenFor('session-a', `${SESSION_KEY}-other`)).not.toBe(token)
  })
})

describe('CSRF protection of cookie-authenticated requests', () => {
  it('puts the session token in the pages’ forms', async () => {
    const { app, auth } = createTestApp()
    const { cookie, csrf } = await sessionFor(auth, A_MANAGER)
    const page = await app.request('/staff', { headers: { cookie } })
    expect(await page.text()).toContain(`<input type="hidden" name="csrf" value="${csrf}" />`)
  })

  it('refuses a form submission without the token', async () => {
    const { app, auth } = createTestApp()
    const { cookie } = await sessionFor(auth, A_MANAGER)
    const response = await app.request(
      '/staff/recus/1/renvoyer',
      formPost({ note: 'x' }, { cookie }),
    )
    expect(response.status).toBe(403)
    expect(await response.json()).toEqual(CSRF_REFUSED)
  })

  it('accepts the form field and leaves the form readable by the handler', async () => {
    const { app, auth } = createTestApp()
    const { cookie, csrf } = await sessionFor(auth, A_MANAGER)
    const response = await app.request(
      '/staff/recus/1/renvoyer',
      formPost({ csrf, note: 'adresse corrigée' }, { cookie }),
    )
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ resent: '1', note: 'adresse corrigée' })
  })

  it('accepts the x-csrf-token header on JSON requests and refuses them without it', async () => {
    const { app, auth } = createTestApp()
    const { cookie, csrf } = await sessionFor(auth, A_MANAGER)
    const json = { method: 'POST', body: '{"q":"Martin"}' }
    const headers = { cookie, 'content-type': 'application/json' }
    const refused = await app.request('/staff/api/searches', { ...json, headers })
    expect(refused.status).toBe(403)
    const accepted = await app.request('/staff/api/searches', {
      ...json,
      headers: { ...headers, 'x-csrf-token': csrf },
    })
    expect(accepted.status).toBe(200)
  })

  it.each(['PUT', 'PATCH', 'DELETE'])('protects %s too', async (method) => {
    const { app, auth } = createTestApp()
    const { cookie } = await sessionFor(auth, A_MANAGER)
    expect((await app.request('/staff/api/searches', { method, headers: { cookie } })).status).toBe(
      403,
    )
  })

  it('refuses the token of another session', async () => {
    const { app, auth } = createTestApp()
    const mine = await sessionFor(auth, A_MANAGER)
    const theirs = await sessionFor(auth, A_MANAGER)
    const response = await app.request(
      '/staff/recus/1/renvoyer',
      formPost({ csrf: theirs.csrf }, { cookie: mine.cookie }),
    )
    expect(response.status).toBe(403)
  })

  it('exempts requests authenticated by a bearer header', async () => {
    const { app } = createTestApp()
    const response = await app.request('/staff/recus/1/renvoyer', {
      ...formPost({ note: 'script' }),
      headers: {
        authorization: `Bearer ${MANAGER_TOKEN}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
    })
    expect(response.status).toBe(200)
  })

  it('does not ask safe methods for a token', async () => {
    const { app, auth } = createTestApp()
    const { cookie } = await sessionFor(auth, A_MANAGER)
    expect((await app.request('/staff/api/me', { headers: { cookie } })).status).toBe(200)
  })
})
