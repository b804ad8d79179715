import { AppError } from '../../errors.js'
import type { Logger } from '../../log.js'
import type { LocalTokenSettings } from './local-tokens.js'

export interface CognitoSettings {
  region: string
  userPoolId: string
  /** The app client of the staff app (public or confidential). */
  clientId: string
  clientSecret?: string
  /** Hosted UI host, without scheme: `<prefix>.auth.<region>.amazoncognito.com` or a custom domain. */
  domain: string
  /** Absolute URL of /staff/auth/callback, registered as a callback URL of the app client. */
  callbackUrl: string
  /** Absolute URL of /staff/connexion, registered as a sign-out URL of the app client. */
  signOutUrl: string
}

/**
 * Everything the staff authentication needs, as plain values: the composition root reads the
 * environment and passes them in. Cognito set = hosted-UI sign-in for the page and Cognito
 * bearer tokens for the API; local tokens set = bearer tokens and the token sign-in form (when
 * Cognito is not set). Both may be set: the local tokens then still work as bearer tokens.
 */
export interface StaffAuthSettings {
  /** The organisation served: identities from local tokens, and Cognito ones without `custom:org`. */
  orgId: string
  /** HMAC key of the session cookie and CSRF tokens, at least 32 characters of randomness. */
  sessionKey: string
  /** Default true. false only for http://localhost (npm start): browsers drop Secure cookies over http. */
  secureCookies?: boolean
  /** Default 8 hours. */
  sessionTtlMs?: number
  local?: LocalTokenSettings
  cognito?: CognitoSettings
  /** For the JWKS and the code exchange; default global fetch. */
  fetch?: typeof fetch
  now?: () => number
  log?: Logger
}

export const MIN_SESSION_KEY_LENGTH = 32

/** Refuses a guessable key and Cognito URLs that the hosted UI would reject anyway. */
export function checkStaffAuthSettings(settings: StaffAuthSettings): void {
  if (settings.sessionKey.length < MIN_SESSION_KEY_LENGTH) {
    throw new AppError(
      'config.invalid',
      `the staff session key (STAFF_SESSION_KEY) must be at least ${MIN_SESSION_KEY_LENGTH} characters, e.g. the output of \`openssl rand -base64 48\``,
    )
  }
  if (!settings.orgId)
    throw new AppError('config.invalid', 'the staff app needs the organisation id it serves')
  const { cognito } = settings
  if (cognito) {
    if (/[/:]/.test(cognito.domain)) {
      throw new AppError(
        'config.invalid',
        `COGNITO_DOMAIN must be a host name without scheme or path, got "${cognito.domain}"`,
      )
    }
    for (const [name, url] of [
      ['callbackUrl', cognito.callbackUrl],
      ['signOutUrl', cognito.signOutUrl],
    ] as const) {
      if (!URL.canParse(url)) {
        throw new AppError(
          'config.invalid',
          `the Cognito ${name} must be an absolute URL, got "${url}"`,
        )
      }
    }
  }
}
