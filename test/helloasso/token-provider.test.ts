import { describe, expect, it } from 'vitest'
import { AppError } from '../../shared/errors.js'
import { createTokenProvider } from '../../shared/helloasso/token-provider.js'

const TOKEN_URL = 'https://auth.helloasso.test/oauth2/token'
const CLIENT_ID = 'client-id-for-tests'
const CLIENT_SECRET = 'client-secret-for-tests-7f3a'

interface SentRequest {
  url: string
  method: string | undefined
  contentType: string | null
  form: URLSearchParams
}

type Responder = (request: SentRequest, signal: AbortSignal | undefined) => Promise<Response>

/** A fetch that answers from a script, one responder per call, and records what was sent. */
function scriptedFetch(...responders: Responder[]) {
  const sent: SentRequest[] = []
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const request: SentRequest = {
      url: String(input),
      method: init?.method,
      contentType: new Headers(init?.headers).get('content-type'),
      form: new URLSearchParams(String(init?.body ?? '')),
    }
    sent.push(request)
    const responder = responders.shift()
    if (!responder) throw new Error('scriptedFetch: unexpected request')
    return responder(request, init?.signal ?? undefined)
  }) as typeof fetch
  return { fetch: fetchImpl, sent }
}

function tokenResponse(accessToken: string, expiresIn = 1800, refreshToken?: string): Responder {
  return async () =>
    Response.json({
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: expiresIn,
      ...(refreshToken ? { refresh_token: refreshToken } : {}),
    })
}

function status(code: number, body: unknown = { error: 'server_error' }): Responder {
  return async () => Response.json(body, { status: code })
}

/** Resolves only when the test says so: lets several callers wait on one request. */
function held() {
  let release: (response: Response) => void = () => {}
  let markStarted: () => void = () => {}
  const started = new Promise<void>((resolve) => {
    markStarted = resolve
  })
  const responder: Responder = () =>
    new Promise<Response>((resolve) => {
      release = resolve
      markStarted()
    })
  return { responder, started, release: (response: Response) => release(response) }
}

function clock(start = Date.parse('2026-03-01T10:00:00Z')) {
  let current = start
  return { now: () => current, advance: (ms: number) => (current += ms) }
}

function provider(fetchImpl: typeof fetch, now?: () => number, timeoutMs?: number) {
  return createTokenProvider({
    tokenUrl: TOKEN_URL,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    fetch: fetchImpl,
    ...(now ? { now } : {}),
    ...(timeoutMs ? { timeoutMs } : {}),
  })
}

async function caught(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  expect(error).toBeInstanceOf(AppError)
  return error as AppError
}

