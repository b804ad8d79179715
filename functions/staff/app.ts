import { Hono } from 'hono'
import type { StaffDeps } from '../../shared/staff/staff-deps.js'
import { createStaffApiRoutes } from './api-routes.js'
import { createSignInRoutes } from './auth/sign-in-routes.js'
import type { StaffAuth, StaffEnv } from './auth/staff-auth-middleware.js'
import { STYLESHEET_PATH } from './pages/staff-assets.js'

export interface StaffAppParts {
  deps: StaffDeps
  auth: StaffAuth
  /** The server-rendered pages, mounted at /staff behind the same authentication. */
  pages?: (deps: StaffDeps, auth: StaffAuth) => Hono<StaffEnv>
}

/**
 * Everything under /staff: sign-in routes (public), the JSON API and the pages (authenticated).
 * Mounted by the local runtime beside the webhook, and alone by the staff Lambda.
 */
export function createStaffApp({ deps, auth, pages }: StaffAppParts): Hono<StaffEnv> {
  const app = new Hono<StaffEnv>()
  app.route('/staff', createSignInRoutes(auth, { stylesheetPath: STYLESHEET_PATH }))
  app.route('/staff/api', createStaffApiRoutes(deps, auth))
  if (pages) app.route('/staff', pages(deps, auth))
  return app
}
