import type { Hono } from 'hono'
import { parisIsoDay } from '../../../shared/domain/paris-time.js'
import { exportMembersCsv } from '../../../shared/staff/export-members-csv.js'
import { findMembers } from '../../../shared/staff/find-members.js'
import { listMemberships } from '../../../shared/staff/list-memberships.js'
import type { StaffDeps } from '../../../shared/staff/staff-deps.js'
import type { StaffEnv } from '../auth/staff-auth-middleware.js'
import { tierLabeller } from './labels.js'
import { MembersPage } from './members-page.js'
import { pageFailure } from './page-failure.js'
import { pageView } from './page-view.js'

/** « Membres »: every membership a page at a time, a search by name, and the CSV export. */
export function addMemberRoutes(pages: Hono<StaffEnv>, deps: StaffDeps, sessionKey: string): void {
  pages.get('/membres', async (c) => {
    const q = (c.req.query('q') ?? '').trim().slice(0, 100)
    const cursor = c.req.query('apres') || undefined
    const view = await pageView(c, deps, 'membres')
    const common = {
      view,
      q,
      tierLabel: tierLabeller(deps.config.tiers),
      today: parisIsoDay(deps.now()),
    }
    if (q) {
      const members = q.length >= 2 ? await findMembers(deps, q) : undefined
      return c.html(<MembersPage {...common} members={members} />)
    }
    try {
      const list = await listMemberships(deps, sessionKey, cursor)
      return c.html(<MembersPage {...common} list={{ ...list, continued: cursor !== undefined }} />)
    } catch (error) {
      const failure = pageFailure(error, deps.log)
      return c.html(<MembersPage {...common} error={failure.message} />, failure.status)
    }
  })

  pages.get('/membres/export.csv', (c) =>
    c.body(exportMembersCsv(deps), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="membres-${parisIsoDay(deps.now())}.csv"`,
    }),
  )
}
