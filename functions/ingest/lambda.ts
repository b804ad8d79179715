import { handle, type LambdaEvent } from 'hono/aws-lambda'
import { createAwsBase } from '../../shared/aws/aws-composition.js'
import { withSecrets } from '../../shared/aws/load-secrets.js'
import { ingestSettingsFromEnv } from '../../shared/ingest/ingest-settings.js'
import { createIngestApp } from './app.js'

/** Composition root of the ingest Lambda (API Gateway HTTP API → Hono). */
// Secrets Manager values are read before the settings (top-level await: ESM bundle).
const base = createAwsBase(await withSecrets(process.env))

const app = createIngestApp({
  config: base.association.config,
  table: base.table,
  queue: base.queue,
  now: base.now,
  log: base.log,
  settings: ingestSettingsFromEnv(base.env, { requireSecret: true }),
  // API Gateway puts the caller's address in the request context; X-Forwarded-For is client-written.
  remoteAddress: (c) => {
    const event = (c.env as { event?: LambdaEvent } | undefined)?.event as
      | { requestContext?: { http?: { sourceIp?: string }; identity?: { sourceIp?: string } } }
      | undefined
    return event?.requestContext?.http?.sourceIp ?? event?.requestContext?.identity?.sourceIp
  },
})

export const handler = handle(app)
