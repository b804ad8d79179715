import { createHmac, timingSafeEqual } from 'node:crypto'
import { AppError } from '../errors.js'

/**
 * `x-ha-signature` check (HelloAsso developer docs "secure-webhook"): lower-case hex of
 * HMAC-SHA256 over the raw request body, keyed with the notification URL's `signatureKey`.
 * Always hash the bytes received: re-serialised JSON would not match.
 */
export function verifyHelloAssoSignature(
  rawBody: Uint8Array | string,
  signatureHeader: string | undefined,
  key: string,
): boolean {
  const check = createSignatureCheck(key)
  check.update(rawBody)
  return check.matches(signatureHeader)
}

/**
 * The same check over a body read in chunks: a body too large to keep is still hashed as it is
 * drained, so whether HelloAsso sent it is known before anything is written about it.
 */
export function createSignatureCheck(key: string): {
  update: (chunk: Uint8Array | string) => void
  matches: (signatureHeader: string | undefined) => boolean
} {
  assertKey(key)
  const hmac = createHmac('sha256', key)
  return {
    update: (chunk) => {
      hmac.update(chunk)
    },
    matches: (signatureHeader) => {
      if (signatureHeader === undefined || !SIGNATURE_PATTERN.test(signatureHeader)) return false
      // Both sides are 32 bytes by now, so timingSafeEqual cannot throw on a length mismatch.
      return timingSafeEqual(hmac.digest(), Buffer.from(signatureHeader, 'hex'))
    },
  }
}

/** Signs a body as HelloAsso would, so tests can post realistic signed notifications. */
export function signHelloAssoBody(rawBody: Uint8Array | string, key: string): string {
  assertKey(key)
  return createHmac('sha256', key).update(rawBody).digest('hex')
}

// The docs show lower case; upper case costs nothing to accept and some proxies normalise hex.
const SIGNATURE_PATTERN = /^[0-9a-fA-F]{64}$/

function assertKey(key: string): void {
  // An empty key would make every forger's HMAC "valid": refuse to run rather than accept.
  if (key.length === 0) {
    throw new AppError(
      'config.invalid',
      'HelloAsso signature key is empty: set the signatureKey of the notification URL or disable signature checks',
    )
  }
}
