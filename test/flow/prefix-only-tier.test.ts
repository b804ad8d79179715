import { describe, expect, it } from 'vitest'
import { loadFixture, orderFromNotification } from '../support/fixtures.js'
import { useFakeHelloAsso, useTestRuntime } from '../support/flow-harness.js'
import { testConfigWithIndividualTierMatch } from '../support/test-association-config.js'
import { STAFF_TEST_TOKEN } from '../support/test-runtime.js'

/**
 * Issue 19, point 8: a new HelloAsso tier whose label only begins like a configured one, at the
 * same price (« Adhésion individuelle – personne morale », 50 €), used to be taken for the
 * individual tier: a company got an 11580. It now waits in review, and one click settles it.
 */
const { fake } = useFakeHelloAsso()
const NEW_TIER = 91000020
const base = orderFromNotification(loadFixture('01_order_membership_individual_50eur_with_tip'))
const order = {
  ...base,
  items: base.items.map((item) =>
    item.type === 'Membership'
      ? { ...item, tierId: NEW_TIER, name: 'Adhésion individuelle – personne morale' }
      : item,
  ),
}
const paymentId = order.payments[0]?.id ?? 0

describe('a tier matched only by the beginning of its label', () => {
  const t = useTestRuntime({
    config: testConfigWithIndividualTierMatch({ tierIds: [], labels: ['Adhésion individuelle'] }),
  })

  it('waits in review instead of getting the individual tier’s receipt; « Rattacher » settles it', async () => {
    fake.putOrder(order)
    expect((await t.post({ eventType: 'Order', data: order })).status).toBe(200)
    await t.settle()
    expect(await t.receipts(2025)).toEqual([])
    expect(await t.outboxFiles()).toEqual([])
    const [review] = await t.reviews()
    expect(review?.reasons).toEqual(['tier-unknown'])
    expect(review?.message).toContain(
      'ressemble au palier « Adhésion individuelle », au même prix, mais son libellé HelloAsso n’est pas celui du palier',
    )
    expect(review?.message).toContain('« Rattacher à un palier »')

    // The treasurer checks: it is the same tier after all. One click, no restart.
    const answer = await t.runtime.app.request(`/staff/api/review/${review?.id}/map-tier`, {
      method: 'POST',
      headers: { authorization: `Bearer ${STAFF_TEST_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ tierKey: 'individuelle' }),
    })
    expect(answer.status).toBe(200)
    await t.settle()
    const receipts = await t.receipts(2025)
    expect(receipts.map((r) => [r.paymentId, r.form])).toEqual([[paymentId, '11580']])
    expect(await t.outboxFiles()).toHaveLength(1)
  })
})
