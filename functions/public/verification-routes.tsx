import type { Hono } from 'hono'
import { listVerificationKeys } from '../../shared/store/verification-key-store.js'
import { verifyReceiptToken } from '../../shared/verification/receipt-verification.js'
import type { PublicDeps } from './public-deps.js'
import { PublicKeyPage } from './public-key-page.js'
import { UnknownLinkPage, VerificationPage } from './verification-page.js'

export function addVerificationRoutes(app: Hono, deps: PublicDeps): void {
  const associationName = deps.config.association.name
  app.get('/verifier', async (c) =>
    c.html(
      <PublicKeyPage
        associationName={associationName}
        keys={await listVerificationKeys(deps.table)}
      />,
    ),
  )
  app.get('/verifier/:token', async (c) => {
    const view = await verifyReceiptToken(deps.table, c.req.param('token'))
    if (!view) return c.html(<UnknownLinkPage associationName={associationName} />, 404)
    return c.html(<VerificationPage view={view} />)
  })
}
