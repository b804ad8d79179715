import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { AppError } from '../../shared/errors.js'
import { createJsonLogger } from '../../shared/log.js'
import type { OutgoingEmail } from '../../shared/mail/mailer.js'
import { getReceipt } from '../../shared/store/receipt-store.js'
import { loadFixture, orderFromNotification, paymentFromNotification } from '../support/fixtures.js'
import { useFlowHarness } from '../support/flow-harness.js'

/**
 * Invariant 10, second half: a refund that arrives while the receipt's email is being sent. The
 * cancellation notice waits for that sending to end: it follows the receipt if the receipt
 * went, and nothing valid ever leaves if it did not.
 */
let logLines: string[] = []
const { fake, t } = useFlowHarness({ log: createJsonLogger((line) => logLines.push(line)) })
const ORDER = '01_order_membership_individual_50eur_with_tip'
const REFUND = '07_payment_refunded'
const NUMBER = '2025-00001'

let releaseHeld: () => void = () => {}
beforeEach(() => {
  logLines = []
})
// Before the runtime stops (hooks run last-registered first): it waits for the held send.
afterEach(() => releaseHeld())

/** A mailer that holds the receipt's email in flight until the test lets it go. */
function holdReceiptEmail(outcome: 'leaves' | 'refused' | 'unreachable') {
  let release: () => void = () => {}
  const released = new Promise<void>((resolve) => {
    release = resolve
  })
  releaseHeld = release
  let started: () => void = () => {}
  const inFlight = new Promise<void>((resolve) => {
    started = resolve
  })
  const mailer = t.runtime.jobs.mailer
  const send = mailer.send.bind(mailer)
  let held = false
  vi.spyOn(mailer, 'send').mockImplementation(async (email: OutgoingEmail) => {
    if (held || !email.reference.endsWith('-receipt')) return send(email)
    held = true
    started()
    await released
    if (outcome === 'refused') throw new AppError('mail.rejected', 'MessageRejected')
    if (outcome === 'unreachable') throw new AppError('mail.unavailable', 'mail server unreachable')
    return send(email)
  })
  return { inFlight, release }
}

async function postRefund(): Promise<void> {
  const payment = paymentFromNotification(loadFixture(REFUND))
  fake.putPayment(payment)
  fake.setPaymentState(payment.id, 'Refunded', { refundOperations: payment.refundOperations })
  expect((await t.post(loadFixture(REFUND))).status).toBe(200)
}

/** The refund is recorded and the notice's delivery has been turned back at least twice. */
async function noticeWaiting(): Promise<void> {
  await vi.waitFor(
    async () => {
      expect((await getReceipt(t.runtime.table, NUMBER))?.status).toBe('cancelled')
      const deferred = logLines.filter(
        (line) => line.includes('"queue.deferred"') && line.includes('"deliver"'),
      )
      expect(deferred.length).toBeGreaterThanOrEqual(2)
    },
    { timeout: 10_000, interval: 20 },
  )
}

const kinds = async () =>
  (await t.outbox()).map((mail) => (/annul/i.test(mail.subject ?? '') ? 'notice' : 'receipt'))

describe('a refund while the receipt’s email is in flight (issue 19, point 5)', () => {
  it('the notice waits for the sending, then follows the receipt', async () => {
    const { inFlight, release } = holdReceiptEmail('leaves')
    fake.putOrder(orderFromNotification(loadFixture(ORDER)))
    expect((await t.post(loadFixture(ORDER))).status).toBe(200)
    await inFlight
    await postRefund()
    await noticeWaiting()
    // Cancelled, but the receipt's email is still on its way: nothing has overtaken it.
    expect(await t.outboxFiles()).toEqual([])

    release()
    await t.settle()

    expect(await kinds()).toEqual(['receipt', 'notice'])
    const [receiptFile, noticeFile] = await t.outboxFiles()
    const written = async (file: string | undefined) =>
      (await stat(join(t.runtime.outboxDir, file ?? ''))).mtimeMs
    expect(await written(noticeFile)).toBeGreaterThanOrEqual(await written(receiptFile))
    const receipt = await getReceipt(t.runtime.table, NUMBER)
    expect(receipt?.delivery.status).toBe('sent')
    expect(receipt?.cancellationDelivery?.status).toBe('sent')
    const events = receipt?.history.map((event) => event.event) ?? []
    expect(events.indexOf('cancellation-email-sent')).toBeGreaterThan(
      events.indexOf('receipt-email-sent'),
    )
    expect(await t.runtime.resumePendingWork()).toBe(0)
  })

  it('the sending fails for a moment: the receipt never leaves, the notice does', async () => {
    const { inFlight, release } = holdReceiptEmail('unreachable')
    fake.putOrder(orderFromNotification(loadFixture(ORDER)))
    expect((await t.post(loadFixture(ORDER))).status).toBe(200)
    await inFlight
    await postRefund()
    await noticeWaiting()
    expect(await t.outboxFiles()).toEqual([])

    release()
    await t.settle()

    expect(await kinds()).toEqual(['notice'])
    const receipt = await getReceipt(t.runtime.table, NUMBER)
    expect(receipt?.delivery.status).toBe('not-sent')
    expect(await t.runtime.resumePendingWork()).toBe(0)
    await t.settle()
    expect(await kinds()).toEqual(['notice'])
  })

  it('the address is refused: the notice still goes, and no review item asks to resend a cancelled receipt', async () => {
    const { inFlight, release } = holdReceiptEmail('refused')
    fake.putOrder(orderFromNotification(loadFixture(ORDER)))
    expect((await t.post(loadFixture(ORDER))).status).toBe(200)
    await inFlight
    await postRefund()
    await noticeWaiting()

    release()
    await t.settle()

    expect(await kinds()).toEqual(['notice'])
    expect((await getReceipt(t.runtime.table, NUMBER))?.delivery.status).toBe('failed')
    // The cancellation's own item stays; an item asking to resend the receipt could not be acted on.
    const open = await t.reviews()
    expect(open.map((item) => item.id)).toEqual([`cancelled-${NUMBER}`])
  })
})
