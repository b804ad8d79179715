import type { Env } from '../config/env.js'
import { AppError } from '../errors.js'
import type { Logger } from '../log.js'
import type { StaffAuthSettings } from './auth/staff-auth-settings.js'

/**
 * Staff authentication settings from the environment. Cognito when its variables are set (AWS);
 * the local tokens otherwise. Locally the session key is the data set's random key
 * (local-session-key.ts) unless STAFF_SESSION_KEY is set; on AWS it must be given (a secret).
 */
export function staffAuthFromEnv(
  env: Env,
  options: {
    orgId: string
    secureCookies: boolean
    log: Logger
    /** The local data set's own key, used when STAFF_SESSION_KEY is not set. */
    localSessionKey?: string
  },
): StaffAuthSettings {
  const sessionKey = env.STAFF_SESSION_KEY ?? options.localSessionKey
  if (!sessionKey)
    throw new AppError(
      'config.invalid',
      'Set STAFF_TOKEN (local) or STAFF_SESSION_KEY and the COGNITO_* settings to use the staff app.',
    )
  return {
    orgId: options.orgId,
    sessionKey,
    secureCookies: options.secureCookies,
    log: options.log,
    ...(env.STAFF_TOKEN || env.STAFF_VIEWER_TOKEN
      ? {
          local: {
            ...(env.STAFF_TOKEN ? { managerToken: env.STAFF_TOKEN } : {}),
            ...(env.STAFF_VIEWER_TOKEN ? { viewerToken: env.STAFF_VIEWER_TOKEN } : {}),
          },
        }
      : {}),
    ...(cognito(env) ? { cognito: cognito(env) } : {}),
  }
}

function cognito(env: Env): StaffAuthSettings['cognito'] {
  if (
    !env.COGNITO_USER_POOL_ID ||
    !env.COGNITO_CLIENT_ID ||
    !env.COGNITO_DOMAIN ||
    !env.STAFF_BASE_URL
  )
    return undefined
  const base = env.STAFF_BASE_URL.replace(/\/$/, '')
  return {
    region: env.AWS_REGION,
    userPoolId: env.COGNITO_USER_POOL_ID,
    clientId: env.COGNITO_CLIENT_ID,
    ...(env.COGNITO_CLIENT_SECRET ? { clientSecret: env.COGNITO_CLIENT_SECRET } : {}),
    domain: env.COGNITO_DOMAIN,
    callbackUrl: `${base}/staff/auth/callback`,
    signOutUrl: `${base}/staff/connexion`,
  }
}
