import { describe, expect, it } from 'vitest'
import type { Order } from '../../../shared/helloasso/schemas.js'
import { readCounter } from '../../../shared/store/counter-store.js'
import { listPendingWork } from '../../../shared/store/pending-work.js'
import { closeReviewIfOpen, getReview } from '../../../shared/store/review-updates.js'
import { beforeNextTransaction } from '../../support/before-next-transaction.js'
import { loadFixture, orderFromNotification } from '../../support/fixtures.js'
import { useFlowHarness } from '../../support/flow-harness.js'
import { STAFF_TEST_TOKEN } from '../../support/test-runtime.js'

/**
 * Issue 10, 8b: a receipt issued from the review queue is capped at what the payment holds for
 * membership and donations (no option, no tip, nothing refunded), and never doubles a receipt
 * HelloAsso already issued.
 */
const { fake, t } = useFlowHarness()
const MANAGER = { authorization: `Bearer ${STAFF_TEST_TOKEN}` }
const donor = {
  kind: 'individual',
  lastName: 'Blanc',
  firstNames: 'Mathilde',
  address: { street: '6 avenue Jean Jaurès', postalCode: '26600', city: 'Tain', country: 'France' },
}

async function reviewFor(fixture: string, edit: (order: Order) => void): Promise<string> {
  const order = orderFromNotification(loadFixture(fixture))
  edit(order)
  fake.putOrder(order)
  await t.post({ eventType: 'Order', data: order })
  await t.settle()
  const [item] = await t.reviews()
  if (!item) throw new Error('no review item')
  return item.id
}

const issue = (id: string, amountCents: number) =>
  t.runtime.app.request(`/staff/api/review/${id}/issue`, {
    method: 'POST',
    headers: { ...MANAGER, 'content-type': 'application/json' },
    body: JSON.stringify({ donor, amountCents, note: 'Décision du trésorier' }),
  })

const withoutAddress = (order: Order) => {
  order.payer = { ...order.payer, address: null, zipCode: null, city: null } as Order['payer']
}

describe('issuing from review (issue 10, 8b)', () => {
  it('refuses an amount that includes an option: the cap is the membership share', async () => {
    const id = await reviewFor('15_order_membership_with_option', withoutAddress)
    const tooMuch = await issue(id, 6500)
    expect(tooMuch.status).toBe(400)
    expect(JSON.stringify(await tooMuch.json())).toMatch(/50,00/)
    expect(await t.receipts(2025)).toHaveLength(0)
    expect((await issue(id, 5000)).status).toBe(200)
    expect((await t.receipts(2025))[0]?.provenance.eligibleCents).toBe(5000)
  })

  it('refuses an amount above what is left after a processed partial refund', async () => {
    const id = await reviewFor('01_order_membership_individual_50eur_with_tip', (order) => {
      const [payment] = order.payments
      if (payment)
        payment.refundOperations = [{ id: 1, amount: 2000, amountTip: 0, status: 'Processed' }]
    })
    expect((await issue(id, 5000)).status).toBe(400)
    expect((await issue(id, 3000)).status).toBe(200)
  })

  it('refuses to issue on a payment HelloAsso already receipted: dismiss is the way out', async () => {
    const id = await reviewFor('01_order_membership_individual_50eur_with_tip', (order) => {
      const [payment] = order.payments
      if (payment) payment.fiscalReceiptUrl = 'https://www.helloasso.com/recu-fiscal/1'
    })
    const refused = await issue(id, 5000)
    expect(refused.status).toBe(409)
    expect(JSON.stringify(await refused.json())).toMatch(/HelloAsso a déjà émis un reçu fiscal/)
    expect(await t.receipts(2025)).toHaveLength(0)
    // The page offers neither « Émettre » nor « Réexaminer » on it; « Classer » stays.
    const page = await (
      await t.runtime.app.request('/staff/a-verifier', { headers: MANAGER })
    ).text()
    expect(page).toContain('HelloAsso a déjà émis un reçu fiscal pour ce paiement')
    expect(page).not.toContain('Compléter et émettre le reçu')
    expect(page).not.toContain('/reexaminer')
    expect(page).toContain('/classer')
  })

  it('the item closed by someone else meanwhile: 409, and no receipt, number, email or lost audit (issue 19 point 8)', async () => {
    const id = await reviewFor('01_order_membership_individual_50eur_with_tip', withoutAddress)
    // Another manager dismisses the item while this one's issue is on its way.
    const race = beforeNextTransaction(
      t.runtime.table,
      (items) => items.some((item) => JSON.stringify(item).includes('#COUNTER#')),
      () =>
        closeReviewIfOpen(t.runtime.table, id, 'dismissed', {
          at: new Date().toISOString(),
          by: 'Autre gestionnaire',
          note: 'doublon',
        }),
    )
    const refused = await issue(id, 5000)
    expect(race.fired()).toBe(true)
    expect(refused.status).toBe(409)
    expect(JSON.stringify(await refused.json())).toMatch(/déjà été traité/)
    await t.settle()
    expect(await t.receipts(2025)).toHaveLength(0)
    expect(await readCounter(t.runtime.table, 2025)).toBe(0)
    expect(await listPendingWork(t.runtime.table)).toEqual([])
    expect(await getReview(t.runtime.table, id)).toMatchObject({
      status: 'dismissed',
      decision: { by: 'Autre gestionnaire' },
    })
  })

  it('issued from review: the receipt, the item closed on its number and both audit entries come together, and the email goes', async () => {
    const id = await reviewFor('01_order_membership_individual_50eur_with_tip', withoutAddress)
    expect((await issue(id, 5000)).status).toBe(200)
    await t.settle()
    const [receipt] = await t.receipts(2025)
    expect(await getReview(t.runtime.table, id)).toMatchObject({
      status: 'resolved',
      decision: { receiptNumber: receipt?.number },
    })
    const history = await t.runtime.app.request(`/staff/api/receipts/${receipt?.number}`, {
      headers: MANAGER,
    })
    expect(JSON.stringify(await history.json())).toContain('receipt.issue')
    expect(await t.outboxFiles()).toHaveLength(1)
  })
})
