import { describe, expect, it } from 'vitest'
import { createJsonLogger } from '../../shared/log.js'
import { DEAD_LETTERS_METRIC } from '../../shared/queue/dead-letter-metric.js'
import { loadFixture, orderFromNotification } from '../support/fixtures.js'
import { useFakeHelloAsso, useTestRuntime } from '../support/flow-harness.js'

const { fake } = useFakeHelloAsso()
const logLines: Record<string, unknown>[] = []
const t = useTestRuntime({
  log: createJsonLogger((line) => logLines.push(JSON.parse(line) as Record<string, unknown>)),
})
const FIXTURE = '01_order_membership_individual_50eur_with_tip'

/**
 * Issue 19, point 3, locally (`npm start`): a dead letter of the in-process queue publishes the
 * same DeadLetters count as on AWS, as a `metric` line of the server's log.
 */
describe('a dead letter of the local queue', () => {
  it('is counted once, for its step, in a metric line of the log', async () => {
    fake.putOrder(orderFromNotification(loadFixture(FIXTURE)))
    // HelloAsso answers a page that is not its API's JSON: a permanent failure, dead-lettered.
    fake.failNext(100, 'invalidBody')
    logLines.length = 0
    expect((await t.post(loadFixture(FIXTURE))).status).toBe(200)
    await t.settle()
    expect((await t.reviews()).flatMap((review) => review.reasons)).toContain('dead-letter')
    const metrics = logLines.filter((line) => line.event === 'metric')
    expect(metrics).toEqual([
      expect.objectContaining({
        level: 'info',
        metric: DEAD_LETTERS_METRIC,
        Step: 'process',
        value: 1,
        unit: 'Count',
      }),
    ])
  })

  it('is not counted for work that succeeds after a retry', async () => {
    fake.putOrder(orderFromNotification(loadFixture(FIXTURE)))
    fake.failNext(2, 'status503')
    logLines.length = 0
    expect((await t.post(loadFixture(FIXTURE))).status).toBe(200)
    await t.settle()
    expect(await t.receipts(2025)).toHaveLength(1)
    expect(logLines.filter((line) => line.event === 'metric')).toEqual([])
  })
})
