import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { parseAssociationConfig } from '../../shared/config/load-association-config.js'
import type { DeliverDeps } from '../../shared/deliver/deliver-deps.js'
import { DELIVERY_LEASE_MS, deliverEmail } from '../../shared/deliver/deliver-email.js'
import { AppError } from '../../shared/errors.js'
import { silentLogger } from '../../shared/log.js'
import type { Mailer, OutgoingEmail } from '../../shared/mail/mailer.js'
import { createOutboxMailer } from '../../shared/mail/outbox-mailer.js'
import { keys } from '../../shared/store/keys.js'
import { cancelReceipt, getReceipt, issueReceipt } from '../../shared/store/receipt-store.js'
import { listOpenReviews, openReviewCount } from '../../shared/store/review-store.js'
import type { TableContext } from '../../shared/store/table-context.js'
import { aNewReceipt } from '../support/builders/a-new-receipt.js'
import { testAssociationConfig } from '../support/test-association-config.js'
import { createTestTable } from '../support/test-table.js'

/** A mailer that records what it is given and fails as told. */
function aMailer(failures: AppError[] = []) {
  const sent: OutgoingEmail[] = []
  const mailer: Mailer = {
    async send(email) {
      const failure = failures.shift()
      if (failure) throw failure
      sent.push(email)
      return { messageId: `m-${sent.length}` }
    },
  }
  return { mailer, sent }
}

const afterLease = (from: Date) => new Date(from.getTime() + DELIVERY_LEASE_MS + 1)

/** The Message-ID header, which a long sender domain folds onto a second line. */
function messageIdOf(email: OutgoingEmail | undefined): string | undefined {
  return /^Message-ID:\s*(<[^>]+>)/im.exec(Buffer.from(email?.raw ?? '').toString())?.[1]
}

const SEND_ID = /^\d{8}T\d{9}Z-\d{6}-[0-9a-f]{8}$/

/** The mail server takes the message; the worker dies before recording it (it never returns). */
function leavesThenDies(): { mailer: Mailer; left: OutgoingEmail[] } {
  const left: OutgoingEmail[] = []
  const mailer: Mailer = {
    send: (email) => {
      left.push(email)
      return new Promise(() => {})
    },
  }
  return { mailer, left }
}

/** A mailer that hangs, as a worker killed mid-send would. */
function neverReturns(): Mailer {
  return { send: () => new Promise(() => {}) }
}

let table: TableContext
let number: string
const config = parseAssociationConfig(testAssociationConfig(), 'test')
const depsWith = (mailer: Mailer): DeliverDeps => ({
  config,
  table,
  mailer,
  now: () => new Date(),
  log: silentLogger,
})

beforeEach(async () => {
  const { doc, tableName } = await createTestTable()
  table = { doc, tableName, orgId: 'org' }
  const issued = await issueReceipt(table, aNewReceipt(1))
  if (issued.outcome !== 'issued') throw new Error('setup')
  number = issued.receipt.number
})

