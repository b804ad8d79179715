import { createRemoteJWKSet, customFetch, errors, jwtVerify } from 'jose'
import * as z from 'zod'
import { AppError } from '../../errors.js'
import type { StaffIdentity, StaffRole } from './staff-identity.js'

export interface CognitoVerifierSettings {
  region: string
  userPoolId: string
  /** The app client the staff app signs in with: an ID token minted for another client is refused. */
  clientId: string
  /** The organisation served, for identities whose token has no `custom:org`. */
  orgId: string
  fetch?: typeof fetch
}

/** Why a token was refused: for logs and tests, never shown to the caller. */
export type TokenRefusal =
  | 'malformed'
  | 'unknown-key'
  | 'bad-signature'
  | 'expired'
  | 'wrong-issuer'
  | 'wrong-token-use'
  | 'wrong-audience'
  | 'bad-claims'
  | 'no-group'

export type TokenCheck = { ok: true; identity: StaffIdentity } | { ok: false; reason: TokenRefusal }

/** A refused token is an outcome; an unreachable JWKS is a failure (AppError), not a 401. */
export type CognitoVerifier = (token: string) => Promise<TokenCheck>

const IdTokenClaimsSchema = z.object({
  sub: z.string().min(1),
  token_use: z.string(),
  aud: z.union([z.string(), z.array(z.string())]).optional(),
  'cognito:groups': z.array(z.string()).optional(),
  'cognito:username': z.string().optional(),
  name: z.string().optional(),
  email: z.string().optional(),
  'custom:org': z.string().optional(),
})

/**
 * Verifies Cognito **ID tokens** only. The ID token is the one that carries who the person is
 * (name, email, `custom:org`) for the audit trail and the organisation check, and its `aud` is our
 * app client; an access token has none of these (it names the client in `client_id` and carries
 * no custom attributes). API Gateway's Cognito authorizer takes ID tokens for the same reason.
 * RS256 only, so a token cannot pick a weaker algorithm (`none`, HS256 keyed with the public key).
 */
export function createCognitoVerifier(settings: CognitoVerifierSettings): CognitoVerifier {
  const issuer = `https://cognito-idp.${settings.region}.amazonaws.com/${settings.userPoolId}`
  const jwks = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`), {
    ...(settings.fetch ? { [customFetch]: settings.fetch } : {}),
  })
  return async (token) => {
    let payload: unknown
    try {
      ;({ payload } = await jwtVerify(token, jwks, {
        issuer,
        algorithms: ['RS256'],
        requiredClaims: ['exp', 'sub', 'token_use'],
      }))
    } catch (error) {
      return { ok: false, reason: refusalFor(error) }
    }
    const claims = IdTokenClaimsSchema.safeParse(payload)
    if (!claims.success) return { ok: false, reason: 'bad-claims' }
    const { data } = claims
    if (data.token_use !== 'id') return { ok: false, reason: 'wrong-token-use' }
    const audiences = typeof data.aud === 'string' ? [data.aud] : (data.aud ?? [])
    if (!audiences.includes(settings.clientId)) return { ok: false, reason: 'wrong-audience' }
    const role = roleFromGroups(data['cognito:groups'] ?? [])
    if (!role) return { ok: false, reason: 'no-group' }
    return {
      ok: true,
      identity: {
        id: data.sub,
        name: data.name || data.email || data['cognito:username'] || data.sub,
        ...(data.email ? { email: data.email } : {}),
        role,
        orgId: data['custom:org'] || settings.orgId,
      },
    }
  }
}

/** `manager` wins, so promoting a viewer needs no removal from the viewer group. */
export function roleFromGroups(groups: readonly string[]): StaffRole | undefined {
  if (groups.includes('manager')) return 'manager'
  if (groups.includes('viewer')) return 'viewer'
  return undefined
}

/**
 * Sorts jose's errors into what the token did wrong and what went wrong on our side: only the
 * former is the caller's fault. Anything unrecognised (timeout, non-200 JWKS, network) is thrown.
 */
function refusalFor(error: unknown): TokenRefusal {
  if (error instanceof errors.JWTExpired) return 'expired'
  if (error instanceof errors.JWTClaimValidationFailed)
    return error.claim === 'iss' ? 'wrong-issuer' : 'bad-claims'
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad-signature'
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys)
    return 'unknown-key'
  if (
    error instanceof errors.JWSInvalid ||
    error instanceof errors.JWTInvalid ||
    error instanceof errors.JOSEAlgNotAllowed ||
    error instanceof errors.JOSENotSupported
  )
    return 'malformed'
  throw new AppError('runtime.unavailable', 'cannot fetch the Cognito signing keys (JWKS)', {
    cause: error,
  })
}
