import { createHmac } from 'node:crypto'
import { secretMatches } from '../../ingest/secret-matches.js'

/**
 * `base64url(JSON).base64url(HMAC-SHA256)` for cookies we must get back unchanged. The purpose is
 * part of what is signed, so a value signed for one use (a sign-in cookie) is refused for another
 * (a session), even under the same key.
 */
export function signValue(purpose: string, payload: unknown, key: string): string {
  const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url')
  return `${body}.${mac(purpose, body, key)}`
}

/** The payload, or undefined if the value was not signed by us for this purpose. */
export function openValue(purpose: string, value: string, key: string): unknown {
  const [body, signature, extra] = value.split('.')
  if (!body || !signature || extra !== undefined) return undefined
  if (!secretMatches(signature, mac(purpose, body, key))) return undefined
  try {
    return JSON.parse(Buffer.from(body, 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
}

/** A MAC of a short text under the key, e.g. a CSRF token bound to a session id. */
export function mac(purpose: string, text: string, key: string): string {
  return createHmac('sha256', key).update(`${purpose}\n${text}`, 'utf8').digest('base64url')
}
