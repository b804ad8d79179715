import type { MembershipRecord } from '../domain/records.js'
import { getMembership } from '../store/membership-store.js'
import { membershipIdsByNamePrefix } from '../store/receipt-queries.js'
import { normalizeForSearch, searchTokens } from '../store/search-tokens.js'
import type { StaffDeps } from './staff-deps.js'

export interface MemberResult {
  name: string
  memberships: MembershipRecord[]
}

/** Members whose name starts with every word typed, each with their memberships, newest first. */
export async function findMembers(deps: StaffDeps, q: string, limit = 25): Promise<MemberResult[]> {
  const words = normalizeForSearch(q).split(' ').filter(Boolean)
  if (words.length === 0) return []
  const longest = words.reduce((a, b) => (b.length > a.length ? b : a))
  const ids = await membershipIdsByNamePrefix(deps.table, longest, limit * 4)
  const memberships = (await Promise.all(ids.map((id) => getMembership(deps.table, id)))).filter(
    (m): m is MembershipRecord => {
      if (!m) return false
      const tokens = searchTokens(m.member.lastName, m.member.firstName)
      return words.every((word) => tokens.some((token) => token.startsWith(word)))
    },
  )
  const byMember = new Map<string, MembershipRecord[]>()
  for (const m of memberships) {
    const name = `${m.member.firstName} ${m.member.lastName}`.trim()
    byMember.set(name, [...(byMember.get(name) ?? []), m])
  }
  return [...byMember].slice(0, limit).map(([name, list]) => ({
    name,
    memberships: list.sort((a, b) => b.validFrom.localeCompare(a.validFrom)),
  }))
}
