import { createMiddleware } from 'hono/factory'
import type { StaffDeps } from '../../../shared/staff/staff-deps.js'
import type { StaffEnv } from '../auth/staff-auth-middleware.js'
import { messagePage } from './message-page.js'

/**
 * For the pages' POSTs: a viewer gets a page that says why, with 403, where the API's
 * requireRole('manager') would answer JSON. Placed after requireStaff.
 */
export function managerOnly(deps: StaffDeps) {
  return createMiddleware<StaffEnv>(async (c, next) => {
    if (c.get('staff').role === 'manager') return next()
    return messagePage(c, deps, {
      section: 'accueil',
      title: 'Action refusée',
      message: 'Action réservée aux gestionnaires\u00a0: demandez à un gestionnaire de la faire.',
      status: 403,
    })
  })
}
