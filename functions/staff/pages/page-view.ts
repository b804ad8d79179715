import type { Context } from 'hono'
import type { StaffIdentity } from '../../../shared/staff/auth/staff-identity.js'
import type { StaffDeps } from '../../../shared/staff/staff-deps.js'
import { openReviewCount } from '../../../shared/store/review-store.js'
import { csrfToken } from '../auth/csrf.js'
import type { StaffEnv } from '../auth/staff-auth-middleware.js'

export type Section = 'accueil' | 'recus' | 'a-verifier' | 'membres'

/** What every page needs besides its own content: who is signed in and the layout's data. */
export interface PageView {
  staff: StaffIdentity
  /** '' for bearer requests, which need none. */
  csrf: string
  associationName: string
  /** Open review items, shown in the navigation so nobody has to go and look. */
  reviewCount: number
  section: Section
  canAct: boolean
  /** Unverified instance: a banner on every page says no receipt here is valid. */
  specimen: boolean
}

export async function pageView(
  c: Context<StaffEnv>,
  deps: StaffDeps,
  section: Section,
  reviewCount?: number,
): Promise<PageView> {
  const staff = c.get('staff')
  return {
    staff,
    csrf: csrfToken(c),
    associationName: deps.config.association.name,
    reviewCount: reviewCount ?? (await openReviewCount(deps.table)),
    section,
    canAct: staff.role === 'manager',
    specimen: deps.specimen === true,
  }
}
