import { mkdir, open, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { outboxFaultRate } from '../config/env.js'
import { AppError } from '../errors.js'
import type { Mailer, OutgoingEmail } from './mailer.js'

export interface OutboxFaults {
  /** Share of sends (0–1) that fail with 'mail.unavailable' and write nothing. */
  rate: number
  random?: () => number
}

/**
 * Local mail: each message becomes `<dir>/<timestamp>-<reference>.eml`, a file any mail
 * client opens. Names sort in sending order, and a file appears complete or not at all.
 * `faults` (OUTBOX_FAULT_RATE by default, off unless set) makes some sends fail the way a mail
 * server does, so the soak can prove that deliveries are retried and never doubled.
 */
export function createOutboxMailer(
  dir: string,
  faults: OutboxFaults = { rate: outboxFaultRate() },
): Mailer {
  const random = faults.random ?? Math.random
  return {
    async send(email: OutgoingEmail) {
      if (faults.rate > 0 && random() < faults.rate) {
        throw new AppError('mail.unavailable', 'injected outbox fault (OUTBOX_FAULT_RATE)')
      }
      // Named before any await, so concurrent sends still sort in call order.
      const name = `${nextTimestamp()}-${safeReference(email.reference)}.eml`
      const temporary = join(dir, `.${name}.${process.pid}.tmp`)
      try {
        await mkdir(dir, { recursive: true })
        // Written under a dot-name that does not end in .eml, then renamed: a rename within
        // one directory is atomic, so a reader listing *.eml never sees half a message.
        const file = await open(temporary, 'wx')
        try {
          await file.writeFile(email.raw)
          await file.sync()
        } finally {
          await file.close()
        }
        await rename(temporary, join(dir, name))
      } catch (error) {
        await rm(temporary, { force: true }).catch(() => {})
        throw new AppError('mail.unavailable', `could not write the message to the outbox ${dir}`, {
          cause: error,
        })
      }
      return { messageId: name }
    },
  }
}

// Module-wide, so two mailers on the same directory in one process cannot pick the same name.
let lastMillis = 0
let sequence = 0

/** "2026-11-26T094419.123Z-000000": ISO without colons, plus a counter within the millisecond. */
function nextTimestamp(): string {
  // A clock stepping back must not reorder the outbox.
  const now = Math.max(Date.now(), lastMillis)
  sequence = now === lastMillis ? sequence + 1 : 0
  lastMillis = now
  const iso = new Date(now).toISOString().replace(/:/g, '')
  return `${iso}-${sequence.toString().padStart(6, '0')}`
}

/** References are ours ("2026-00042-receipt"), but a file name must never escape `dir`. */
function safeReference(reference: string): string {
  return reference.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_') || 'message'
}
