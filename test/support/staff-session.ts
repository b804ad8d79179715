import type { Hono } from 'hono'

export const STAFF_MANAGER_TOKEN = 'test-staff-token-0123456789abcdef'
export const STAFF_VIEWER_TOKEN = 'test-viewer-token-0123456789abcdef'

/** The CSRF token of the first form of a page, as a browser would submit it. */
export function csrfOf(html: string): string {
  const token = /name="csrf" value="([^"]+)"/.exec(html)?.[1]
  if (!token) throw new Error('no CSRF field on this page')
  return token
}

/** A signed-in browser for app.request(): its cookies, and GET and form POST with them. */
export interface StaffSession {
  cookie: string
  get(path: string): Promise<Response>
  /** Posts the fields as a form; adds the session's CSRF token unless `csrf: false`. */
  post(
    path: string,
    fields: Record<string, string>,
    options?: { csrf?: boolean },
  ): Promise<Response>
  /** The CSRF token the pages carry for this session. */
  csrf(): Promise<string>
}

/**
 * Signs in the way a person does: opens /staff/connexion (which sets the sign-in cookie and
 * the form's token), submits the token, and keeps the session cookie that comes back.
 */
export async function signInStaff(
  app: Hono,
  token: string = STAFF_MANAGER_TOKEN,
): Promise<StaffSession> {
  const page = await app.request('/staff/connexion')
  const attempt = cookiePairs(page)
  const signedIn = await app.request('/staff/connexion', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: attempt },
    body: new URLSearchParams({ csrf: csrfOf(await page.text()), jeton: token }).toString(),
  })
  if (signedIn.status !== 303) throw new Error(`sign-in refused: ${signedIn.status}`)
  const cookie = cookiePairs(signedIn)
  let csrf: string | undefined
  const session: StaffSession = {
    cookie,
    get: (path) => Promise.resolve(app.request(path, { headers: { cookie } })),
    async csrf() {
      csrf ??= csrfOf(await (await session.get('/staff/membres')).text())
      return csrf
    },
    async post(path, fields, options = {}) {
      const body = new URLSearchParams(fields)
      if (options.csrf !== false) body.set('csrf', await session.csrf())
      return app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        body: body.toString(),
      })
    },
  }
  return session
}

/** `name=value` pairs of the Set-Cookie headers, minus cookies being deleted. */
function cookiePairs(response: Response): string {
  return response.headers
    .getSetCookie()
    .filter((line) => !/Max-Age=0/i.test(line))
    .map((line) => line.split(';')[0])
    .join('; ')
}
