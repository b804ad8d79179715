import { randomBytes } from 'node:crypto'

// Module-wide, so two sendings begun in the same millisecond of one process get ordered ids.
let lastMillis = 0
let sequence = 0

/**
 * A sending's identity (DeliveryState.sendId), e.g. "20260302T091502123Z-000000-3f9a1c2b": the
 * UTC time it was begun, a counter within the millisecond, and random bits for other processes.
 * It ends the Message-ID, tags the SES message and names the outbox file, so the outbox lists
 * sendings in the order they began. Letters, digits and "-" only: SES tag values allow no more.
 */
export function newSendId(): string {
  // A clock stepping back must not reorder the outbox.
  const now = Math.max(Date.now(), lastMillis)
  sequence = now === lastMillis ? sequence + 1 : 0
  lastMillis = now
  const time = new Date(now).toISOString().replace(/[-:.]/g, '')
  return `${time}-${sequence.toString().padStart(6, '0')}-${randomBytes(4).toString('hex')}`
}

/** What newSendId makes; older records hold 16 hex digits, which stay valid. */
export const SEND_ID = /^(?:\d{8}T\d{9}Z-\d{6}-[0-9a-f]{8}|[0-9a-f]{16})$/
