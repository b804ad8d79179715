import { describe, expect, it } from 'vitest'
import type { Order } from '../../shared/helloasso/schemas.js'
import { getMembership } from '../../shared/store/membership-store.js'
import { loadFixture, orderFromNotification } from '../support/fixtures.js'
import { useFlowHarness } from '../support/flow-harness.js'

const { fake, t } = useFlowHarness()

/** One payment for `count` memberships of one family: more items than one transaction holds with them. */
function familyOrder(count: number): Order {
  const base = orderFromNotification(loadFixture('01_order_membership_individual_50eur_with_tip'))
  const [item] = base.items
  const [payment] = base.payments
  if (!item || !payment) throw new Error('fixture')
  const items = Array.from({ length: count }, (_, i) => ({
    ...item,
    id: item.id + 1 + i,
    user: { firstName: `Enfant${i}`, lastName: 'Famille Nombreuse' },
  }))
  return {
    ...base,
    items,
    payments: [
      {
        ...payment,
        amount: 5000 * count,
        items: items.map((it) => ({ id: it.id, shareAmount: 5000, shareItemAmount: 5000 })),
      },
    ],
    amount: { total: 5000 * count, vat: 0, discount: 0 },
  }
}

describe('large orders', () => {
  it('a family order with 30 memberships gets one receipt and every membership', async () => {
    const order = familyOrder(30)
    fake.putOrder(order)
    await t.post({ eventType: 'Order', data: order })
    await t.settle()
    const receipts = await t.receipts(2025)
    expect(receipts.map((r) => r.snapshot.amountCents)).toEqual([150_000])
    for (const item of order.items)
      expect(await getMembership(t.runtime.table, item.id)).toMatchObject({ status: 'active' })
  })
})
