import { describe, expect, it } from 'vitest'
import { runScheduledCommand } from '../../functions/jobs/scheduled-command.js'
import { PENDING_AGE_METRICS } from '../../shared/jobs/pending-age.js'
import type { PublishMetric } from '../../shared/metrics.js'
import type { QueueMessage } from '../../shared/queue/queue-message.js'
import { listPendingWork } from '../../shared/store/pending-work.js'
import { loadFixture, orderFromNotification } from '../support/fixtures.js'
import { useFakeHelloAsso } from '../support/flow-harness.js'
import { withIds } from '../support/order-variants.js'
import { createTestRuntime } from '../support/test-runtime.js'

const { fake } = useFakeHelloAsso()
const FIXTURE = '01_order_membership_individual_50eur_with_tip'
const MINUTE = 60_000

/**
 * Issue 19, point 3: the re-queue run publishes the age of the oldest pending work of each lane
 * (notifications not processed, receipt drafts not numbered, emails not sent), which the
 * pending-age alarms watch. Here each lane gets one piece of work stuck at a known time, made by
 * the steps a payment goes through, and the run's figures are read as CloudWatch gets them.
 */
describe('the age of the oldest pending work, lane by lane', () => {
  it('is published for notifications, drafts and deliveries, and drops to 0 once the work is done', async () => {
    const start = Date.parse('2026-03-02T09:00:00.000Z')
    let clock = start
    const t = await createTestRuntime({ now: () => new Date(clock) })
    try {
      // Nothing runs by itself any more: each step below is run by hand, the rest stays pending.
      await t.runtime.queue.stop()
      const base = orderFromNotification(loadFixture(FIXTURE))
      const orders = [1, 2, 3].map((n) => withIds(base, 800_000 + n, 10_000 * n, 20_000 * n))
      for (const order of orders) fake.putOrder(order)
      /** Posts the order's notification; the pending work it adds. */
      const post = async (index: number) => {
        const before = await pendingIds()
        expect((await t.post({ eventType: 'Order', data: orders[index] })).status).toBe(200)
        return (await listPendingWork(t.runtime.table)).filter((m) => !before.has(idOf(m)))
      }
      const pendingIds = async () => new Set((await listPendingWork(t.runtime.table)).map(idOf))
      /** Runs one step by hand; the pending work it adds. */
      const run = async (message: QueueMessage) => {
        const before = await pendingIds()
        await t.runtime.handle(message)
        return (await listPendingWork(t.runtime.table)).filter((m) => !before.has(idOf(m)))
      }

      // 09:00 a notification acknowledged, never processed.
      await post(0)
      // 09:10 another, processed: its receipt is drafted, never numbered.
      clock = start + 10 * MINUTE
      const [second] = await post(1)
      expect((await run(second as QueueMessage)).map((m) => m.type)).toEqual(['number'])
      // 09:20 a third, processed and numbered: its email is never sent.
      clock = start + 20 * MINUTE
      const [third] = await post(2)
      const [numbering] = await run(third as QueueMessage)
      expect((await run(numbering as QueueMessage)).map((m) => m.type)).toEqual(['deliver'])
      expect((await listPendingWork(t.runtime.table)).map((m) => m.type).sort()).toEqual([
        'deliver',
        'number',
        'process',
      ])

      // 09:45 the re-queue runs.
      clock = start + 45 * MINUTE
      const published: Parameters<PublishMetric>[] = []
      const deps = {
        jobs: t.runtime.jobs,
        lookbackDays: 1,
        sendChunks: async () => {
          throw new Error('the re-queue fans nothing out')
        },
        publishMetric: ((...args) => published.push(args)) as PublishMetric,
      }
      const summary = await runScheduledCommand(deps, { command: 'requeue' })
      expect(summary).toMatchObject({ command: 'requeue', requeued: 3 })
      expect(published).toEqual([
        [PENDING_AGE_METRICS.notifications, 45 * 60, 'Seconds'],
        [PENDING_AGE_METRICS.drafts, 35 * 60, 'Seconds'],
        [PENDING_AGE_METRICS.deliveries, 25 * 60, 'Seconds'],
      ])

      // The work done, the next run publishes 0 for every lane.
      for (let pending = await listPendingWork(t.runtime.table); pending.length > 0; ) {
        for (const message of pending) await t.runtime.handle(message)
        pending = await listPendingWork(t.runtime.table)
      }
      expect(await t.outboxFiles()).toHaveLength(3)
      published.length = 0
      await runScheduledCommand(deps, { command: 'requeue' })
      expect(published.map(([, value]) => value)).toEqual([0, 0, 0])
    } finally {
      await t.stop()
    }
  })
})

/** What identifies a piece of pending work. */
function idOf(message: QueueMessage): string {
  switch (message.type) {
    case 'process':
      return `process:${message.notificationId}`
    case 'number':
      return `number:${message.paymentId}`
    case 'deliver':
      return `deliver:${message.receiptNumber}:${message.kind}`
  }
}
