import { handle } from 'hono/aws-lambda'
import { createAwsBase } from '../../shared/aws/aws-composition.js'
import { withSecrets } from '../../shared/aws/load-secrets.js'
import { withReceiptSigning } from '../../shared/aws/receipt-signing.js'
import { staffAuthFromEnv } from '../../shared/staff/staff-auth-from-env.js'
import { createStaffApp } from './app.js'
import { createStaffAuth } from './auth/staff-auth-middleware.js'
import { createStaffPages } from './pages/staff-pages.js'

/** Composition root of the staff Lambda (API Gateway HTTP API → Hono): API, pages, sign-in. */
// Corrections and issues from review number receipts: they sign them.
const base = await withReceiptSigning(createAwsBase(await withSecrets(process.env)))
const auth = createStaffAuth(
  staffAuthFromEnv(base.env, {
    orgId: base.association.config.id,
    secureCookies: true,
    log: base.log,
  }),
)
const deps = {
  config: base.association.config,
  table: base.table,
  queue: base.queue,
  now: base.now,
  log: base.log,
}

export const handler = handle(createStaffApp({ deps, auth, pages: createStaffPages }))
