import { ScanCommand } from '@aws-sdk/lib-dynamodb'
import { expect } from 'vitest'
import type { FakeHelloAsso } from '../../functions/demo/fake-helloasso.js'
import type { Order } from '../../shared/helloasso/schemas.js'
import { annualJob } from '../../shared/jobs/annual/annual-job.js'
import { runJob } from '../../shared/jobs/run-job.js'
import { loadFixture, orderFromNotification } from '../support/fixtures.js'
import type { CurrentTestRuntime } from '../support/flow-harness.js'
import { withIds, withLegalForm } from '../support/order-variants.js'
import { extractPdfText } from '../support/pdf-text.js'
import { testAssociationConfig } from '../support/test-association-config.js'

/** Orders and steps shared by the annual summary receipt tests. */
export const ANNUAL = { ...testAssociationConfig(), receiptPolicy: { mode: 'annual' } }

const DONATION = orderFromNotification(loadFixture('16_order_donation_form'))
const COMPANY = withLegalForm(
  orderFromNotification(loadFixture('03_order_membership_org_500eur_company_new_year_midnight')),
  'SAS',
)
let lastId = 0

/** A new donation order of Vincent Caron (fixture 16) paid at `date`, tip 12 € as in the fixture. */
export function aDonation(
  date: string,
  cents: number,
  payer: Partial<NonNullable<Order['payer']>> = {},
) {
  const order = withIds(DONATION, 700_000 + ++lastId, lastId * 1000, lastId * 1000)
  return oneItemOrder({ ...order, payer: { ...order.payer, ...payer } }, date, cents)
}

/** A new 500 € membership order of the company of fixture 03, paid at `date`. */
export function aCompanyPayment(date: string): Order {
  const order = withIds(COMPANY, 700_000 + ++lastId, lastId * 1000, lastId * 1000)
  return oneItemOrder(order, date, 50_000)
}

function oneItemOrder(order: Order, date: string, cents: number): Order {
  const [item, payment] = [order.items[0], order.payments[0]]
  if (!item || !payment) throw new Error('fixture without item or payment')
  return {
    ...order,
    date,
    amount: { total: cents, vat: 0, discount: 0 },
    items: [{ ...item, amount: cents, payments: [{ id: payment.id, shareAmount: cents }] }],
    payments: [
      {
        ...payment,
        date,
        amount: cents,
        items: [{ id: item.id, shareAmount: cents, shareItemAmount: cents }],
      },
    ],
  }
}

export function paymentIdOf(order: Order): number {
  return order.payments[0]?.id ?? 0
}

export async function pay(
  fake: FakeHelloAsso,
  t: CurrentTestRuntime,
  ...orders: Order[]
): Promise<void> {
  for (const order of orders) {
    fake.putOrder(order)
    expect((await t.post({ eventType: 'Order', data: order })).status).toBe(200)
  }
  await t.settle()
}

export async function refund(
  fake: FakeHelloAsso,
  t: CurrentTestRuntime,
  order: Order,
): Promise<void> {
  const payment = order.payments[0]
  if (!payment) throw new Error('no payment')
  fake.setPaymentState(payment.id, 'Refunded', {
    refundOperations: [{ id: 1, amount: payment.amount, amountTip: 0, status: 'Processed' }],
  })
  const { payer, items: _items, payments: _payments, ...light } = order
  const body = {
    eventType: 'Payment',
    data: { ...payment, state: 'Refunded', order: light, payer },
  }
  expect((await t.post(body)).status).toBe(200)
  await t.settle()
}

export async function runAnnual(t: CurrentTestRuntime, year: number) {
  const outcome = await runJob(t.runtime.jobs, annualJob, { year })
  await t.settle()
  return outcome.run
}

export async function pdfTextOf(mail: { attachments: { content: Buffer }[] } | undefined) {
  return extractPdfText(new Uint8Array(mail?.attachments[0]?.content ?? []))
}

/** Every item of the runtime's table, sorted: the proof that a read-only path wrote nothing. */
export async function tableItems(t: CurrentTestRuntime): Promise<unknown[]> {
  const { doc, tableName } = t.runtime.table
  const items: Record<string, unknown>[] = []
  let cursor: Record<string, unknown> | undefined
  do {
    const page = await doc.send(
      new ScanCommand({ TableName: tableName, ...(cursor ? { ExclusiveStartKey: cursor } : {}) }),
    )
    items.push(...(page.Items ?? []))
    cursor = page.LastEvaluatedKey
  } while (cursor)
  return items
    .map((item) => JSON.stringify(item))
    .sort()
    .map((text) => JSON.parse(text))
}
