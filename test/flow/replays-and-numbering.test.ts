import { describe, expect, it } from 'vitest'
import { loadFixture, orderFromNotification } from '../support/fixtures.js'
import { useFlowHarness } from '../support/flow-harness.js'
import { withIds } from '../support/order-variants.js'

const { fake, t } = useFlowHarness()
const FIXTURE = '01_order_membership_individual_50eur_with_tip'

function paymentEventFor(order: ReturnType<typeof orderFromNotification>) {
  const [payment] = order.payments
  const { payer, items, ...light } = order
  return {
    eventType: 'Payment',
    data: {
      ...payment,
      order: light,
      payer,
      items: items.map((i) => ({ id: i.id, amount: i.amount, type: i.type, name: i.name })),
    },
  }
}

describe('one payment gives one receipt and one email, whatever is replayed (invariant 2)', () => {
  it('the same order posted 20 times in a row', async () => {
    fake.putOrder(orderFromNotification(loadFixture(FIXTURE)))
    for (let i = 0; i < 20; i++) expect((await t.post(loadFixture(FIXTURE))).status).toBe(200)
    await t.settle()
    expect(await t.receipts(2025)).toHaveLength(1)
    expect(await t.outboxFiles()).toHaveLength(1)
  })

  it('the same order posted 20 times concurrently', async () => {
    fake.putOrder(orderFromNotification(loadFixture(FIXTURE)))
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => t.post(loadFixture(FIXTURE))),
    )
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200))
    await t.settle()
    expect(await t.receipts(2025)).toHaveLength(1)
    expect(await t.outboxFiles()).toHaveLength(1)
  })

  it.each([
    ['Order then Payment', ['order', 'payment']],
    ['Payment then Order', ['payment', 'order']],
    ['both at once', ['both']],
  ])('Order and Payment events of the same sale: %s', async (_name, sequence) => {
    const order = orderFromNotification(loadFixture(FIXTURE))
    fake.putOrder(order)
    const bodies = { order: loadFixture(FIXTURE), payment: paymentEventFor(order) }
    for (const step of sequence) {
      if (step === 'both') await Promise.all([t.post(bodies.order), t.post(bodies.payment)])
      else await t.post(bodies[step as 'order' | 'payment'])
      await t.settle()
    }
    expect(await t.receipts(2025)).toHaveLength(1)
    expect(await t.outboxFiles()).toHaveLength(1)
  })
})

describe('receipt numbers are gap-free and unique under concurrency (invariant 3)', () => {
  // Six times the process lane's width (QUEUE_CONCURRENCY 16): numbers are taken while many
  // drafts wait for the serial lane. The soak and `npm run bench:webhook` go to thousands.
  const ORDERS = 100

  it('100 distinct paid orders posted concurrently are numbered 00001…00100', async () => {
    const base = orderFromNotification(loadFixture(FIXTURE))
    const orders = Array.from({ length: ORDERS }, (_, i) =>
      withIds(base, 900_000 + i, 10_000 + i * 10, 20_000 + i * 10),
    )
    for (const order of orders) fake.putOrder(order)
    const bodies = orders.map((order) => ({ eventType: 'Order', data: order }))
    const responses = await Promise.all(bodies.map((body) => t.post(body)))
    expect(responses.every((r) => r.status === 200)).toBe(true)
    await t.settle()
    const numbers = (await t.receipts(2025)).map((r) => r.number).sort()
    expect(numbers).toEqual(
      Array.from({ length: ORDERS }, (_, i) => `2025-${String(i + 1).padStart(5, '0')}`),
    )
    expect(new Set((await t.receipts(2025)).map((r) => r.paymentId)).size).toBe(ORDERS)
  }, 240_000)
})
