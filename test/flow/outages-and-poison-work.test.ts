import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import { HttpResponse, http } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import type { ReviewItem } from '../../shared/domain/records.js'
import { oldestPendingAgesAt } from '../../shared/jobs/pending-age.js'
import type { LogFields, Logger } from '../../shared/log.js'
import { listDeadLetters } from '../../shared/store/dead-letter-store.js'
import { getNotification } from '../../shared/store/notification-store.js'
import { listPendingWork } from '../../shared/store/pending-work.js'
import { getReceiptDraft } from '../../shared/store/receipt-draft-store.js'
import { getReceipt } from '../../shared/store/receipt-store.js'
import { getReview } from '../../shared/store/review-updates.js'
import { loadFixture, orderFromNotification } from '../support/fixtures.js'
import { useFlowHarness } from '../support/flow-harness.js'
import { STAFF_TEST_TOKEN, TEST_API_URL, TEST_TOKEN_URL } from '../support/test-runtime.js'

/** What the runtime logs, kept: the queue's retries say how far each message got. */
const logged: { event: string; fields: LogFields }[] = []
const recording: Logger = {
  info: (event, fields = {}) => logged.push({ event, fields }),
  warn: (event, fields = {}) => logged.push({ event, fields }),
  error: (event, fields = {}) => logged.push({ event, fields }),
}
/** The runtime's clock runs `offsetMs` ahead of the real one: a test moves time on. */
let offsetMs = 0
const { fake, server, t } = useFlowHarness({
  log: recording,
  now: () => new Date(Date.now() + offsetMs),
})
const STAFF = { authorization: `Bearer ${STAFF_TEST_TOKEN}` }
const ORDERS = [
  '01_order_membership_individual_50eur_with_tip',
  '02_order_membership_reduced_25eur',
  '17_order_membership_individual_new_year_midnight',
]

function fresh(): void {
  logged.length = 0
  offsetMs = 0
}

async function until(what: string, condition: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 3000; i++) {
    if (await condition()) return
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error(`never happened: ${what}`)
}

/** Every queue retry logged for `type` at attempt `attempt` (one per message reaching it). */
const retriesAt = (type: string, attempt: number) =>
  logged.filter(
    (line) =>
      line.event === 'queue.retry' && line.fields.type === type && line.fields.attempt === attempt,
  ).length

/** The numbering transaction of payment `paymentId` (it deletes the payment's draft). */
function isNumberingOf(command: unknown, paymentId: number): command is TransactWriteCommand {
  if (!(command instanceof TransactWriteCommand)) return false
  return (command.input.TransactItems ?? []).some(
    (item) =>
      item.Delete?.Key?.sk === 'DRAFT' && String(item.Delete.Key.pk).endsWith(`#${paymentId}`),
  )
}

type Send = (command: unknown) => Promise<unknown>

/** Every numbering transaction of `paymentId` goes through `fail` (given the real send) instead. */
function breakNumberingOf(
  paymentId: number,
  fail: (command: TransactWriteCommand, send: Send) => Promise<unknown>,
) {
  const doc = t.runtime.table.doc
  const send = doc.send.bind(doc) as Send
  return vi
    .spyOn(doc, 'send')
    .mockImplementation(((command: unknown) =>
      isNumberingOf(command, paymentId) ? fail(command, send) : send(command)) as never)
}