describe('deliverEmail', () => {
  it('sends a receipt once, with its PDF, and records the delivery', async () => {
    const { mailer, sent } = aMailer()
    expect(await deliverEmail(depsWith(mailer), number, 'receipt')).toBe('sent')
    expect(await deliverEmail(depsWith(mailer), number, 'receipt')).toBe('already-sent')
    expect(sent).toHaveLength(1)
    expect(sent[0]?.to).toEqual(['payeur@example.org'])
    const receipt = await getReceipt(table, number)
    expect(receipt?.delivery).toMatchObject({
      status: 'sent',
      attempts: 1,
      messageId: 'm-1',
      pdfSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    })
  })

  it('two workers at once: exactly one email', async () => {
    const { mailer, sent } = aMailer()
    const results = await Promise.allSettled([
      deliverEmail(depsWith(mailer), number, 'receipt'),
      deliverEmail(depsWith(mailer), number, 'receipt'),
    ])
    expect(sent).toHaveLength(1)
    expect(results.filter((r) => r.status === 'fulfilled' && r.value === 'sent')).toHaveLength(1)
  })

  it('a lease left by a killed worker: the retry is told to wait until it runs out, then sends', async () => {
    const { mailer, sent } = aMailer()
    const killedAt = new Date()
    // A worker took the lease and was killed before sending.
    const stuck = { ...depsWith(mailer), now: () => killedAt, mailer: neverReturns() }
    void deliverEmail(stuck, number, 'receipt').catch(() => {})
    await vi.waitFor(async () =>
      expect((await getReceipt(table, number))?.delivery.status).toBe('sending'),
    )
    const error = await deliverEmail(depsWith(mailer), number, 'receipt').catch((e) => e)
    expect(error).toBeInstanceOf(AppError)
    expect(error.retryAfterMs).toBeGreaterThan(DELIVERY_LEASE_MS - 10_000)
    expect(error.retryAfterMs).toBeLessThanOrEqual(DELIVERY_LEASE_MS + 1000)
    const later = { ...depsWith(mailer), now: () => afterLease(killedAt) }
    expect(await deliverEmail(later, number, 'receipt')).toBe('sent')
    expect(sent).toHaveLength(1)
  })

  it('a worker killed after its message left: the retry sends the very same message (same Message-ID)', async () => {
    const killedAt = new Date()
    const { mailer: dies, left } = leavesThenDies()
    void deliverEmail({ ...depsWith(dies), now: () => killedAt }, number, 'receipt')
    await vi.waitFor(() => expect(left).toHaveLength(1))
    const { mailer, sent } = aMailer()
    const retry = { ...depsWith(mailer), now: () => afterLease(killedAt) }
    expect(await deliverEmail(retry, number, 'receipt')).toBe('sent')
    expect(messageIdOf(sent[0])).toBe(messageIdOf(left[0]))
    expect(messageIdOf(sent[0])).toMatch(
      new RegExp(`^<${number}\\.receipt\\.\\d{8}T\\d{9}Z-\\d{6}-[0-9a-f]{8}@`),
    )
    expect((await getReceipt(table, number))?.delivery.sendId).toBeUndefined()
  })

  it('a killed worker’s message left, the retry failed once: the next try still sends that same message', async () => {
    const killedAt = new Date()
    const { mailer: dies, left } = leavesThenDies()
    void deliverEmail({ ...depsWith(dies), now: () => killedAt }, number, 'receipt')
    await vi.waitFor(() => expect(left).toHaveLength(1))
    // Found by the soak: the takeover's send failed (mail server busy), and the try after it
    // used a new Message-ID, so the donor got the receipt twice under two identities.
    const { mailer, sent } = aMailer([new AppError('mail.unavailable', 'throttled')])
    const retry = { ...depsWith(mailer), now: () => afterLease(killedAt) }
    await expect(deliverEmail(retry, number, 'receipt')).rejects.toThrow('throttled')
    expect((await getReceipt(table, number))?.delivery).toMatchObject({
      status: 'pending',
      sendId: expect.stringMatching(SEND_ID),
    })
    expect(await deliverEmail(retry, number, 'receipt')).toBe('sent')
    expect(messageIdOf(sent[0])).toBe(messageIdOf(left[0]))
  })

  it('a resend after a sent email is a new message (new Message-ID)', async () => {
    const { mailer, sent } = aMailer()
    expect(await deliverEmail(depsWith(mailer), number, 'receipt')).toBe('sent')
    expect((await getReceipt(table, number))?.delivery.sendId).toBeUndefined()
    await table.doc.send(
      new UpdateCommand({
        TableName: table.tableName,
        // What a staff resend writes (shared/staff/resend-receipt.ts).
        Key: keys.receipt('org', number),
        UpdateExpression: 'SET #r.delivery = :pending',
        ExpressionAttributeNames: { '#r': 'record' },
        ExpressionAttributeValues: { ':pending': { status: 'pending', attempts: 0, resend: true } },
      }),
    )
    expect(await deliverEmail(depsWith(mailer), number, 'receipt')).toBe('sent')
    expect(sent).toHaveLength(2)
    expect(messageIdOf(sent[0])).not.toBe(messageIdOf(sent[1]))
  })

  it('a transient failure is recorded, releases the lease and is thrown for a retry', async () => {
    const { mailer, sent } = aMailer([new AppError('mail.unavailable', 'throttled')])
    await expect(deliverEmail(depsWith(mailer), number, 'receipt')).rejects.toThrow('throttled')
    expect((await getReceipt(table, number))?.delivery).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'mail.unavailable: throttled',
    })
    expect(await deliverEmail(depsWith(mailer), number, 'receipt')).toBe('sent')
    expect(sent).toHaveLength(1)
  })

  it('a refused address marks the delivery failed and asks staff to look', async () => {
    const { mailer } = aMailer([new AppError('mail.rejected', 'MessageRejected')])
    expect(await deliverEmail(depsWith(mailer), number, 'receipt')).toBe('rejected')
    expect((await getReceipt(table, number))?.delivery.status).toBe('failed')
    expect((await listOpenReviews(table)).flatMap((r) => r.reasons)).toEqual(['delivery-failed'])
  })

  it('sends the cancellation notice of a cancelled receipt, once', async () => {
    const receipt = await getReceipt(table, number)
    if (!receipt) throw new Error('setup')
    expect(
      await cancelReceipt(table, receipt, { at: new Date().toISOString(), reason: 'refund' }),
    ).toBe(true)
    expect(
      await cancelReceipt(table, receipt, { at: new Date().toISOString(), reason: 'refund' }),
    ).toBe(false)
    const { mailer, sent } = aMailer()
    expect(await deliverEmail(depsWith(mailer), number, 'cancellation')).toBe('sent')
    expect(await deliverEmail(depsWith(mailer), number, 'cancellation')).toBe('already-sent')
    expect(sent).toHaveLength(1)
    expect(sent[0]?.reference).toBe(`${number}-cancellation`)
  })

  it('a receipt cancelled before its email went is never sent; its cancellation notice is', async () => {
    const receipt = await getReceipt(table, number)
    if (!receipt) throw new Error('setup')
    await cancelReceipt(table, receipt, { at: new Date().toISOString(), reason: 'refund' })
    const { mailer, sent } = aMailer()
    expect(await deliverEmail(depsWith(mailer), number, 'receipt')).toBe('withheld')
    expect(await deliverEmail(depsWith(mailer), number, 'cancellation')).toBe('sent')
    expect(await deliverEmail(depsWith(mailer), number, 'receipt')).toBe('withheld')
    expect(sent.map((email) => email.reference)).toEqual([`${number}-cancellation`])
    expect((await getReceipt(table, number))?.delivery.status).toBe('not-sent')
  })

  it('a cancel that lands between the worker’s read and its claim: the claim fails, nothing is sent', async () => {
    const receipt = await getReceipt(table, number)
    if (!receipt) throw new Error('setup')
    const send = table.doc.send.bind(table.doc) as (command: unknown) => Promise<unknown>
    let cancelled = false
    vi.spyOn(table.doc, 'send').mockImplementation((async (command: unknown) => {
      if (!cancelled && command instanceof UpdateCommand) {
        cancelled = true
        await cancelReceipt(table, receipt, { at: new Date().toISOString(), reason: 'refund' })
      }
      return send(command)
    }) as never)
    const { mailer, sent } = aMailer()
    expect(await deliverEmail(depsWith(mailer), number, 'receipt')).toBe('withheld')
    expect(cancelled).toBe(true)
    expect(sent).toHaveLength(0)
  })

  it('an unknown receipt is not found', async () => {
    expect(await deliverEmail(depsWith(aMailer().mailer), '2026-99999', 'receipt')).toBe(
      'not-found',
    )
  })
})

