import type { Context } from 'hono'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { errorSummary } from '../../shared/errors.js'
import { isAllowedIp, resolveClientIp } from '../../shared/ingest/client-ip.js'
import type { IngestSettings } from '../../shared/ingest/ingest-settings.js'
import { type IngestDeps, receiveNotification } from '../../shared/ingest/receive-notification.js'
import { secretMatches } from '../../shared/ingest/secret-matches.js'
import { verifyHelloAssoSignature } from '../../shared/ingest/verify-signature.js'

export interface IngestAppDeps extends IngestDeps {
  settings: IngestSettings
  /** The TCP peer or the platform's source IP, by runtime. */
  remoteAddress: (c: Context) => string | undefined
}

/**
 * POST /webhooks/helloasso/:secret. Authentication failures answer without writing anything;
 * once authenticated, every body is kept and acknowledged (DESIGN invariant 8).
 */
export function createIngestApp(deps: IngestAppDeps): Hono {
  const { settings } = deps
  const app = new Hono()
  app.get('/healthz', (c) => c.json({ status: 'ok' }))
  app.post(
    '/webhooks/helloasso/:secret',
    async (c, next) => {
      if (!secretMatches(c.req.param('secret'), settings.webhookSecret))
        return c.json({ error: 'not found' }, 404)
      if (settings.ipAllowList) {
        const ip = resolveClientIp({
          remoteAddress: deps.remoteAddress(c),
          forwardedFor: c.req.header('x-forwarded-for'),
          trustedProxyHops: settings.trustedProxyHops,
        })
        if (!isAllowedIp(ip, settings.ipAllowList))
          return c.json({ error: 'forbidden source address' }, 403)
      }
      return next()
    },
    bodyLimit({
      maxSize: settings.maxBodyBytes,
      onError: (c) => c.json({ error: `body larger than ${settings.maxBodyBytes} bytes` }, 413),
    }),
    async (c) => {
      const bytes = new Uint8Array(await c.req.arrayBuffer())
      if (
        settings.signatureKey &&
        !verifyHelloAssoSignature(bytes, c.req.header('x-ha-signature'), settings.signatureKey)
      ) {
        return c.json({ error: 'invalid signature' }, 401)
      }
      const text = decodeUtf8(bytes)
      // Undecodable bytes are still kept (base64) for review; the content type says why.
      const rawBody = text ?? `base64:${Buffer.from(bytes).toString('base64')}`
      const contentType =
        text === undefined
          ? 'application/octet-stream; invalid UTF-8'
          : (c.req.header('content-type') ?? '')
      try {
        const received = await receiveNotification(deps, rawBody, contentType)
        return c.json({ id: received.id, status: received.status }, 200)
      } catch (error) {
        deps.log.error('ingest.failed', { error: errorSummary(error) })
        return c.json({ error: 'temporarily unavailable, retry later' }, 503)
      }
    },
  )
  return app
}

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return undefined
  }
}
