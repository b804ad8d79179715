import {
  type CryptoKey,
  exportJWK,
  generateKeyPair,
  type JWK,
  type JWTPayload,
  SignJWT,
} from 'jose'
import { HttpResponse, http } from 'msw'

export const REGION = 'eu-west-3'
export const USER_POOL_ID = 'eu-west-3_Test42'
export const CLIENT_ID = 'staff-app-client-id'
export const ORG_ID = 'labo-ess'
export const ISSUER = `https://cognito-idp.${REGION}.amazonaws.com/${USER_POOL_ID}`
export const JWKS_URL = `${ISSUER}/.well-known/jwks.json`

export interface SigningKey {
  kid: string
  privateKey: CryptoKey
  publicJwk: JWK
}

export async function createSigningKey(kid: string): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair('RS256')
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }
  return { kid, privateKey, publicJwk }
}

/** Claims of a Cognito ID token for a manager; `undefined` in overrides removes a claim. */
export function idTokenClaims(overrides: Record<string, unknown> = {}): JWTPayload {
  const now = Math.floor(Date.now() / 1000)
  const claims: Record<string, unknown> = {
    sub: '7f1c2a9e-0b4d-4c55-9a43-3a1e5c0d9b21',
    aud: CLIENT_ID,
    iss: ISSUER,
    token_use: 'id',
    'cognito:groups': ['manager'],
    'cognito:username': 'camille',
    name: 'Camille Martin',
    email: 'camille@labo-ess.example',
    email_verified: true,
    auth_time: now,
    iat: now,
    exp: now + 3600,
    ...overrides,
  }
  for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name]
  return claims
}

/** Signs like Cognito: RS256 with the key's kid in the header. */
export function signToken(key: SigningKey, claims: JWTPayload): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: key.kid }).sign(key.privateKey)
}

/**
 * A user pool for one test file: its signing key, a forger's key with the same kid, and an msw
 * handler serving the pool's JWKS at the real Cognito URL, counting the fetches.
 */
export async function createTestPool() {
  const key = await createSigningKey('pool-key-1')
  const forger = await createSigningKey('pool-key-1')
  const jwks = { fetches: 0 }
  const jwksHandler = http.get(JWKS_URL, () => {
    jwks.fetches += 1
    return HttpResponse.json({ keys: [key.publicJwk] })
  })
  return {
    key,
    forger,
    jwks,
    jwksHandler,
    idToken: (overrides: Record<string, unknown> = {}) => signToken(key, idTokenClaims(overrides)),
  }
}
