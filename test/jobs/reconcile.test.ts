import { ScanCommand } from '@aws-sdk/lib-dynamodb'
import { HttpResponse, http } from 'msw'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../shared/errors.js'
import type { Order } from '../../shared/helloasso/schemas.js'
import type { JobDeps } from '../../shared/jobs/job-deps.js'
import type { Progress } from '../../shared/jobs/progress.js'
import { reconcile } from '../../shared/jobs/reconcile/reconcile.js'
import { needsAttention } from '../../shared/jobs/reconcile/reconcile-report.js'
import { getNotification } from '../../shared/store/notification-store.js'
import { loadFixture, orderFromNotification } from '../support/fixtures.js'
import { useFlowHarness } from '../support/flow-harness.js'
import { withIds } from '../support/order-variants.js'
import { TEST_API_URL } from '../support/test-runtime.js'

const { fake, server, t } = useFlowHarness()

const FIXTURE_01 = '01_order_membership_individual_50eur_with_tip'
const order01 = orderFromNotification(loadFixture(FIXTURE_01))
const PAYMENT_01 = 149300101
const SINCE = '2025-09-01'
const UNTIL = '2025-12-31'

/** Copy `n` of order 01 under new ids, placed and paid on `date`. */
function orderOn(n: number, date: string): Order {
  const order = withIds(order01, 158_300_000 + n, 1_000_000 + n, 1_000_000 + n)
  return { ...order, date, payments: order.payments.map((p) => ({ ...p, date })) }
}

const jobs = (): JobDeps => t.runtime.jobs
const sweep = (options: { since?: string; until?: string; progress?: Progress } = {}) =>
  reconcile(jobs(), { since: SINCE, until: UNTIL, ...options })

/** Posts an order notification as HelloAsso would and lets the flow finish. */
async function notified(order: Order): Promise<void> {
  fake.putOrder(order)
  expect((await t.post({ eventType: 'Order', data: { id: order.id } })).status).toBe(200)
  await t.settle()
}

/** Every item of the runtime's table, in key order: what "nothing changed" is checked against. */
async function tableContents(): Promise<unknown[]> {
  const { doc, tableName } = t.runtime.table
  const items: Record<string, unknown>[] = []
  let startKey: Record<string, unknown> | undefined
  do {
    const page = await doc.send(
      new ScanCommand({ TableName: tableName, ExclusiveStartKey: startKey }),
    )
    items.push(...(page.Items ?? []))
    startKey = page.LastEvaluatedKey
  } while (startKey)
  const key = (item: Record<string, unknown>) => `${item.pk}|${item.sk}`
  return items.sort((a, b) => key(a).localeCompare(key(b)))
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  expect(error).toBeInstanceOf(AppError)
  return error as AppError
}

describe('reconcile: what the notifications missed is fixed through the processing path', () => {
  it('a paid order never notified is found and receipted once', async () => {
    fake.putOrder(order01)

    const report = await sweep()
    await t.settle()

    const receipts = await t.receipts(2025)
    expect(receipts).toHaveLength(1)
    expect(receipts[0]).toMatchObject({
      status: 'issued',
      orderId: order01.id,
      paymentId: PAYMENT_01,
    })
    expect(await t.outboxFiles()).toHaveLength(1)
    expect(report.counts).toMatchObject({
      ordersSeen: 1,
      paymentsSeen: 1,
      processed: 1,
      receiptsIssued: 1,
      receiptsCancelled: 0,
      reviewsOpened: 0,
      unchanged: 0,
    })
    const processed = report.actions.find((action) => action.kind === 'processed')
    expect(processed?.notificationId).toMatch(/^reconcile-158201001-[0-9a-f]{16}$/)
    const notification = await getNotification(t.runtime.table, processed?.notificationId ?? '')
    expect(notification).toMatchObject({ status: 'processed', eventType: 'Order' })
    expect(JSON.parse(notification?.rawBody ?? '')).toEqual({
      eventType: 'Order',
      data: { id: order01.id },
    })
    expect(report.actions).toContainEqual({
      kind: 'receipt-issued',
      orderId: order01.id,
      paymentId: PAYMENT_01,
      receiptNumber: receipts[0]?.number,
    })
  })

  it('a refund never notified cancels the live receipt, number kept', async () => {
    await notified(order01)
    const [issued] = await t.receipts(2025)
    fake.setPaymentState(PAYMENT_01, 'Refunded', {
      refundOperations: [{ id: 1, amount: 5000, amountTip: 500, status: 'Processed' }],
    })

    const report = await sweep()
    await t.settle()

    const [receipt] = await t.receipts(2025)
    expect(receipt).toMatchObject({ number: issued?.number, status: 'cancelled' })
    expect(receipt?.cancellation?.reason).toBe('refund')
    expect(report.counts).toMatchObject({ processed: 1, receiptsCancelled: 1, receiptsIssued: 0 })
    // The processing path's own review and the payer's cancellation notice, as for a notification.
    expect(report.actions).toContainEqual(
      expect.objectContaining({ kind: 'review-opened', reviewId: `cancelled-${issued?.number}` }),
    )
    expect(await t.outboxFiles()).toHaveLength(2)
  })

  it('a pending SEPA payment seen for the first time is recorded, not receipted', async () => {
    const sepa = orderFromNotification(
      loadFixture('05_order_membership_org_2500eur_company_sepa_waiting'),
    )
    fake.putOrder(sepa)

    const report = await sweep()
    await t.settle()

    expect(report.counts).toMatchObject({ processed: 1, receiptsIssued: 0, reviewsOpened: 0 })
    expect(await t.receipts(2025)).toHaveLength(0)
    expect((await sweep()).counts).toMatchObject({ processed: 0, unchanged: 1 })
  })
})