describe('createTokenProvider', () => {
  it('asks for a client-credentials token with a form-urlencoded body', async () => {
    const { fetch, sent } = scriptedFetch(tokenResponse('access-1'))

    await expect(provider(fetch).getToken()).resolves.toBe('access-1')

    expect(sent).toHaveLength(1)
    const [request] = sent
    expect(request?.url).toBe(TOKEN_URL)
    expect(request?.method).toBe('POST')
    expect(request?.contentType).toBe('application/x-www-form-urlencoded')
    expect(Object.fromEntries(request?.form ?? [])).toEqual({
      grant_type: 'client_credentials',
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
    })
  })

  it('reuses the token until one minute before expires_in, then asks again', async () => {
    const time = clock()
    const { fetch, sent } = scriptedFetch(tokenResponse('access-1'), tokenResponse('access-2'))
    const tokens = provider(fetch, time.now)

    await tokens.getToken()
    time.advance(1739_000)
    await expect(tokens.getToken()).resolves.toBe('access-1')
    expect(sent).toHaveLength(1)

    time.advance(2_000)
    await expect(tokens.getToken()).resolves.toBe('access-2')
    expect(sent).toHaveLength(2)
  })

  it('keeps a short-lived token for half its life rather than never caching it', async () => {
    const time = clock()
    const { fetch, sent } = scriptedFetch(tokenResponse('short', 60), tokenResponse('next', 60))
    const tokens = provider(fetch, time.now)

    await tokens.getToken()
    time.advance(29_000)
    await expect(tokens.getToken()).resolves.toBe('short')
    time.advance(2_000)
    await expect(tokens.getToken()).resolves.toBe('next')
    expect(sent).toHaveLength(2)
  })

  it('shares one token request between concurrent callers', async () => {
    const slow = held()
    const { fetch, sent } = scriptedFetch(slow.responder)
    const tokens = provider(fetch)

    const callers = Promise.all([tokens.getToken(), tokens.getToken(), tokens.getToken()])
    await slow.started
    slow.release(Response.json({ access_token: 'shared', expires_in: 1800 }))

    await expect(callers).resolves.toEqual(['shared', 'shared', 'shared'])
    expect(sent).toHaveLength(1)
  })

  it('gives every concurrent caller the failure, then tries again on the next call', async () => {
    const { fetch, sent } = scriptedFetch(status(503), tokenResponse('after-outage'))
    const tokens = provider(fetch)

    const results = await Promise.allSettled([tokens.getToken(), tokens.getToken()])
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected'])
    expect(sent).toHaveLength(1)

    await expect(tokens.getToken()).resolves.toBe('after-outage')
    expect(sent).toHaveLength(2)
  })

  it('drops the cached token on invalidate() and uses the refresh token for the next one', async () => {
    const { fetch, sent } = scriptedFetch(
      tokenResponse('access-1', 1800, 'refresh-1'),
      tokenResponse('access-2', 1800, 'refresh-2'),
    )
    const tokens = provider(fetch)

    const first = await tokens.getToken()
    tokens.invalidate(first)

    await expect(tokens.getToken()).resolves.toBe('access-2')
    expect(Object.fromEntries(sent[1]?.form ?? [])).toEqual({
      grant_type: 'refresh_token',
      client_id: CLIENT_ID,
      refresh_token: 'refresh-1',
    })
  })

  it('ignores invalidate() for a token that was already replaced', async () => {
    const { fetch, sent } = scriptedFetch(tokenResponse('access-1'), tokenResponse('access-2'))
    const tokens = provider(fetch)

    const stale = await tokens.getToken()
    tokens.invalidate()
    const fresh = await tokens.getToken()
    tokens.invalidate(stale)

    await expect(tokens.getToken()).resolves.toBe(fresh)
    expect(sent).toHaveLength(2)
  })

  it('falls back to client credentials when the refresh grant is refused', async () => {
    const { fetch, sent } = scriptedFetch(
      tokenResponse('access-1', 1800, 'refresh-1'),
      status(400, { error: 'invalid_grant' }),
      tokenResponse('access-3'),
    )
    const tokens = provider(fetch)

    tokens.invalidate(await tokens.getToken())

    await expect(tokens.getToken()).resolves.toBe('access-3')
    expect(sent.map((request) => request.form.get('grant_type'))).toEqual([
      'client_credentials',
      'refresh_token',
      'client_credentials',
    ])
  })

  it('does not try a refresh token older than its 30-day lifetime', async () => {
    const time = clock()
    const { fetch, sent } = scriptedFetch(
      tokenResponse('access-1', 1800, 'refresh-1'),
      tokenResponse('access-2'),
    )
    const tokens = provider(fetch, time.now)

    await tokens.getToken()
    time.advance(30 * 24 * 60 * 60 * 1000)

    await expect(tokens.getToken()).resolves.toBe('access-2')
    expect(sent.map((request) => request.form.get('grant_type'))).toEqual([
      'client_credentials',
      'client_credentials',
    ])
  })

  it('reports refused credentials as unauthorized without echoing the secret', async () => {
    const { fetch } = scriptedFetch(
      status(401, { error: 'invalid_client', error_description: CLIENT_SECRET }),
    )

    const error = await caught(provider(fetch).getToken())

    expect(error.code).toBe('helloasso.unauthorized')
    expect(error.message).toContain('invalid_client')
    expect(error.message).not.toContain(CLIENT_SECRET)
  })

  it.each([500, 502, 503, 429])(
    'reports a %i from the token endpoint as unavailable',
    async (code) => {
      const { fetch } = scriptedFetch(status(code))

      const error = await caught(provider(fetch).getToken())

      expect(error.code).toBe('helloasso.unavailable')
      expect(error.transient).toBe(true)
    },
  )

  it('reports a network failure as unavailable', async () => {
    const { fetch } = scriptedFetch(async () => {
      throw new TypeError('fetch failed')
    })

    expect((await caught(provider(fetch).getToken())).code).toBe('helloasso.unavailable')
  })

  it('gives up after timeoutMs and reports the endpoint unavailable', async () => {
    const { fetch } = scriptedFetch(
      (_request, signal) =>
        new Promise<Response>((_resolve, reject) => {
          signal?.addEventListener('abort', () => reject(signal.reason), { once: true })
        }),
    )

    const error = await caught(provider(fetch, undefined, 20).getToken())

    expect(error.code).toBe('helloasso.unavailable')
    expect(error.message).toContain('no answer within 20 ms')
  })

  it('reports a body that is not JSON as an invalid response, quoting none of it', async () => {
    const { fetch } = scriptedFetch(async () => new Response('{"access_token":"leaky-token-value"'))

    const error = await caught(provider(fetch).getToken())

    expect(error.code).toBe('helloasso.invalidResponse')
    expect(`${error.message} ${String(error.cause)}`).not.toContain('leaky-token-value')
  })

  it('names the missing fields of a malformed token response but never the token', async () => {
    const { fetch } = scriptedFetch(
      status(200, { access_token: 'leaky-token-value', expires_in: 'soon' }),
    )

    const error = await caught(provider(fetch).getToken())

    expect(error.code).toBe('helloasso.invalidResponse')
    expect(error.message).toContain('expires_in')
    expect(error.message).not.toContain('leaky-token-value')
  })
})
