import { describe, expect, it } from 'vitest'
import { recordDelivery } from '../../shared/store/receipt-delivery-store.js'
import type { TransactItem } from '../../shared/store/receipt-items.js'
import { getReceipt } from '../../shared/store/receipt-store.js'
import { beforeNextTransaction, cancelsReceipt } from '../support/before-next-transaction.js'
import { useFlowHarness } from '../support/flow-harness.js'
import { storySteps } from '../support/story-steps.js'
import { STAFF_TEST_TOKEN } from '../support/test-runtime.js'

const { fake, t } = useFlowHarness()
const MANAGER = { authorization: `Bearer ${STAFF_TEST_TOKEN}`, 'content-type': 'application/json' }
const NUMBER = '2025-00001'

const staffPost = (action: string, body: unknown) =>
  t.runtime.app.request(`/staff/api/receipts/${NUMBER}/${action}`, {
    method: 'POST',
    headers: MANAGER,
    body: JSON.stringify(body),
  })

const resendsReceipt = (items: TransactItem[]) =>
  items.some((item) => JSON.stringify(item).includes('resend-requested'))

/**
 * Issue 10 point 8, `liveReceiptPut`: a staff action rewrote the whole receipt under a
 * status-only condition, so what a delivery worker wrote between the action's read and its
 * write (sent, message id, history) was silently lost.
 */
describe('staff actions do not overwrite a concurrent delivery update', () => {
  it('a cancel keeps the `sent` and message id a worker recorded after the cancel read the receipt', async () => {
    await storySteps(fake, t).deliver('01_order_membership_individual_50eur_with_tip')
    beforeNextTransaction(t.runtime.table, cancelsReceipt(NUMBER), () =>
      recordDelivery(
        t.runtime.table,
        NUMBER,
        'receipt',
        { status: 'sent', attempts: 2, sentAt: new Date().toISOString(), messageId: 'late-send' },
        { at: new Date().toISOString(), event: 'receipt-email-sent' },
      ),
    )
    expect((await staffPost('cancel', { reason: 'Doublon', notify: false })).status).toBe(200)
    const receipt = await getReceipt(t.runtime.table, NUMBER)
    expect(receipt?.status).toBe('cancelled')
    expect(receipt?.delivery).toMatchObject({ status: 'sent', messageId: 'late-send' })
    expect(receipt?.history.map((h) => h.event)).toEqual([
      'issued',
      'receipt-email-sent',
      'receipt-email-sent',
      'cancelled',
    ])
  })

  it('a resend keeps the bounce recorded after it read the receipt, and a worker that took the lease meanwhile makes it a 409', async () => {
    await storySteps(fake, t).deliver('01_order_membership_individual_50eur_with_tip')
    beforeNextTransaction(t.runtime.table, resendsReceipt, () =>
      recordDelivery(
        t.runtime.table,
        NUMBER,
        'receipt',
        { status: 'failed', attempts: 1, lastError: 'bounce' },
        { at: new Date().toISOString(), event: 'receipt-email-undelivered' },
      ),
    )
    expect((await staffPost('resend', { reason: 'not-received' })).status).toBe(200)
    await t.settle()
    const receipt = await getReceipt(t.runtime.table, NUMBER)
    expect(receipt?.history.map((h) => h.event)).toEqual([
      'issued',
      'receipt-email-sent',
      'receipt-email-undelivered',
      'resend-requested',
      'receipt-email-sent',
    ])

    const { claimDelivery } = await import('../../shared/store/receipt-delivery-store.js')
    await recordDelivery(
      t.runtime.table,
      NUMBER,
      'receipt',
      { status: 'failed', attempts: 1, lastError: 'bounce' },
      { at: new Date().toISOString(), event: 'receipt-email-undelivered' },
    )
    beforeNextTransaction(t.runtime.table, resendsReceipt, async () => {
      expect(
        await claimDelivery(t.runtime.table, NUMBER, 'receipt', new Date(), 60_000),
      ).toBeDefined()
    })
    const raced = await staffPost('resend', { reason: 'not-received' })
    expect(raced.status).toBe(409)
    expect((await getReceipt(t.runtime.table, NUMBER))?.delivery.status).toBe('sending')
  })
})
