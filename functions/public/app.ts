import type { Context } from 'hono'
import { Hono } from 'hono'
import { donorAccessPaths } from './donor-routes.js'
import { addPublicAssetRoutes } from './public-assets.js'
import type { PublicDeps } from './public-deps.js'
import { addVerificationRoutes } from './verification-routes.js'

/**
 * Nothing but our own script and style, no frames, and no Referer to other sites: the links carry
 * tokens that are nobody else's business. Not `no-referrer`: the browser would then send
 * `Origin: null` with our own forms, and the CSRF check wants to see our origin.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ')

/**
 * The public pages, no sign-in: `/verifier` (a receipt's QR code opens it) and `/mes-recus`
 * (a donor finds their receipts). Read-only on receipts; what they write is rate-limited.
 * Mounted by the local runtime beside the others, and alone by the public Lambda.
 */
export function createPublicApp(deps: PublicDeps): Hono {
  const app = new Hono()
  addPublicAssetRoutes(app)
  app.use('/verifier/*', securityHeaders)
  app.use('/verifier', securityHeaders)
  app.use('/mes-recus/*', securityHeaders)
  app.use('/mes-recus', securityHeaders)
  addVerificationRoutes(app, deps)
  donorAccessPaths(app, deps)
  return app
}

async function securityHeaders(c: Context, next: () => Promise<void>) {
  await next()
  c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY)
  c.header('Referrer-Policy', 'same-origin')
  c.header('X-Content-Type-Options', 'nosniff')
  c.header('X-Robots-Tag', 'noindex, nofollow')
  c.header('Cache-Control', 'no-store')
}
