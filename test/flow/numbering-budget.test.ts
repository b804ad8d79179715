import { describe, expect, it } from 'vitest'
import type { Order } from '../../shared/helloasso/schemas.js'
import type { Logger } from '../../shared/log.js'
import { listDeadLetters } from '../../shared/store/dead-letter-store.js'
import { getMembership } from '../../shared/store/membership-store.js'
import { listPendingWork } from '../../shared/store/pending-work.js'
import { loadFixture, orderFromNotification } from '../support/fixtures.js'
import { useFlowHarness } from '../support/flow-harness.js'
import { STAFF_TEST_TOKEN } from '../support/test-runtime.js'

/** Queue events of the runtime: a retry or a dead letter is what held the organisation's lane. */
const events: string[] = []
const recording: Logger = {
  info: (event) => events.push(event),
  warn: (event) => events.push(event),
  error: (event) => events.push(event),
}

const { fake, t } = useFlowHarness({ log: recording })
const STAFF = { authorization: `Bearer ${STAFF_TEST_TOKEN}` }

/**
 * One payment for two members whose first names hold 40 distinct short words each: written as
 * today's numbering did, one search entry per word inside the numbering transaction, it passes
 * DynamoDB's 100 items.
 */
function wordyOrder(): Order {
  const base = orderFromNotification(loadFixture('01_order_membership_individual_50eur_with_tip'))
  const [item] = base.items
  const [payment] = base.payments
  if (!item || !payment) throw new Error('fixture')
  const words = (member: number) =>
    Array.from({ length: 40 }, (_, i) => `m${member}w${i.toString(36)}`).join(' ')
  const items = [0, 1].map((member) => ({
    ...item,
    id: 770_000_001 + member,
    user: { firstName: words(member), lastName: `Verbeux${member}` },
  }))
  return {
    ...base,
    id: 770_000_000,
    items,
    payments: [
      {
        ...payment,
        id: 770_000_100,
        amount: 10_000,
        items: items.map((it) => ({ id: it.id, shareAmount: 5000, shareItemAmount: 5000 })),
      },
    ],
    amount: { total: 10_000, vat: 0, discount: 0 },
  }
}

describe('the numbering transaction keeps within its item budget (issue 19 point 1)', () => {
  it('two members with 40-word first names, then an ordinary order: both receipted, nothing retried, pending or dead-lettered', async () => {
    events.length = 0
    const wordy = wordyOrder()
    const ordinary = orderFromNotification(loadFixture('02_order_membership_reduced_25eur'))
    fake.putOrder(wordy)
    fake.putOrder(ordinary)
    expect((await t.post({ eventType: 'Order', data: wordy })).status).toBe(200)
    expect((await t.post(loadFixture('02_order_membership_reduced_25eur'))).status).toBe(200)
    await t.settle()

    const receipts = await t.receipts(2025)
    expect(receipts.map((r) => r.orderId).sort()).toEqual([wordy.id, ordinary.id].sort())
    // Nothing held the organisation's numbering lane: no retry, no dead letter, nothing left.
    expect(events.filter((e) => e.startsWith('queue.'))).toEqual([])
    expect(await listPendingWork(t.runtime.table)).toEqual([])
    expect(await listDeadLetters(t.runtime.table)).toEqual([])
    expect(await t.reviews()).toEqual([])
    expect(await t.outboxFiles()).toHaveLength(2)
    for (const item of wordy.items)
      expect(await getMembership(t.runtime.table, item.id)).toMatchObject({ status: 'active' })

    // Both members are still found by name, and the receipt by its payer.
    const members = await t.runtime.app.request('/staff/api/members?q=verbeux1', {
      headers: STAFF,
    })
    expect(members.status).toBe(200)
    expect(JSON.stringify(await members.json())).toContain('Verbeux1')
  })
})
