import { describe, expect, it, vi } from 'vitest'
import { runScheduledCommand } from '../../functions/jobs/scheduled-command.js'
import { createEmfMetrics } from '../../shared/aws/emf-metrics.js'
import { PENDING_AGE_METRICS } from '../../shared/jobs/pending-age.js'
import { REQUEUE_QUIET_MS, requeuePendingWork } from '../../shared/jobs/requeue-pending-work.js'
import { saveNotification } from '../../shared/store/notification-store.js'
import { notePendingAttempt } from '../../shared/store/pending-work.js'
import { loadFixture, loadFixtureText, orderFromNotification } from '../support/fixtures.js'
import { useFlowHarness } from '../support/flow-harness.js'

const PENDING_AGE_METRIC = PENDING_AGE_METRICS.notifications

const { fake, t } = useFlowHarness()
const FIXTURE = '01_order_membership_individual_50eur_with_tip'

describe('pending work re-queued (AWS: its own schedule)', () => {
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

describe('the re-queue leaves recent work to its queue (issue 19 point 8)', () => {
  it('sends what no queue touched for REQUEUE_QUIET_MS, not what was queued or tried lately', async () => {
    const now = t.runtime.jobs.process.now().getTime()
    const received = (id: string, minutesAgo: number) =>
      saveNotification(t.runtime.table, {
        id,
        receivedAt: new Date(now - minutesAgo * 60_000).toISOString(),
        rawBody: loadFixtureText(FIXTURE),
        contentType: 'application/json',
        eventType: 'Order',
        status: 'received',
      })
    const quietMinutes = REQUEUE_QUIET_MS / 60_000
    await received('just-queued', 1)
    await received('forgotten', quietMinutes + 20)
    await received('backing-off', quietMinutes + 20)
    // A queue tried it a minute ago and will again (an outage): it is not forgotten.
    await notePendingAttempt(
      t.runtime.table,
      { type: 'process', orgId: t.runtime.table.orgId, notificationId: 'backing-off' },
      new Date(now - 60_000).toISOString(),
    )
    const sent = vi.spyOn(t.runtime.jobs.process.queue, 'send').mockResolvedValue()
    expect(await requeuePendingWork(t.runtime.jobs)).toBe(1)
    expect(sent.mock.calls.map(([message]) => message)).toEqual([
      { type: 'process', orgId: t.runtime.table.orgId, notificationId: 'forgotten' },
    ])
    // Locally, a start re-queues everything: the in-process queue forgot it all.
    expect(await t.runtime.resumePendingWork()).toBe(3)
  })
})

describe('the re-queue command (its own schedule, every 15 minutes on AWS)', () => {
  it('re-queues pending work without any reconciliation, and publishes the age of the oldest pending notification', async () => {
    fake.putOrder(orderFromNotification(loadFixture(FIXTURE)))
    const now = new Date()
    await saveNotification(t.runtime.table, {
      id: 'stuck',
      receivedAt: new Date(now.getTime() - 40 * 60_000).toISOString(),
      rawBody: loadFixtureText(FIXTURE),
      contentType: 'application/json',
      eventType: 'Order',
      status: 'received',
    })
    const metrics: { name: string; value: number; unit: string }[] = []
    const deps = {
      jobs: t.runtime.jobs,
      lookbackDays: 1,
      sendChunks: async () => {
        throw new Error('the re-queue fans nothing out')
      },
      publishMetric: (name: string, value: number, unit: 'Seconds' | 'Count') =>
        metrics.push({ name, value, unit }),
    }
    const summary = await runScheduledCommand(deps, { command: 'requeue' })
    expect(summary).toMatchObject({ command: 'requeue', requeued: 1 })
    // One figure per lane: notifications first (test/jobs/pending-age.test.ts: the three lanes).
    expect(metrics).toHaveLength(3)
    expect(metrics[0]).toMatchObject({ name: PENDING_AGE_METRIC, unit: 'Seconds' })
    expect(metrics[0]?.value).toBeGreaterThanOrEqual(40 * 60)
    expect(metrics[0]?.value).toBeLessThan(45 * 60)
    await t.settle()
    expect(await t.receipts(2025)).toHaveLength(1)
    expect(await t.outboxFiles()).toHaveLength(1)
    // Nothing pending any more: the next run publishes 0.
    await runScheduledCommand(deps, { command: 'requeue' })
    expect(metrics[3]).toMatchObject({ name: PENDING_AGE_METRIC, value: 0 })
  })
})

describe('the metric as CloudWatch reads it (Embedded Metric Format)', () => {
  it('is one JSON line naming namespace, metric and unit, with the value at the top level', () => {
    const lines: string[] = []
    createEmfMetrics(
      'RecusFiscaux/test',
      (line) => lines.push(line),
      () => new Date(1_000),
    )(PENDING_AGE_METRIC, 90, 'Seconds')
    expect(JSON.parse(lines[0] as string)).toEqual({
      _aws: {
        Timestamp: 1_000,
        CloudWatchMetrics: [
          {
            Namespace: 'RecusFiscaux/test',
            Dimensions: [[]],
            Metrics: [{ Name: PENDING_AGE_METRIC, Unit: 'Seconds' }],
          },
        ],
      },
      event: 'metric',
      [PENDING_AGE_METRIC]: 90,
    })
  })
})
