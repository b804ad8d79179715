import type { ParsedMail } from 'mailparser'
import { describe, expect, it, vi } from 'vitest'
import { AppError } from '../../shared/errors.js'
import type { OutgoingEmail } from '../../shared/mail/mailer.js'
import { getReceipt } from '../../shared/store/receipt-store.js'
import { loadFixture, orderFromNotification, paymentFromNotification } from '../support/fixtures.js'
import { useFlowHarness } from '../support/flow-harness.js'
import { STAFF_TEST_TOKEN } from '../support/test-runtime.js'

const { fake, t } = useFlowHarness()
const ORDER = '01_order_membership_individual_50eur_with_tip'
const REFUND = '07_payment_refunded'
const NUMBER = '2025-00001'
const STAFF = { authorization: `Bearer ${STAFF_TEST_TOKEN}` }

/** HelloAsso now says the payment of fixture 01 was refunded, and the webhook says so too. */
async function refund(): Promise<void> {
  const payment = paymentFromNotification(loadFixture(REFUND))
  fake.putPayment(payment)
  fake.setPaymentState(payment.id, 'Refunded', { refundOperations: payment.refundOperations })
  expect((await t.post(loadFixture(REFUND))).status).toBe(200)
}

/** Wraps the runtime's outbox mailer, the one the deliver step uses. */
function interceptMailer(
  intercept: (
    email: OutgoingEmail,
    send: (e: OutgoingEmail) => Promise<{ messageId: string }>,
  ) => Promise<{ messageId: string }>,
): void {
  const mailer = t.runtime.jobs.mailer
  const send = mailer.send.bind(mailer)
  vi.spyOn(mailer, 'send').mockImplementation((email) => intercept(email, send))
}

async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await condition()) return
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error('condition not met in 5 s')
}

const pdfAttachments = (mails: ParsedMail[]) =>
  mails.flatMap((mail) => mail.attachments).filter((a) => a.contentType === 'application/pdf')

describe('delivery sends only live receipts (issue 10 point 1)', () => {
  it('the mailer fails once, a refund cancels the receipt, the retry sends nothing: only the cancellation notice goes', async () => {
    let release: () => void = () => {}
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    let firstCall: () => void = () => {}
    const firstStarted = new Promise<void>((resolve) => {
      firstCall = resolve
    })
    let calls = 0
    interceptMailer(async (email, send) => {
      calls++
      if (calls > 1) return send(email)
      firstCall()
      await held
      throw new AppError('mail.unavailable', 'mail server unreachable')
    })
    fake.putOrder(orderFromNotification(loadFixture(ORDER)))
    expect((await t.post(loadFixture(ORDER))).status).toBe(200)
    await firstStarted
    await refund()
    // The notice waits for the receipt's sending to end (see cancellation-after-receipt.test.ts).
    await until(async () => (await getReceipt(t.runtime.table, NUMBER))?.status === 'cancelled')
    release()
    await t.settle()
    expect(await t.runtime.resumePendingWork()).toBe(0)
    await t.settle()

    const mails = await t.outbox()
    expect(mails.map((mail) => mail.subject)).toEqual([expect.stringMatching(/annul/i)])
    expect(pdfAttachments(mails)).toHaveLength(0)
    const receipt = await getReceipt(t.runtime.table, NUMBER)
    expect(receipt?.status).toBe('cancelled')
    expect(receipt?.delivery.status).toBe('not-sent')
    expect(receipt?.history).toContainEqual(
      expect.objectContaining({ event: 'receipt-email-withheld', detail: 'not sent: cancelled' }),
    )
    // Staff see it on the receipt's page, in words.
    const page = await t.runtime.app.request(`/staff/recus/${NUMBER}`, { headers: STAFF })
    const html = await page.text()
    expect(html).toContain('non envoyé\u00a0: reçu annulé')
    expect(html).toContain('Non envoyé (reçu plus valable)')
    expect(html).not.toContain('not sent')
  })

  it('the mailer fails until the message is dead-lettered, a refund cancels the receipt: neither the re-queue of pending work nor a replay mails it', async () => {
    let receiptMailsFail = true
    interceptMailer(async (email, send) => {
      // An error of unknown kind: a transient one would be retried until the mailer recovers.
      if (receiptMailsFail && email.reference.endsWith('-receipt'))
        throw new Error('mail transport crashed')
      return send(email)
    })
    fake.putOrder(orderFromNotification(loadFixture(ORDER)))
    expect((await t.post(loadFixture(ORDER))).status).toBe(200)
    await t.settle()
    expect((await getReceipt(t.runtime.table, NUMBER))?.delivery.status).toBe('failed')
    receiptMailsFail = false
    await refund()
    await t.settle()

    // What a restart (`npm start`) or the scheduled re-queue does with unfinished work.
    expect(await t.runtime.resumePendingWork()).toBe(0)
    await t.settle()
    // What a staff member does from the dead-letter list.
    const listed = (await (
      await t.runtime.app.request('/admin/dead-letters', { headers: STAFF })
    ).json()) as { deadLetters: { id: string }[] }
    for (const { id } of listed.deadLetters) {
      const replayed = await t.runtime.app.request(`/admin/dead-letters/${id}/replay`, {
        method: 'POST',
        headers: STAFF,
      })
      expect(replayed.status).toBe(200)
    }
    await t.settle()

    const mails = await t.outbox()
    expect(mails.map((mail) => mail.subject)).toEqual([expect.stringMatching(/annul/i)])
    expect(pdfAttachments(mails)).toHaveLength(0)
    expect((await getReceipt(t.runtime.table, NUMBER))?.delivery.status).toBe('not-sent')
  })
})
