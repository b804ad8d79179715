import { createHash } from 'node:crypto'
import type { Hono } from 'hono'
import type { StaffEnv } from '../auth/staff-auth-middleware.js'
import { STAFF_CSS } from './staff-css.js'
import { STAFF_SCRIPT } from './staff-script.js'

const version = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12)

/** The content hash is in the name, so browsers may keep a file for a year and never get a stale one. */
export const STYLESHEET_PATH = `/staff/assets/staff-${version(STAFF_CSS)}.css`
export const SCRIPT_PATH = `/staff/assets/staff-${version(STAFF_SCRIPT)}.js`

/**
 * Served before authentication: they hold no personal data, and the sign-in page could use the
 * stylesheet too. Registered on the pages app, whose paths are relative to /staff.
 */
export function addStaffAssetRoutes(pages: Hono<StaffEnv>): void {
  const cached = {
    'Cache-Control': 'public, max-age=31536000, immutable',
    'X-Content-Type-Options': 'nosniff',
  }
  pages.get(STYLESHEET_PATH.slice('/staff'.length), (c) =>
    c.body(STAFF_CSS, 200, { ...cached, 'Content-Type': 'text/css; charset=utf-8' }),
  )
  pages.get(SCRIPT_PATH.slice('/staff'.length), (c) =>
    c.body(STAFF_SCRIPT, 200, { ...cached, 'Content-Type': 'text/javascript; charset=utf-8' }),
  )
}