describe('reconcile: what it must not fix goes to review, once', () => {
  it('a live receipt whose order HelloAsso no longer knows goes to review and stays live', async () => {
    await notified(order01)
    const [issued] = await t.receipts(2025)
    fake.removeOrder(order01.id)

    const report = await sweep()

    const reviewId = `reconcile-order-missing-${issued?.number}`
    expect(report.actions).toEqual([
      {
        kind: 'review-opened',
        reviewId,
        orderId: order01.id,
        paymentId: PAYMENT_01,
        receiptNumber: issued?.number,
        detail: 'order-not-found',
      },
    ])
    const review = (await t.reviews()).find((item) => item.id === reviewId)
    expect(review?.reasons).toEqual(['order-not-found'])
    expect(review?.message).toContain(`reçu n° ${issued?.number}`)
    expect(review?.message).not.toMatch(/Arnaud|Camille|@example/)
    expect((await t.receipts(2025))[0]?.status).toBe('issued')
    expect(needsAttention(report)).toBe(true)
    expect((await sweep()).counts.reviewsOpened).toBe(0)
  })

  it('a live receipt whose payment amount changed at HelloAsso goes to review', async () => {
    await notified(order01)
    fake.setPaymentState(PAYMENT_01, 'Authorized', { amount: 4000 })

    const report = await sweep()

    expect(report.counts).toMatchObject({ processed: 0, reviewsOpened: 1 })
    const [review] = (await t.reviews()).filter((item) => item.id.startsWith('reconcile-'))
    expect(review).toMatchObject({
      id: `reconcile-amount-${PAYMENT_01}-4000`,
      reasons: ['helloasso-amount-changed'],
    })
    expect(review?.message).toContain('40,00 €')
    expect(review?.message).toContain('50,00 €')
  })

  it('a live receipt on a payment HelloAsso now reports as not paid is processed, then reviewed', async () => {
    await notified(order01)
    fake.setPaymentState(PAYMENT_01, 'Canceled')

    const report = await sweep()

    expect(report.counts).toMatchObject({ processed: 1, receiptsCancelled: 0, reviewsOpened: 1 })
    expect(report.actions).toContainEqual(
      expect.objectContaining({
        kind: 'review-opened',
        reviewId: `reconcile-unpaid-${PAYMENT_01}-Canceled`,
      }),
    )
    expect((await t.receipts(2025))[0]?.status).toBe('issued')
  })
})

describe('reconcile: a second run with nothing new changes nothing', () => {
  it('leaves the table, receipts, reviews and outbox exactly as the first run left them', async () => {
    // One of each case: a missed payment, a missed refund, an amount change, a vanished order,
    // a pending payment, and an order already in step.
    fake.putOrder(orderOn(1, '2025-09-05T10:00:00+02:00'))
    await notified(orderOn(2, '2025-09-06T10:00:00+02:00'))
    fake.setPaymentState(149_300_101 + 1_000_002, 'Refunded')
    await notified(orderOn(3, '2025-09-07T10:00:00+02:00'))
    fake.setPaymentState(149_300_101 + 1_000_003, 'Authorized', { amount: 4500 })
    await notified(orderOn(4, '2025-09-08T10:00:00+02:00'))
    fake.removeOrder(158_300_004)
    fake.putOrder(
      orderFromNotification(loadFixture('05_order_membership_org_2500eur_company_sepa_waiting')),
    )
    await notified(orderOn(5, '2025-09-09T10:00:00+02:00'))

    const first = await sweep()
    await t.settle()
    const before = {
      table: await tableContents(),
      receipts: await t.receipts(2025),
      reviews: await t.reviews(),
      outbox: await t.outboxFiles(),
    }
    const second = await sweep()
    await t.settle()

    expect(first.counts).toMatchObject({
      processed: 3,
      receiptsIssued: 1,
      receiptsCancelled: 1,
      reviewsOpened: 3,
      unchanged: 1,
    })
    expect(second.actions).toEqual([])
    expect(second.counts).toMatchObject({
      ordersSeen: 5,
      processed: 0,
      receiptsIssued: 0,
      receiptsCancelled: 0,
      reviewsOpened: 0,
      unchanged: 5,
    })
    expect(await tableContents()).toEqual(before.table)
    expect(await t.receipts(2025)).toEqual(before.receipts)
    expect(await t.reviews()).toEqual(before.reviews)
    expect(await t.outboxFiles()).toEqual(before.outbox)
  })
})

