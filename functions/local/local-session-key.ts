import { randomBytes } from 'node:crypto'
import { loadOrCreateDataSetSecret } from './data-set-secret.js'

/**
 * The key that signs staff sessions and CSRF tokens locally: random, made once per data set and
 * kept beside its data (owner-only), so a restart keeps people signed in and knowing STAFF_TOKEN
 * does not give it. STAFF_SESSION_KEY, when set, replaces it.
 */
export function loadOrCreateSessionKey(dataDir: string): Promise<string> {
  return loadOrCreateDataSetSecret(
    dataDir,
    'staff-session.key',
    () => `${randomBytes(48).toString('base64url')}\n`,
  )
}
