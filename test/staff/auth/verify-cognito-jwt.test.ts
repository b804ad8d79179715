import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { HttpResponse, http } from 'msw'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../shared/errors.js'
import {
  type CognitoVerifier,
  createCognitoVerifier,
  roleFromGroups,
} from '../../../shared/staff/auth/verify-cognito-jwt.js'
import { setupMswServer } from '../../support/msw-server.js'
import {
  CLIENT_ID,
  createSigningKey,
  createTestPool,
  ISSUER,
  idTokenClaims,
  JWKS_URL,
  ORG_ID,
  REGION,
  signToken,
  USER_POOL_ID,
} from './support/cognito-pool.js'

const pool = await createTestPool()
const server = setupMswServer(pool.jwksHandler)

function verifier(): CognitoVerifier {
  return createCognitoVerifier({
    region: REGION,
    userPoolId: USER_POOL_ID,
    clientId: CLIENT_ID,
    orgId: ORG_ID,
  })
}

const now = () => Math.floor(Date.now() / 1000)

describe('createCognitoVerifier', () => {
  it('turns a manager ID token into a staff identity', async () => {
    const check = await verifier()(await pool.idToken())
    expect(check).toEqual({
      ok: true,
      identity: {
        id: '7f1c2a9e-0b4d-4c55-9a43-3a1e5c0d9b21',
        name: 'Camille Martin',
        email: 'camille@labo-ess.example',
        role: 'manager',
        orgId: ORG_ID,
      },
    })
  })

  it('gives the viewer role to the viewer group, and manager wins over viewer', async () => {
    const verify = verifier()
    const viewer = await verify(await pool.idToken({ 'cognito:groups': ['viewer'] }))
    expect(viewer.ok && viewer.identity.role).toBe('viewer')
    const both = await verify(await pool.idToken({ 'cognito:groups': ['viewer', 'manager'] }))
    expect(both.ok && both.identity.role).toBe('manager')
  })

  it('takes the organisation from custom:org, else the configured one', async () => {
    const verify = verifier()
    const other = await verify(await pool.idToken({ 'custom:org': 'autre-asso' }))
    expect(other.ok && other.identity.orgId).toBe('autre-asso')
    const blank = await verify(await pool.idToken({ 'custom:org': '' }))
    expect(blank.ok && blank.identity.orgId).toBe(ORG_ID)
  })

  it('names the person by name, else email, else username', async () => {
    const verify = verifier()
    const byEmail = await verify(await pool.idToken({ name: undefined }))
    expect(byEmail.ok && byEmail.identity.name).toBe('camille@labo-ess.example')
    const byUsername = await verify(await pool.idToken({ name: undefined, email: undefined }))
    expect(byUsername.ok && byUsername.identity).toMatchObject({ name: 'camille' })
    expect(byUsername.ok && 'email' in byUsername.identity).toBe(false)
  })

  it('fetches the JWKS once for many tokens', async () => {
    const before = pool.jwks.fetches
    const verify = verifier()
    for (let i = 0; i < 3; i += 1) expect((await verify(await pool.idToken())).ok).toBe(true)
    expect(pool.jwks.fetches - before).toBe(1)
  })

  it.each([
    ['an expired token', { exp: now() - 10, iat: now() - 3610 }, 'expired'],
    ['another user pool', { iss: `${ISSUER}-other` }, 'wrong-issuer'],
    ['another region', { iss: ISSUER.replace(REGION, 'eu-west-1') }, 'wrong-issuer'],
    ['another app client', { aud: 'another-client' }, 'wrong-audience'],
    ['no audience', { aud: undefined }, 'wrong-audience'],
    [
      'an access token',
      { token_use: 'access', aud: undefined, client_id: CLIENT_ID },
      'wrong-token-use',
    ],
    ['an access token that names our client in aud', { token_use: 'access' }, 'wrong-token-use'],
    ['no group', { 'cognito:groups': undefined }, 'no-group'],
    ['only unrelated groups', { 'cognito:groups': ['admins', 'Manager'] }, 'no-group'],
    ['no expiry', { exp: undefined }, 'bad-claims'],
    ['not valid yet', { nbf: now() + 600 }, 'bad-claims'],
    ['groups that are not a list', { 'cognito:groups': 'manager' }, 'bad-claims'],
  ])('refuses %s', async (_case, overrides, reason) => {
    expect(await verifier()(await pool.idToken(overrides))).toEqual({ ok: false, reason })
  })

  it('refuses a token signed by another key under the pool key id', async () => {
    const forged = await signToken(pool.forger, idTokenClaims())
    expect(await verifier()(forged)).toEqual({ ok: false, reason: 'bad-signature' })
  })

  it('refuses a token whose payload was changed after signing', async () => {
    const [header, , signature] = (await pool.idToken({ 'cognito:groups': ['viewer'] })).split('.')
    const payload = Buffer.from(JSON.stringify(idTokenClaims())).toString('base64url')
    const tampered = `${header}.${payload}.${signature}`
    expect(await verifier()(tampered)).toEqual({ ok: false, reason: 'bad-signature' })
  })

  it('refuses a token signed by a key the pool does not publish', async () => {
    const stranger = await createSigningKey('unknown-key')
    const token = await signToken(stranger, idTokenClaims())
    expect(await verifier()(token)).toEqual({ ok: false, reason: 'unknown-key' })
  })

  it('refuses unsigned tokens and tokens signed with another algorithm', async () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
    const unsigned = `${encode({ alg: 'none' })}.${encode(idTokenClaims())}.`
    const hs256 = `${encode({ alg: 'HS256', kid: pool.key.kid })}.${encode(idTokenClaims())}.c2ln`
    const verify = verifier()
    expect(await verify(unsigned)).toEqual({ ok: false, reason: 'malformed' })
    expect(await verify(hs256)).toEqual({ ok: false, reason: 'malformed' })
  })

  it('accepts RS256 only, even from a key the JWKS publishes without an algorithm', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS512')
    const publicJwk = { ...(await exportJWK(publicKey)), kid: 'rs512-key' }
    const verify = createCognitoVerifier({
      region: REGION,
      userPoolId: USER_POOL_ID,
      clientId: CLIENT_ID,
      orgId: ORG_ID,
      fetch: async () => Response.json({ keys: [publicJwk] }),
    })
    const token = await new SignJWT(idTokenClaims())
      .setProtectedHeader({ alg: 'RS512', kid: 'rs512-key' })
      .sign(privateKey)
    expect(await verify(token)).toEqual({ ok: false, reason: 'malformed' })
  })

  it.each([['not-a-jwt'], ['a.b.c'], ['']])('refuses the malformed token %j', async (token) => {
    expect(await verifier()(token)).toEqual({ ok: false, reason: 'malformed' })
  })

  it('throws an AppError, not a refusal, when the JWKS cannot be fetched', async () => {
    server.use(http.get(JWKS_URL, () => HttpResponse.json({ message: 'boom' }, { status: 500 })))
    const failure = await verifier()(await pool.idToken()).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(AppError)
    expect(failure).toMatchObject({ code: 'runtime.unavailable' })
  })

  it('fetches the JWKS with the fetch it is given', async () => {
    const urls: string[] = []
    const verify = createCognitoVerifier({
      region: REGION,
      userPoolId: USER_POOL_ID,
      clientId: CLIENT_ID,
      orgId: ORG_ID,
      fetch: async (url) => {
        urls.push(String(url))
        return Response.json({ keys: [pool.key.publicJwk] })
      },
    })
    expect((await verify(await pool.idToken())).ok).toBe(true)
    expect(urls).toEqual([JWKS_URL])
  })
})

describe('roleFromGroups', () => {
  it('is exact about group names', () => {
    expect(roleFromGroups(['manager'])).toBe('manager')
    expect(roleFromGroups(['viewer'])).toBe('viewer')
    expect(roleFromGroups(['managers', 'VIEWER'])).toBeUndefined()
    expect(roleFromGroups([])).toBeUndefined()
  })
})