describe('failed deliveries list (staff home page)', () => {
  it('lists a refused email until a later send succeeds', async () => {
    const { listFailedDeliveries } = await import('../../shared/store/failed-deliveries-store.js')
    const { mailer } = aMailer([new AppError('mail.rejected', 'MessageRejected')])
    await deliverEmail(depsWith(mailer), number, 'receipt')
    expect(await listFailedDeliveries(table, 2026)).toEqual([
      expect.objectContaining({
        number,
        kind: 'receipt',
        reason: 'mail.rejected: MessageRejected',
      }),
    ])
    expect(await listFailedDeliveries(table, 2025)).toEqual([])
    expect(await deliverEmail(depsWith(mailer), number, 'receipt')).toBe('sent')
    expect(await listFailedDeliveries(table, 2026)).toEqual([])
  })
})

describe('a staff resend after a refused email', () => {
  it('settles the "email refused" review item once the resend goes through', async () => {
    const { resendReceipt } = await import('../../shared/staff/resend-receipt.js')
    const { mailer } = aMailer([new AppError('mail.rejected', 'MessageRejected')])
    expect(await deliverEmail(depsWith(mailer), number, 'receipt')).toBe('rejected')
    expect((await listOpenReviews(table)).map((r) => r.id)).toEqual([`delivery-${number}-receipt`])
    expect(await openReviewCount(table)).toBe(1)
    const staff = {
      config,
      table,
      queue: { send: async () => {} },
      now: () => new Date(),
      log: silentLogger,
    }
    await resendReceipt(
      staff,
      { id: 'local:manager', name: 'Gestionnaire', role: 'manager' },
      number,
      { reason: 'corrected-address', email: 'nouvelle@example.org' },
    )
    expect(await deliverEmail(depsWith(mailer), number, 'receipt')).toBe('sent')
    expect(await listOpenReviews(table)).toEqual([])
    expect(await openReviewCount(table)).toBe(0)
  })
})

