import type { Hono } from 'hono'
import { parisCalendarDate } from '../../../shared/domain/paris-time.js'
import { dashboardStats } from '../../../shared/staff/dashboard-stats.js'
import { failedDeliveries } from '../../../shared/staff/failed-deliveries.js'
import { listReviewQueue } from '../../../shared/staff/review-queue.js'
import type { StaffDeps } from '../../../shared/staff/staff-deps.js'
import type { StaffEnv } from '../auth/staff-auth-middleware.js'
import { HomePage } from './home-page.js'
import { pageView } from './page-view.js'

export function addHomeRoutes(pages: Hono<StaffEnv>, deps: StaffDeps): void {
  pages.get('/', async (c) => {
    const today = parisCalendarDate(deps.now())
    const asked = Number(c.req.query('annee'))
    // Receipts exist from the first year of the service on; a typo falls back to this year.
    const year =
      Number.isInteger(asked) && asked >= 2000 && asked <= today.year ? asked : today.year
    const [stats, review, failed] = await Promise.all([
      dashboardStats(deps.table, year),
      listReviewQueue(deps.table),
      failedDeliveries(deps, year),
    ])
    const view = await pageView(c, deps, 'accueil', review.total)
    return c.html(
      <HomePage
        view={view}
        data={{
          stats,
          review,
          failed,
          currentYear: today.year,
          ...(year === today.year ? { currentMonth: today.month } : {}),
        }}
      />,
    )
  })
}
