import { describe, expect, it } from 'vitest'
import { getNotification } from '../../shared/store/notification-store.js'
import { getReceipt } from '../../shared/store/receipt-store.js'
import { beforeNextTransaction, cancelsReceipt } from '../support/before-next-transaction.js'
import { loadFixture, paymentFromNotification } from '../support/fixtures.js'
import { useFlowHarness } from '../support/flow-harness.js'
import { NOE_NEW_ADDRESS, storySteps } from '../support/story-steps.js'
import { STAFF_TEST_TOKEN } from '../support/test-runtime.js'

const { fake, t } = useFlowHarness()
const MANAGER = { authorization: `Bearer ${STAFF_TEST_TOKEN}`, 'content-type': 'application/json' }

describe('a staff correction racing a refund (issue 10 point 4)', () => {
  it('the correction commits between the refund’s read and its write: the refund cancels the replacement, which is never mailed as valid', async () => {
    const { deliver } = storySteps(fake, t)
    await deliver('01_order_membership_individual_50eur_with_tip')
    const race = beforeNextTransaction(t.runtime.table, cancelsReceipt('2025-00001'), async () => {
      const corrected = await t.runtime.app.request('/staff/api/receipts/2025-00001/correct', {
        method: 'POST',
        headers: MANAGER,
        body: JSON.stringify({ donor: NOE_NEW_ADDRESS, reason: 'Adresse corrigée' }),
      })
      expect(corrected.status).toBe(200)
    })
    const refund = paymentFromNotification(loadFixture('07_payment_refunded'))
    fake.putPayment(refund)
    fake.setPaymentState(refund.id, 'Refunded', { refundOperations: refund.refundOperations })
    const posted = await t.post(loadFixture('07_payment_refunded'))
    expect(posted.status).toBe(200)
    await t.settle()

    expect(race.fired()).toBe(true)
    expect(await getReceipt(t.runtime.table, '2025-00001')).toMatchObject({
      status: 'replaced',
      replacedBy: { number: '2025-00002' },
    })
    const replacement = await getReceipt(t.runtime.table, '2025-00002')
    expect(replacement).toMatchObject({
      status: 'cancelled',
      cancellation: { reason: 'refund' },
      cancellationDelivery: { status: 'sent' },
    })
    // Its email either left before the refund (and the notice followed) or never left.
    expect(['sent', 'not-sent']).toContain(replacement?.delivery.status)
    const { id } = (await posted.json()) as { id: string }
    expect((await getNotification(t.runtime.table, id))?.status).toBe('processed')
    const subjects = (await t.outbox()).map((mail) => mail.subject ?? '')
    expect(subjects.filter((s) => /Annulation.*2025-00002/.test(s))).toHaveLength(1)
    // The replacement is the one cancelled, and what the refund left is one review item for it.
    expect((await t.reviews()).map((r) => r.refs?.receiptNumber)).toContain('2025-00002')
  })
})