describe('a refused email whose receipt is then cancelled', () => {
  it('closes the "email refused" item with the cancellation: nothing is left to resend', async () => {
    const { mailer } = aMailer([new AppError('mail.rejected', 'MessageRejected')])
    expect(await deliverEmail(depsWith(mailer), number, 'receipt')).toBe('rejected')
    expect(await openReviewCount(table)).toBe(1)
    const receipt = await getReceipt(table, number)
    if (!receipt) throw new Error('setup')
    expect(
      await cancelReceipt(table, receipt, { at: new Date().toISOString(), reason: 'refund' }),
    ).toBe(true)
    expect(await listOpenReviews(table)).toEqual([])
    expect(await openReviewCount(table)).toBe(0)
    const { getReview } = await import('../../shared/store/review-updates.js')
    expect(await getReview(table, `delivery-${number}-receipt`)).toMatchObject({
      status: 'dismissed',
      decision: { note: 'Reçu annulé : son e-mail n’a plus à être renvoyé.' },
    })
  })
})

describe('a receipt cancelled while a killed worker held its email', () => {
  it('keeps the email pending until its lease runs out, then records « not sent »; nothing is mailed', async () => {
    const { listPendingWork } = await import('../../shared/store/pending-work.js')
    const pendingDeliveries = async () =>
      (await listPendingWork(table)).filter((m) => m.type === 'deliver').length
    const killedAt = new Date()
    void deliverEmail({ ...depsWith(neverReturns()), now: () => killedAt }, number, 'receipt')
    await vi.waitFor(async () =>
      expect((await getReceipt(table, number))?.delivery.status).toBe('sending'),
    )
    const receipt = await getReceipt(table, number)
    if (!receipt) throw new Error('setup')
    expect(
      await cancelReceipt(table, receipt, { at: new Date().toISOString(), reason: 'refund' }),
    ).toBe(true)
    // The worker is dead: the marker is what brings the email back to a delivery.
    expect(await pendingDeliveries()).toBe(2) // the receipt email and the cancellation notice
    const { mailer, sent } = aMailer()
    // While the lease runs, the sender may still be alive: nobody may say « not sent » yet.
    const early = await deliverEmail(depsWith(mailer), number, 'receipt').catch((e) => e)
    expect(early).toMatchObject({ code: 'mail.unavailable', retryAfterMs: expect.any(Number) })
    const later = { ...depsWith(mailer), now: () => afterLease(killedAt) }
    expect(await deliverEmail(later, number, 'receipt')).toBe('withheld')
    expect((await getReceipt(table, number))?.delivery.status).toBe('not-sent')
    expect(await pendingDeliveries()).toBe(1) // the notice still goes
    expect(sent).toEqual([])
  })
})

