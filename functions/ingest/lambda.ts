import { handle, type LambdaEvent } from 'hono/aws-lambda'
import { createAwsBase } from '../../shared/aws/aws-composition.js'
import { AppError } from '../../shared/errors.js'
import { HELLOASSO_NOTIFICATION_IPS } from '../../shared/ingest/client-ip.js'
import { createIngestApp } from './app.js'

/** Composition root of the ingest Lambda (API Gateway HTTP API → Hono). */
const base = createAwsBase()
const { env } = base
if (!env.WEBHOOK_SECRET) throw new AppError('config.invalid', 'WEBHOOK_SECRET is required on AWS')
const allow = env.HELLOASSO_IP_ALLOWLIST

const app = createIngestApp({
  config: base.association.config,
  table: base.table,
  queue: base.queue,
  now: base.now,
  log: base.log,
  settings: {
    webhookSecret: env.WEBHOOK_SECRET,
    ...(env.HELLOASSO_SIGNATURE_KEY ? { signatureKey: env.HELLOASSO_SIGNATURE_KEY } : {}),
    ...(allow
      ? {
          ipAllowList: allow.flatMap((entry) =>
            entry === 'helloasso' ? HELLOASSO_NOTIFICATION_IPS : [entry],
          ),
        }
      : {}),
    trustedProxyHops: env.TRUSTED_PROXY_HOPS,
    maxBodyBytes: env.MAX_BODY_BYTES,
  },
  // API Gateway puts the caller's address in the request context; X-Forwarded-For is client-written.
  remoteAddress: (c) => {
    const event = (c.env as { event?: LambdaEvent } | undefined)?.event as
      | { requestContext?: { http?: { sourceIp?: string }; identity?: { sourceIp?: string } } }
      | undefined
    return event?.requestContext?.http?.sourceIp ?? event?.requestContext?.identity?.sourceIp
  },
})

export const handler = handle(app)