describe('reconcile: HelloAsso pagination and failures', () => {
  it('reads every page when totals lie and the last page is empty with a token', async () => {
    for (let n = 1; n <= 5; n++) fake.putOrder(orderOn(n, `2025-09-0${n}T10:00:00+02:00`))
    fake.setOrderListBehaviour({ maxPageSize: 2, lyingTotals: true, emptyLastPageWithToken: true })
    const progress = { started: [] as number[][], advanced: 0, finished: 0 }

    const report = await sweep({
      progress: {
        start: (total, done) => progress.started.push([total, done]),
        advance: (n) => {
          progress.advanced += n
        },
        finish: () => {
          progress.finished++
        },
      },
    })
    await t.settle()

    expect(report.counts).toMatchObject({ ordersSeen: 5, receiptsIssued: 5 })
    expect(await t.receipts(2025)).toHaveLength(5)
    expect(await t.outboxFiles()).toHaveLength(5)
    expect(fake.calls.orderLists).toBe(4)
    expect(progress).toEqual({ started: [[5, 0]], advanced: 5, finished: 1 })
  })

  it('a 5xx while listing stops the run before any write; the re-run completes', async () => {
    for (let n = 1; n <= 3; n++) fake.putOrder(orderOn(n, `2025-09-0${n}T10:00:00+02:00`))
    fake.setOrderListBehaviour({ maxPageSize: 2 })
    fake.failListPage(2, 'status503')

    const error = await rejection(sweep())

    expect(error.code).toBe('helloasso.unavailable')
    expect(error.transient).toBe(true)
    expect(error.message).toMatch(/reconcile stopped while listing .* Run the same command again/)
    expect(await t.receipts(2025)).toHaveLength(0)
    expect((await sweep()).counts.receiptsIssued).toBe(3)
  })

  it('a 5xx mid-sweep stops the run with a transient error; the re-run finishes it, once each', async () => {
    for (let n = 1; n <= 3; n++) fake.putOrder(orderOn(n, `2025-09-0${n}T10:00:00+02:00`))
    server.use(
      http.get(
        `${TEST_API_URL}/orders/158300002`,
        () => HttpResponse.text('down', { status: 502 }),
        {
          once: true,
        },
      ),
    )

    const error = await rejection(sweep())
    await t.settle()

    expect(error.code).toBe('helloasso.unavailable')
    expect(error.message).toContain('reconcile stopped at order 158300002')
    expect(await t.receipts(2025)).toHaveLength(1)

    const rerun = await sweep()
    await t.settle()

    expect(rerun.counts).toMatchObject({ processed: 2, receiptsIssued: 2, unchanged: 1 })
    expect((await t.receipts(2025)).map((r) => r.paymentId).sort()).toEqual([
      150300102, 150300103, 150300104,
    ])
    expect(await t.outboxFiles()).toHaveLength(3)
  })

  it('reports an unreadable listed order and reconciles the rest of its page', async () => {
    const broken = orderOn(1, '2025-09-01T10:00:00+02:00') as unknown as Record<string, unknown>
    broken.payments = [{ ...order01.payments[0], id: 149_999_999, amount: '50.00' }]
    fake.putOrder(broken as unknown as Order)
    fake.putOrder(orderOn(2, '2025-09-02T10:00:00+02:00'))

    const report = await sweep()

    expect(report.counts).toMatchObject({ ordersUnreadable: 1, receiptsIssued: 1 })
    expect(report.actions).toContainEqual({
      kind: 'unreadable',
      orderId: 158300001,
      detail: 'listed order does not match the expected shape: payments.0.amount (invalid_type)',
    })
  })

  it('an order placed before the window with a receipt inside it is fetched on its own', async () => {
    // An order dated before `since` whose payment falls inside: the listing cannot return it.
    const early = {
      ...order01,
      date: '2025-08-30T10:00:00+02:00',
      payments: order01.payments.map((p) => ({ ...p, date: '2025-09-18T11:04:27+02:00' })),
    }
    await notified(early)
    fake.setPaymentState(PAYMENT_01, 'Refunded')

    const report = await sweep()

    expect(report.counts).toMatchObject({ ordersSeen: 0, ordersFetched: 1, receiptsCancelled: 1 })
    expect((await t.receipts(2025))[0]?.status).toBe('cancelled')
  })
})

describe('reconcile: refuses what it cannot do', () => {
  it('needs a verified HelloAsso client', async () => {
    const unverified = { ...jobs(), process: { ...jobs().process, helloAsso: undefined } }

    const error = await rejection(reconcile(unverified, { since: SINCE }))

    expect(error.code).toBe('config.invalid')
    expect(error.message).toContain('HELLOASSO_CLIENT_ID')
  })

  it.each([
    ['2025-13-01', undefined],
    ['2025-02-30', undefined],
    ['01/09/2025', undefined],
    ['2025-10-01', '2025-09-01'],
  ])('rejects since %s until %s', async (since, until) => {
    const error = await rejection(reconcile(jobs(), { since, ...(until ? { until } : {}) }))

    expect(error.code).toBe('input.invalid')
    expect(fake.calls.orderLists).toBe(0)
  })
})