describe('one email per sending through the outbox, even across a kill (issue 19, point 6)', () => {
  let outbox: string
  const emls = async () => (await readdir(outbox)).filter((name) => name.endsWith('.eml')).sort()
  beforeEach(async () => {
    outbox = await mkdtemp(join(tmpdir(), 'deliver-outbox-'))
  })
  afterEach(async () => {
    await rm(outbox, { recursive: true, force: true })
  })

  /** The outbox mailer, whose sender dies once the file is written (before the record). */
  function writesThenDies(): Mailer {
    const real = createOutboxMailer(outbox, { rate: 0 })
    return {
      send: async (email) => {
        await real.send(email)
        return new Promise(() => {})
      },
    }
  }

  it('the takeover finds the file of the sending and records « sent » without writing again', async () => {
    const killedAt = new Date()
    void deliverEmail({ ...depsWith(writesThenDies()), now: () => killedAt }, number, 'receipt')
    await vi.waitFor(async () => expect(await emls()).toHaveLength(1), { timeout: 30_000 })
    const [file] = await emls()

    const takeover = {
      ...depsWith(createOutboxMailer(outbox, { rate: 0 })),
      now: () => afterLease(killedAt),
    }
    expect(await deliverEmail(takeover, number, 'receipt')).toBe('already-sent')

    expect(await emls()).toEqual([file])
    const receipt = await getReceipt(table, number)
    expect(receipt?.delivery).toMatchObject({
      status: 'sent',
      messageId: file,
      pdfSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    })
    expect(receipt?.delivery.sendId).toBeUndefined()
  })

  it('the receipt is cancelled after its killed worker wrote it: recorded « sent », and the notice follows it', async () => {
    const killedAt = new Date()
    void deliverEmail({ ...depsWith(writesThenDies()), now: () => killedAt }, number, 'receipt')
    await vi.waitFor(async () => expect(await emls()).toHaveLength(1), { timeout: 30_000 })
    const receipt = await getReceipt(table, number)
    if (!receipt) throw new Error('setup')
    expect(
      await cancelReceipt(table, receipt, { at: new Date().toISOString(), reason: 'refund' }),
    ).toBe(true)
    const later = {
      ...depsWith(createOutboxMailer(outbox, { rate: 0 })),
      now: () => afterLease(killedAt),
    }

    // The notice's worker settles the receipt's email first (its sender is dead), then sends.
    expect(await deliverEmail(later, number, 'cancellation')).toBe('sent')
    expect(await deliverEmail(later, number, 'receipt')).toBe('already-sent')

    const files = (await emls()).sort()
    expect(files.map((name) => name.replace(/^.*-(receipt|cancellation)\.eml$/, '$1'))).toEqual([
      'receipt',
      'cancellation',
    ])
    const after = await getReceipt(table, number)
    expect(after?.delivery.status).toBe('sent')
    expect(after?.cancellationDelivery?.status).toBe('sent')
  })
})
