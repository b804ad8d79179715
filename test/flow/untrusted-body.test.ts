import { describe, expect, it } from 'vitest'
import { loadFixture, orderFromNotification } from '../support/fixtures.js'
import { useFlowHarness } from '../support/flow-harness.js'

const { fake, t } = useFlowHarness()
const FIXTURE = '01_order_membership_individual_50eur_with_tip'

describe('the notification body is never trusted (invariant 1)', () => {
  it('a body saying Authorized while the API says Refused writes no receipt', async () => {
    const order = orderFromNotification(loadFixture(FIXTURE))
    fake.putOrder({ ...order, payments: order.payments.map((p) => ({ ...p, state: 'Refused' })) })
    expect((await t.post(loadFixture(FIXTURE))).status).toBe(200)
    await t.settle()
    expect(await t.receipts(2025)).toHaveLength(0)
    expect(await t.outboxFiles()).toHaveLength(0)
  })

  it('amounts inflated in the body are ignored: the receipt carries the API amount', async () => {
    fake.putOrder(orderFromNotification(loadFixture(FIXTURE)))
    const forged = structuredClone(loadFixture(FIXTURE)) as {
      data: { items: { amount: number }[]; payments: { amount: number }[] }
    }
    for (const item of forged.data.items) item.amount = 500000
    for (const payment of forged.data.payments) payment.amount = 500000
    await t.post(forged)
    await t.settle()
    expect((await t.receipts(2025)).map((r) => r.snapshot.amountCents)).toEqual([5000])
  })

  it('an order HelloAsso does not know writes no receipt and opens a review', async () => {
    await t.post(loadFixture(FIXTURE))
    await t.settle()
    expect(await t.receipts(2025)).toHaveLength(0)
    expect((await t.reviews()).flatMap((r) => r.reasons)).toContain('order-not-found')
  })

  it('an API answer for another organisation is not processed', async () => {
    const order = orderFromNotification(loadFixture(FIXTURE))
    fake.putOrder({ ...order, organizationSlug: 'une-autre-asso' })
    await t.post(loadFixture(FIXTURE))
    await t.settle()
    expect(await t.receipts(2025)).toHaveLength(0)
    expect((await t.reviews()).flatMap((r) => r.reasons)).toContain('foreign-organisation')
  })
})
