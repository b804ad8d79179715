import type { MembershipRecord } from '../domain/records.js'

export type MembershipState = 'ended' | 'upcoming' | 'expired' | 'active'

/**
 * A membership as of `today` (a Paris day): ended by a refund or a contest, not started yet,
 * past its end date (whatever its record says), or running.
 */
export function membershipState(membership: MembershipRecord, today: string): MembershipState {
  if (membership.status === 'ended') return 'ended'
  if (today < membership.validFrom) return 'upcoming'
  if (today > membership.validTo) return 'expired'
  return 'active'
}
