import type { MembershipRecord } from '../domain/records.js'
import { AppError } from '../errors.js'
import { membershipsPage } from '../store/membership-queries.js'
import { openValue, signValue } from './auth/signed-value.js'
import type { StaffDeps } from './staff-deps.js'

const PURPOSE = 'members-page'
export const MEMBERS_PAGE_SIZE = 50

export interface MembershipListPage {
  memberships: MembershipRecord[]
  /** The cursor of the next page, signed for this organisation, when there is one. */
  next?: string
}

/**
 * « Membres »: every membership, newest validity first, a page at a time. The cursor is the
 * position of the last one (a date and an item id, no name), signed with the staff session key
 * so a browser can only give back what it was given.
 */
export async function listMemberships(
  deps: StaffDeps,
  sessionKey: string,
  cursor?: string,
): Promise<MembershipListPage> {
  const after = cursor ? openCursor(deps, sessionKey, cursor) : undefined
  const page = await membershipsPage(deps.table, MEMBERS_PAGE_SIZE, after)
  return {
    memberships: page.items,
    ...(page.after
      ? { next: signValue(PURPOSE, { o: deps.table.orgId, a: page.after }, sessionKey) }
      : {}),
  }
}

function openCursor(deps: StaffDeps, key: string, cursor: string): string {
  const payload = openValue(PURPOSE, cursor, key) as { o?: unknown; a?: unknown } | undefined
  if (payload?.o !== deps.table.orgId || typeof payload.a !== 'string')
    throw new AppError(
      'input.invalid',
      'Curseur de pagination invalide : il ne vient pas de cette liste. Recommencez depuis la première page.',
    )
  return payload.a
}
