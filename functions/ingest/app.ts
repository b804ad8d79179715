import type { Context } from 'hono'
import { Hono } from 'hono'
import { errorSummary } from '../../shared/errors.js'
import { isAllowedIp, resolveClientIp } from '../../shared/ingest/client-ip.js'
import type { IngestSettings } from '../../shared/ingest/ingest-settings.js'
import { DRAIN_LIMIT_BYTES, readLimitedBody } from '../../shared/ingest/read-limited-body.js'
import { type IngestDeps, receiveNotification } from '../../shared/ingest/receive-notification.js'
import { recordOversizedBody } from '../../shared/ingest/record-oversized.js'
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
  app.post('/webhooks/helloasso/:secret', async (c) => {
    if (!secretMatches(c.req.param('secret'), settings.webhookSecret))
      return c.json({ error: 'not found' }, 404)
    const sourceIp = resolveClientIp({
      remoteAddress: deps.remoteAddress(c),
      forwardedFor: c.req.header('x-forwarded-for'),
      trustedProxyHops: settings.trustedProxyHops,
      trustedProxies: settings.trustedProxies,
    })
    if (settings.ipAllowList && !isAllowedIp(sourceIp, settings.ipAllowList))
      return c.json({ error: 'forbidden source address' }, 403)
    const receivedAt = deps.now().toISOString()
    const body = await readLimitedBody(c.req.raw, settings.maxBodyBytes)
    if (!body.fits) {
      await recordOversizedBody(deps.table, {
        bytes: body.bytes,
        maxBytes: settings.maxBodyBytes,
        receivedAt,
        headers: c.req.raw.headers,
        sourceIp,
      }).catch((error) =>
        deps.log.error('ingest.oversized-trace-failed', { error: errorSummary(error) }),
      )
      deps.log.warn('ingest.oversized', { bytes: body.bytes })
      if (body.bytes > DRAIN_LIMIT_BYTES) c.header('connection', 'close')
      return c.json({ error: `body larger than ${settings.maxBodyBytes} bytes` }, 413)
    }
    const bytes = body.bytes
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
  })
  return app
}

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return undefined
  }
}