describe('transient failures wait out an outage (issue 19 point 4)', () => {
  it('HelloAsso answers 503 to everything for longer than the old retry budget, then recovers: every payment receipted once, no dead letter, no review item', async () => {
    fresh()
    for (const name of ORDERS) fake.putOrder(orderFromNotification(loadFixture(name)))
    let refused = 0
    server.use(
      http.all(`${TEST_API_URL}/*`, () => {
        refused++
        return new HttpResponse(null, { status: 503 })
      }),
      http.post(TEST_TOKEN_URL, () => {
        refused++
        return new HttpResponse(null, { status: 503 })
      }),
    )
    for (const name of ORDERS) expect((await t.post(loadFixture(name))).status).toBe(200)
    // Each of the three messages is past its tenth attempt: the old budget (QUEUE_MAX_ATTEMPTS,
    // 6 here) would have dead-lettered them all by now.
    await until('three messages at their tenth attempt', () => retriesAt('process', 10) === 3)
    expect(refused).toBeGreaterThanOrEqual(30)
    expect(await listDeadLetters(t.runtime.table)).toEqual([])
    expect((await listPendingWork(t.runtime.table)).map((m) => m.type)).toEqual([
      'process',
      'process',
      'process',
    ])
    // An hour and a half later the outage still lasts: the age the alarm watches has grown.
    offsetMs = 90 * 60_000
    const ages = await oldestPendingAgesAt(t.runtime.table, new Date(Date.now() + offsetMs))
    expect(ages.notifications).toBeGreaterThanOrEqual(90 * 60)
    expect(ages).toMatchObject({ drafts: 0, deliveries: 0 })

    server.resetHandlers()
    await t.settle()
    const receipts = [...(await t.receipts(2025)), ...(await t.receipts(2026))]
    expect(receipts.map((r) => r.orderId).sort()).toEqual(
      ORDERS.map((name) => orderFromNotification(loadFixture(name)).id).sort(),
    )
    expect(new Set(receipts.map((r) => r.number)).size).toBe(3)
    expect(await t.outboxFiles()).toHaveLength(3)
    expect(await listDeadLetters(t.runtime.table)).toEqual([])
    expect(await t.reviews()).toEqual([])
    expect(await listPendingWork(t.runtime.table)).toEqual([])
  })
})

describe('a write DynamoDB refuses ends the payment in review, and the organisation moves on (issue 19 point 1)', () => {
  it('the numbering transaction fails with a ValidationException: review item in French, the next order receipted, nothing pending or retried', async () => {
    fresh()
    const [first, second] = ORDERS.map((name) => orderFromNotification(loadFixture(name)))
    if (!first || !second) throw new Error('fixtures')
    const paymentId = first.payments[0]?.id as number
    // DynamoDB itself refuses it: the same item twice in one transaction.
    breakNumberingOf(paymentId, (command, send) => {
      const items = command.input.TransactItems ?? []
      const draftDelete = items.find((item) => item.Delete?.Key?.sk === 'DRAFT')
      return send(
        new TransactWriteCommand({
          TransactItems: [...items, draftDelete as (typeof items)[number]],
        }),
      )
    })
    fake.putOrder(first)
    fake.putOrder(second)
    await t.post(loadFixture(ORDERS[0] as string))
    await t.settle()
    await t.post(loadFixture(ORDERS[1] as string))
    await t.settle()

    expect((await t.receipts(2025)).map((r) => r.orderId)).toEqual([second.id])
    const review = await getReview(t.runtime.table, `dead-letter-number-${paymentId}`)
    expect(review).toMatchObject({ status: 'open', refs: { paymentId, orderId: first.id } })
    expect(review?.message).toMatch(/^Le reçu du paiement n° \d+ n’a pas pu être numéroté/)
    expect(review?.message).toContain('DynamoDB refuse')
    expect(await t.reviews()).toHaveLength(1)
    // Permanent: one attempt, no retry held the numbering lane.
    expect(logged.filter((line) => line.event === 'queue.retry')).toEqual([])
    expect(await listPendingWork(t.runtime.table)).toEqual([])
    expect(await t.runtime.resumePendingWork()).toBe(0)
  })
})

