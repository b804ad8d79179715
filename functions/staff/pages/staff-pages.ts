import { Hono } from 'hono'
import { createMiddleware } from 'hono/factory'
import type { StaffDeps } from '../../../shared/staff/staff-deps.js'
import type { StaffAuth, StaffEnv } from '../auth/staff-auth-middleware.js'
import { addHomeRoutes } from './home-routes.js'
import { addMemberRoutes } from './member-routes.js'
import { errorPage, messagePage } from './message-page.js'
import { addReceiptRoutes } from './receipt-routes.js'
import { addReviewRoutes } from './review-routes.js'
import { addStaffAssetRoutes } from './staff-assets.js'

/**
 * Script and style come only from our own routes, frames only from our own PDFs, and nobody
 * frames these pages: what a page can load is fixed, whatever a donor's name contains.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ')

/**
 * The staff pages, server-rendered, mounted at /staff by createStaffApp: home, receipts (search,
 * detail, resend, cancel, correct), the review queue and members. Pages call the use cases
 * directly; the browser uses the JSON API only for instant search and the PDF.
 */
export function createStaffPages(deps: StaffDeps, auth: StaffAuth): Hono<StaffEnv> {
  const pages = new Hono<StaffEnv>()
  addStaffAssetRoutes(pages)
  pages.use('*', auth.requireStaff({ redirectToSignIn: true }), async (c, next) => {
    c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY)
    c.header('Referrer-Policy', 'same-origin')
    c.header('X-Content-Type-Options', 'nosniff')
    return next()
  })
  pages.use('*', sameOrganisation(deps))
  pages.onError((error, c) => errorPage(c, deps, error))
  addHomeRoutes(pages, deps)
  addReceiptRoutes(pages, deps, auth.session.key)
  addReviewRoutes(pages, deps)
  addMemberRoutes(pages, deps, auth.session.key)
  return pages
}

/** An identity of another organisation never reads or acts here, whatever its role. */
function sameOrganisation(deps: StaffDeps) {
  return createMiddleware<StaffEnv>(async (c, next) => {
    if (c.get('staff').orgId === deps.table.orgId) return next()
    return messagePage(c, deps, {
      section: 'accueil',
      title: 'Accès refusé',
      message: 'Ce compte appartient à une autre organisation.',
      status: 403,
    })
  })
}
