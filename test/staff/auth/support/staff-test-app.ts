import { Hono } from 'hono'
import { html } from 'hono/html'
import { csrfField, csrfTokenFor } from '../../../../functions/staff/auth/csrf.js'
import { setSessionCookie } from '../../../../functions/staff/auth/session-cookie.js'
import { createSignInRoutes } from '../../../../functions/staff/auth/sign-in-routes.js'
import {
  createStaffAuth,
  type StaffAuth,
  type StaffEnv,
} from '../../../../functions/staff/auth/staff-auth-middleware.js'
import type { StaffAuthSettings } from '../../../../shared/staff/auth/staff-auth-settings.js'
import type { StaffIdentity } from '../../../../shared/staff/auth/staff-identity.js'
import { ORG_ID } from './cognito-pool.js'

export const SESSION_KEY = 'session-key-for-tests-only-0123456789abcdef'
export const MANAGER_TOKEN = 'local-manager-token-for-tests-4c1f'
export const VIEWER_TOKEN = 'local-viewer-token-for-tests-9a2e'

export const A_MANAGER: StaffIdentity = {
  id: 'user-manager-1',
  name: 'Camille Martin',
  email: 'camille@labo-ess.example',
  role: 'manager',
  orgId: ORG_ID,
}
export const A_VIEWER: StaffIdentity = { ...A_MANAGER, id: 'user-viewer-1', role: 'viewer' }

/** A clock the test moves by hand. */
export function testClock(start = Date.parse('2026-03-02T09:00:00Z')) {
  let current = start
  return { now: () => current, advance: (ms: number) => (current += ms) }
}

/**
 * The staff app in miniature: the sign-in routes, an API under requireStaff (a viewer route and
 * a manager route) and pages that redirect to the sign-in page and carry CSRF-protected forms.
 */
export function createTestApp(settings: Partial<StaffAuthSettings> = {}) {
  const auth = createStaffAuth({
    orgId: ORG_ID,
    sessionKey: SESSION_KEY,
    secureCookies: true,
    local: { managerToken: MANAGER_TOKEN, viewerToken: VIEWER_TOKEN },
    ...settings,
  })
  const app = new Hono<StaffEnv>()
  app.route('/staff', createSignInRoutes(auth))

  app.use('/staff/api/*', auth.requireStaff())
  app.get('/staff/api/me', (c) =>
    c.json({ staff: c.get('staff'), credential: c.get('staffCredential') }),
  )
  app.post('/staff/api/searches', (c) => c.json({ results: [] }))
  app.post('/staff/api/receipts/:id/resend', auth.requireRole('manager'), (c) =>
    c.json({ resent: c.req.param('id'), by: c.get('staff').id }),
  )

  const page = auth.requireStaff({ redirectToSignIn: true })
  app.get('/staff', page, (c) =>
    c.html(html`<h1>${c.get('staff').name}</h1>
      <form method="post" action="/staff/recus/1/renvoyer">${csrfField(c)}</form>`),
  )
  app.get('/staff/recus', page, (c) => c.html('<h1>Reçus</h1>'))
  app.post('/staff/recus/:id/renvoyer', page, auth.requireRole('manager'), async (c) => {
    const form = await c.req.parseBody()
    return c.json({ resent: c.req.param('id'), note: form.note ?? null })
  })
  return { app, auth }
}

/** A signed-in browser's session cookie and its CSRF token, as the sign-in would set them. */
export async function sessionFor(auth: StaffAuth, staff: StaffIdentity) {
  const helper = new Hono()
  helper.get('/', (c) => {
    const session = setSessionCookie(c, staff, auth.session)
    return c.json({ csrf: csrfTokenFor(session.id, auth.session.key) })
  })
  const response = await helper.request('/')
  const { csrf } = (await response.json()) as { csrf: string }
  const cookie = (response.headers.getSetCookie()[0] ?? '').split(';')[0] ?? ''
  return { cookie, csrf }
}
