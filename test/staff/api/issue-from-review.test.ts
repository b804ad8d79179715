import { describe, expect, it } from 'vitest'
import type { Order } from '../../../shared/helloasso/schemas.js'
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
})