describe('work that fails for good ends once (issue 19 point 2)', () => {
  it('numbering that keeps failing: dead-lettered after a few attempts, off the pending work, one review item counted again on a second failure, replayed once fixed', async () => {
    fresh()
    const order = orderFromNotification(loadFixture(ORDERS[0] as string))
    const paymentId = order.payments[0]?.id as number
    const broken = breakNumberingOf(paymentId, () =>
      Promise.reject(new TypeError('Cannot read properties of undefined')),
    )
    fake.putOrder(order)
    await t.post(loadFixture(ORDERS[0] as string))
    await t.settle()

    const id = `number-${paymentId}`
    const [letter] = await listDeadLetters(t.runtime.table)
    expect(letter).toMatchObject({ id, attempts: 3, failures: 1 })
    expect(await listPendingWork(t.runtime.table)).toEqual([])
    expect(await t.runtime.resumePendingWork()).toBe(0)
    // The draft is kept (out of the pending work) so the dead letter can be replayed.
    expect(await getReceiptDraft(t.runtime.table, paymentId)).toBeDefined()
    const reviews = await t.reviews()
    expect(reviews.map((r) => r.id)).toEqual([`dead-letter-${id}`])

    // The same work fails for good again (a replay through the queue): the same item, counted.
    await t.runtime.queue.send({ type: 'number', orgId: t.runtime.table.orgId, paymentId })
    await t.settle()
    const again = (await t.reviews()) as ReviewItem[]
    expect(again.map((r) => r.id)).toEqual([`dead-letter-${id}`])
    expect(again[0]?.failures).toMatchObject({ count: 2 })
    expect(again[0]?.message).toContain('2 fois')
    expect(await listDeadLetters(t.runtime.table)).toMatchObject([{ id, failures: 2 }])

    broken.mockRestore()
    const replayed = await t.runtime.app.request(`/admin/dead-letters/${id}/replay`, {
      method: 'POST',
      headers: STAFF,
    })
    expect(replayed.status).toBe(200)
    await t.settle()
    expect((await t.receipts(2025)).map((r) => r.paymentId)).toEqual([paymentId])
    expect(await t.outboxFiles()).toHaveLength(1)
    expect(await listDeadLetters(t.runtime.table)).toEqual([])
    expect(await t.reviews()).toEqual([])
    expect(await listPendingWork(t.runtime.table)).toEqual([])
  })

  it('an email that keeps failing on an unknown error: failed, one « e-mail non envoyé » item, nothing pending; failing again updates that item', async () => {
    fresh()
    const mailer = t.runtime.jobs.mailer
    const send = vi.spyOn(mailer, 'send').mockRejectedValue(new RangeError('renderer crashed'))
    fake.putOrder(orderFromNotification(loadFixture(ORDERS[0] as string)))
    await t.post(loadFixture(ORDERS[0] as string))
    await t.settle()

    const [receipt] = await t.receipts(2025)
    const number = receipt?.number as string
    expect(send).toHaveBeenCalledTimes(3)
    expect((await getReceipt(t.runtime.table, number))?.delivery).toMatchObject({
      status: 'failed',
      lastError: 'RangeError: renderer crashed',
    })
    expect(await listPendingWork(t.runtime.table)).toEqual([])
    const reviews = await t.reviews()
    expect(reviews.map((r) => r.id)).toEqual([`delivery-${number}-receipt`])
    expect(reviews[0]).toMatchObject({ reasons: ['delivery-failed'] })
    expect(reviews[0]?.message).toMatch(/^E-mail non envoyé/)
    expect(await listDeadLetters(t.runtime.table)).toHaveLength(1)

    await t.runtime.queue.send({
      type: 'deliver',
      orgId: t.runtime.table.orgId,
      receiptNumber: number,
      kind: 'receipt',
    })
    await t.settle()
    const again = await t.reviews()
    expect(again.map((r) => r.id)).toEqual([`delivery-${number}-receipt`])
    expect(again[0]?.failures).toMatchObject({
      count: 2,
      lastError: 'RangeError: renderer crashed',
    })
    expect(await t.outboxFiles()).toEqual([])
  })

  it('a notification HelloAsso answers with garbage: dead-lettered at once, marked failed, off the pending work', async () => {
    fresh()
    fake.putOrder(orderFromNotification(loadFixture(ORDERS[0] as string)))
    fake.failNext(1, 'invalidBody')
    const posted = (await (await t.post(loadFixture(ORDERS[0] as string))).json()) as {
      id: string
    }
    await t.settle()
    expect(await listDeadLetters(t.runtime.table)).toMatchObject([
      { id: `process-${posted.id}`, attempts: 1 },
    ])
    expect(await getNotification(t.runtime.table, posted.id)).toMatchObject({ status: 'failed' })
    expect(await listPendingWork(t.runtime.table)).toEqual([])
    const [review] = await t.reviews()
    expect(review?.message).toMatch(/^La notification .+ n’a pas pu être traitée/)
  })
})
