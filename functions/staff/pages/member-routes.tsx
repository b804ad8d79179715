import type { Hono } from 'hono'
import { parisIsoDay } from '../../../shared/domain/paris-time.js'
import { findMembers } from '../../../shared/staff/find-members.js'
import type { StaffDeps } from '../../../shared/staff/staff-deps.js'
import type { StaffEnv } from '../auth/staff-auth-middleware.js'
import { tierLabeller } from './labels.js'
import { MembersPage } from './members-page.js'
import { pageView } from './page-view.js'

export function addMemberRoutes(pages: Hono<StaffEnv>, deps: StaffDeps): void {
  pages.get('/membres', async (c) => {
    const q = (c.req.query('q') ?? '').trim().slice(0, 100)
    const [members, view] = await Promise.all([
      q.length >= 2 ? findMembers(deps, q) : undefined,
      pageView(c, deps, 'membres'),
    ])
    return c.html(
      <MembersPage
        view={view}
        q={q}
        members={members}
        tierLabel={tierLabeller(deps.config.tiers)}
        today={parisIsoDay(deps.now())}
      />,
    )
  })
}
