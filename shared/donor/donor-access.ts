import { getDonorAccess } from '../store/donor-access-store.js'
import type { DonorDeps } from './donor-deps.js'
import { digest } from './request-donor-link.js'

export interface DonorSession {
  email: string
  expiresAt: string
  /** The SHA-256 of the link's secret: what counts a donor's correction requests. */
  secretHash: string
}

/** The donor a link belongs to, while it is valid; anything else is an unknown link. */
export async function openDonorAccess(
  deps: Pick<DonorDeps, 'table' | 'now'>,
  secret: string,
): Promise<DonorSession | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(secret)) return undefined
  const secretHash = digest(secret)
  const access = await getDonorAccess(deps.table, secretHash)
  // DynamoDB's TTL deletes late (up to days): the expiry is checked here.
  if (!access || Date.parse(access.expiresAt) <= deps.now().getTime()) return undefined
  return { email: access.email, expiresAt: access.expiresAt, secretHash }
}
