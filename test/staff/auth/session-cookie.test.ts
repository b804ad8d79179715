import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import {
  decodeSession,
  readSessionCookie,
  type SessionCookieSettings,
  sessionCookieName,
  setSessionCookie,
} from '../../../functions/staff/auth/session-cookie.js'
import { signValue } from '../../../shared/staff/auth/signed-value.js'
import { setCookies } from './support/cookie-jar.js'
import { A_MANAGER, A_VIEWER, SESSION_KEY, testClock } from './support/staff-test-app.js'

const EIGHT_HOURS = 8 * 60 * 60 * 1000

function sessionApp(settings: SessionCookieSettings) {
  const app = new Hono()
  app.post('/sign-in', (c) => c.json(setSessionCookie(c, A_VIEWER, settings)))
  app.get('/me', (c) => c.json({ session: readSessionCookie(c, settings) ?? null }))
  return app
}

function settings(overrides: Partial<SessionCookieSettings> = {}): SessionCookieSettings {
  return { key: SESSION_KEY, secure: true, ttlMs: EIGHT_HOURS, now: testClock().now, ...overrides }
}

async function signIn(app: Hono, name = '__Host-staff-session') {
  const response = await app.request('/sign-in', { method: 'POST' })
  const cookie = setCookies(response).get(name)
  if (!cookie) throw new Error(`no ${name} cookie set`)
  return cookie
}

async function me(app: Hono, name: string, value: string) {
  const response = await app.request('/me', { headers: { cookie: `${name}=${value}` } })
  return ((await response.json()) as { session: unknown }).session
}

describe('session cookie', () => {
  it('is __Host- prefixed, Secure, HttpOnly, SameSite=Lax, for path / and 8 hours', async () => {
    const cookie = await signIn(sessionApp(settings()))
    const attributes = cookie.attributes.split('; ')
    expect(attributes).toEqual(
      expect.arrayContaining(['Max-Age=28800', 'Path=/', 'HttpOnly', 'Secure', 'SameSite=Lax']),
    )
    expect(attributes.some((attribute) => /^Domain=/i.test(attribute))).toBe(false)
  })

  it('drops the prefix and Secure on plain http://localhost', async () => {
    expect(sessionCookieName(false)).toBe('staff-session')
    const cookie = await signIn(sessionApp(settings({ secure: false })), 'staff-session')
    expect(cookie.attributes).not.toMatch(/Secure/)
    expect(cookie.attributes).toMatch(/HttpOnly/)
  })

  it('round-trips the identity with a fresh session id each time', async () => {
    const app = sessionApp(settings())
    const first = await signIn(app)
    const second = await signIn(app)
    const session = (await me(app, '__Host-staff-session', first.value)) as { id: string }
    expect(session).toMatchObject({
      staff: A_VIEWER,
      expiresAt: Date.parse('2026-03-02T17:00:00Z'),
    })
    const other = (await me(app, '__Host-staff-session', second.value)) as { id: string }
    expect(other.id).not.toBe(session.id)
  })

  it('is refused once expired', async () => {
    const clock = testClock()
    const app = sessionApp(settings({ now: clock.now }))
    const cookie = await signIn(app)
    clock.advance(EIGHT_HOURS - 1)
    expect(await me(app, '__Host-staff-session', cookie.value)).not.toBeNull()
    clock.advance(1)
    expect(await me(app, '__Host-staff-session', cookie.value)).toBeNull()
  })

  it('is refused when the identity was changed, even with the original signature', async () => {
    const app = sessionApp(settings())
    const cookie = await signIn(app)
    const [body = '', signature = ''] = cookie.value.split('.')
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'))
    payload.staff.role = 'manager'
    const promoted = `${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`
    expect(await me(app, '__Host-staff-session', promoted)).toBeNull()
  })

  it.each([
    [
      'a flipped signature character',
      (value: string) => value.replace(/.$/, (last) => (last === 'A' ? 'B' : 'A')),
    ],
    ['no signature', (value: string) => value.split('.')[0] ?? ''],
    ['an extra segment', (value: string) => `${value}.x`],
    ['garbage', () => 'not-a-session'],
  ])('is refused with %s', async (_case, tamper) => {
    const app = sessionApp(settings())
    const cookie = await signIn(app)
    expect(await me(app, '__Host-staff-session', tamper(cookie.value))).toBeNull()
  })

  it('is refused under another key', async () => {
    const cookie = await signIn(sessionApp(settings()))
    const otherKey = sessionApp(settings({ key: 'another-session-key-0123456789abcdefghij' }))
    expect(await me(otherKey, '__Host-staff-session', cookie.value)).toBeNull()
  })

  it('refuses a value signed with the key for another purpose', () => {
    const payload = { sid: 'a-session-id-long-enough', exp: Date.now() + 60_000, staff: A_MANAGER }
    const check = { key: SESSION_KEY, now: Date.now }
    expect(decodeSession(signValue('staff-session.v1', payload, SESSION_KEY), check)).toBeDefined()
    expect(
      decodeSession(signValue('staff-sign-in.v1', payload, SESSION_KEY), check),
    ).toBeUndefined()
  })

  it('refuses a signed payload that is not a session', () => {
    const check = { key: SESSION_KEY, now: Date.now }
    const bad = { sid: 'a-session-id-long-enough', exp: Date.now() + 60_000, staff: { id: 'x' } }
    expect(decodeSession(signValue('staff-session.v1', bad, SESSION_KEY), check)).toBeUndefined()
  })
})
