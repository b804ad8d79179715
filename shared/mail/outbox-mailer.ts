import { randomBytes } from 'node:crypto'
import { link, mkdir, open, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { outboxFaultRate } from '../config/env.js'
import { newSendId } from '../domain/send-id.js'
import { AppError } from '../errors.js'
import type { Mailer, OutgoingEmail, Sending } from './mailer.js'

export interface OutboxFaults {
  /** Share of sends (0–1) that fail with 'mail.unavailable' and write nothing. */
  rate: number
  random?: () => number
}

/**
 * Local mail: each sending becomes `<dir>/<sendId>-<reference>.eml`, a file any mail client
 * opens. A send id begins with the time its sending began, so names sort in that order. The
 * file is created exclusively, complete or not at all: a sending tried again after its worker
 * died (same sendId) finds its file and writes nothing, so one sending is one file, whatever
 * the crash. `faults` (OUTBOX_FAULT_RATE by default, off unless set) makes some sends fail the
 * way a mail server does, so the soak can prove that deliveries are retried and never doubled.
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
      // An email of no sending (a yearly job's) is a sending of its own, begun now.
      const name = fileName({ reference: email.reference, sendId: email.sendId ?? newSendId() })
      const temporary = join(dir, `.${name}.${randomBytes(4).toString('hex')}.tmp`)
      try {
        // Written under a dot-name that does not end in .eml, then linked under its own name: a
        // link fails if the name exists and never shows half a message, so it is both the
        // exclusive create and the atomic publication.
        const file = await openNew(dir, temporary)
        try {
          await file.writeFile(email.raw)
          await file.sync()
        } finally {
          await file.close()
        }
        const written = await link(temporary, join(dir, name)).then(
          () => true,
          (error: NodeJS.ErrnoException) => {
            if (error.code === 'EEXIST') return false
            throw error
          },
        )
        return { messageId: name, ...(written ? {} : { alreadySent: true }) }
      } catch (error) {
        throw new AppError('mail.unavailable', `could not write the message to the outbox ${dir}`, {
          cause: error,
        })
      } finally {
        // Once linked, the message is out: failing to tidy up must not make it a failed send.
        await rm(temporary, { force: true }).catch(() => {})
      }
    },

    /** The outbox knows at once: a sending's file exists or not (links are atomic). */
    async findSent(sending: Sending) {
      const name = fileName(sending)
      const found = await stat(join(dir, name)).then(
        () => true,
        (error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') return false
          throw new AppError('mail.unavailable', `could not read the outbox ${dir}`, {
            cause: error,
          })
        },
      )
      return found ? { messageId: name, alreadySent: true } : undefined
    },
  }
}

/** "20260302T091502123Z-000000-3f9a1c2b-2026-00042-receipt.eml", never outside `dir`. */
function fileName(sending: Sending): string {
  return `${safe(sending.sendId)}-${safe(sending.reference)}.eml`
}

/** References and send ids are ours, but a file name must never escape `dir`. */
function safe(part: string): string {
  return part.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_') || 'message'
}

/**
 * Creates the temporary file, and the outbox first if it is missing (the first send, or someone
 * removed it since): a mkdir on every send was a tenth of the local mailer's cost.
 */
async function openNew(dir: string, temporary: string) {
  try {
    return await open(temporary, 'wx')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    await mkdir(dir, { recursive: true })
    return open(temporary, 'wx')
  }
}
