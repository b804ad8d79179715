import type { Mailer } from '../mail/mailer.js'
import { findSesSend } from '../store/receipt-delivery-store.js'
import type { TableContext } from '../store/table-context.js'

export interface SesSendLookupOptions {
  /** How long a takeover waits for SES's word on the sending it continues. */
  waitMs?: number
  /** How often it looks meanwhile. */
  pollMs?: number
  sleep?: (ms: number) => Promise<void>
}

/**
 * A takeover happens a lease (90 s) after the dead worker's claim, so any message it sent was
 * taken by SES 30 s or more before; SES's send event travels through EventBridge, SQS and
 * ses-events in seconds. The wait covers a slow leg of that trip, well within the deliver
 * function's 60 s.
 */
export const SES_SEND_WAIT_MS = 15_000
const SES_SEND_POLL_MS = 1_000

/**
 * The SES mailer, told how to find a sending's message: SES reports each message it takes as
 * a send event (tagged with the sendId), which ses-events keeps while the sending is unfinished
 * (recordSesSend). A retry after a recorded failure looks once; a takeover, whose dead worker's
 * outcome is unknown, waits up to `waitMs` for the event before the deliver step sends again.
 */
export function withSesSendLookup(
  mailer: Mailer,
  table: TableContext,
  options: SesSendLookupOptions = {},
): Mailer {
  const waitMs = options.waitMs ?? SES_SEND_WAIT_MS
  const pollMs = options.pollMs ?? SES_SEND_POLL_MS
  const sleep = options.sleep ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  return {
    send: (email) => mailer.send(email),
    async findSent(sending, { interrupted }) {
      const patience = interrupted ? waitMs : 0
      for (let waited = 0; ; waited += pollMs) {
        const found = await findSesSend(table, sending.sendId)
        if (found) return { messageId: found.sesMessageId, alreadySent: true }
        if (waited >= patience) return undefined
        await sleep(Math.min(pollMs, patience - waited))
      }
    },
  }
}
