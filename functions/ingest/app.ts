import type { Context } from 'hono'
import { Hono } from 'hono'
import { errorSummary } from '../../shared/errors.js'
import { isAllowedIp, resolveClientIp } from '../../shared/ingest/client-ip.js'
import type { IngestSettings } from '../../shared/ingest/ingest-settings.js'
import { DRAIN_LIMIT_BYTES, readLimitedBody } from '../../shared/ingest/read-limited-body.js'
import { type IngestDeps, receiveNotification } from '../../shared/ingest/receive-notification.js'
import { recordOversizedBody } from '../../shared/ingest/record-oversized.js'
import { secretMatches } from '../../shared/ingest/secret-matches.js'
import { createSignatureCheck } from '../../shared/ingest/verify-signature.js'

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
    // The signature covers every byte, kept or drained: an oversized body is refused like any
    // other unsigned one before anything is written about it.
    const signature = settings.signatureKey
      ? createSignatureCheck(settings.signatureKey)
      : undefined
    const body = await readLimitedBody(c.req.raw, settings.maxBodyBytes, signature?.update)
    const signed = !signature || signature.matches(c.req.header('x-ha-signature'))
    if (!body.fits) {
      if (body.bytes > DRAIN_LIMIT_BYTES) c.header('connection', 'close')
      deps.log.warn('ingest.oversized', { bytes: body.bytes })
      const tooLarge = () =>
        c.json({ error: `body larger than ${settings.maxBodyBytes} bytes` }, 413)
      // Not read to its end, it cannot be checked: answered, and nothing kept.
      if (signature && !body.drained) return tooLarge()
      if (!signed) return c.json({ error: 'invalid signature' }, 401)
      await recordOversizedBody(deps.table, {
        bytes: body.bytes,
        maxBytes: settings.maxBodyBytes,
        receivedAt,
        headers: c.req.raw.headers,
        sourceIp,
      }).catch((error) =>
        deps.log.error('ingest.oversized-trace-failed', { error: errorSummary(error) }),
      )
      return tooLarge()
    }
    if (!signed) return c.json({ error: 'invalid signature' }, 401)
    const bytes = body.bytes
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
