import { describe, expect, it } from 'vitest'
import { requeuePendingWork } from '../../shared/jobs/requeue-pending-work.js'
import { saveNotification } from '../../shared/store/notification-store.js'
import { loadFixture, loadFixtureText, orderFromNotification } from '../support/fixtures.js'
import { useFlowHarness } from '../support/flow-harness.js'

const { fake, t } = useFlowHarness()
const FIXTURE = '01_order_membership_individual_50eur_with_tip'

describe('pending work re-queued by the nightly run (AWS)', () => {
  it('a notification recorded but never queued is processed, receipted and mailed once', async () => {
    fake.putOrder(orderFromNotification(loadFixture(FIXTURE)))
    // As if ingest wrote the notification and then failed to queue it.
    await saveNotification(t.runtime.table, {
      id: 'lost-in-queue',
      receivedAt: '2025-06-01T10:00:00.000Z',
      rawBody: loadFixtureText(FIXTURE),
      contentType: 'application/json',
      eventType: 'Order',
      status: 'received',
    })
    expect(await requeuePendingWork(t.runtime.jobs)).toBe(1)
    await t.settle()
    expect(await t.receipts(2025)).toHaveLength(1)
    expect(await t.outboxFiles()).toHaveLength(1)
    // Nothing is pending any more: a second run sends nothing.
    expect(await requeuePendingWork(t.runtime.jobs)).toBe(0)
  })
})
