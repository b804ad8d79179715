import { derivePaymentDetail } from '../../functions/demo/fake-helloasso.js'
import type { Order } from '../../shared/helloasso/schemas.js'
import { loadFixture, orderFromNotification } from '../support/fixtures.js'
import { withIds, withLegalForm } from '../support/order-variants.js'

/** One paid sale of the soak: a HelloAsso order with one paid payment and its own payer. */
export interface Sale {
  index: number
  order: Order
  paymentId: number
  payerEmail: string
  /** Refunded once its receipt exists ('on-issue', racing the email) or once it is mailed. */
  refund?: 'on-issue' | 'after-mail'
}

/** One notification to post; `replays` more copies of the same bytes go out later. */
export interface PlannedPost {
  sale: number
  event: 'Order' | 'Payment'
  body: string
}

export type Random = () => number

/** Deterministic, so a failing seed can be run again (mulberry32). */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Realistic bodies from test/fixtures/helloasso, each giving one receipt with the test
 * association: individual, reduced, with an option, a gift, and a company (16216).
 */
function templates(): Order[] {
  const order = (name: string) => orderFromNotification(loadFixture(name))
  return [
    order('01_order_membership_individual_50eur_with_tip'),
    order('02_order_membership_reduced_25eur'),
    order('17_order_membership_individual_new_year_midnight'),
    order('15_order_membership_with_option'),
    order('16_order_donation_form'),
    withLegalForm(order('03_order_membership_org_500eur_company_new_year_midnight'), 'SAS'),
  ]
}

const ORDER_IDS = 400_000_000
const ITEM_IDS = 500_000_000
const PAYMENT_IDS = 600_000_000
/** Paid in 2026 (Europe/Paris), one minute apart: one tax year, one number series. */
const FIRST_PAYMENT = Date.parse('2026-02-01T09:00:00+01:00')

export function buildSales(count: number, random: Random, rates: { refunds: number }): Sale[] {
  const shapes = templates()
  return Array.from({ length: count }, (_, index) => {
    const template = shapes[index % shapes.length] as Order
    const firstItem = Math.min(...template.items.map((item) => item.id))
    const firstPayment = Math.min(...template.payments.map((payment) => payment.id))
    const renumbered = withIds(
      template,
      ORDER_IDS + index,
      ITEM_IDS + index * 10 - firstItem,
      PAYMENT_IDS + index * 10 - firstPayment,
    )
    const payerEmail = `soak-${index}@example.org`
    const date = new Date(FIRST_PAYMENT + index * 60_000).toISOString()
    const order: Order = {
      ...renumbered,
      date,
      payer: { ...renumbered.payer, email: payerEmail },
      payments: renumbered.payments.map((payment) => ({ ...payment, date })),
    }
    const refundDraw = random()
    const refund =
      refundDraw < rates.refunds / 2
        ? 'on-issue'
        : refundDraw < rates.refunds
          ? 'after-mail'
          : undefined
    return {
      index,
      order,
      paymentId: (order.payments[0] as { id: number }).id,
      payerEmail,
      ...(refund ? { refund } : {}),
    }
  })
}

/** HelloAsso's Payment notification: the payment as GET /payments/{id} shows it. */
export function paymentNotification(order: Order, paymentId: number): string {
  const payment = order.payments.find((candidate) => candidate.id === paymentId)
  if (!payment) throw new Error(`no payment ${paymentId} in order ${order.id}`)
  const data = derivePaymentDetail(
    order as unknown as Record<string, unknown>,
    payment as unknown as Record<string, unknown>,
  )
  return JSON.stringify({ data, eventType: 'Payment' })
}

export function orderNotification(order: Order): string {
  return JSON.stringify({ data: order, eventType: 'Order' })
}

/**
 * Every sale's Order notification, a Payment notification for the same sale for about half of
 * them, and replays: about `replayRate` of the notifications are posted again 1–3 times. All
 * shuffled, so a replay or a Payment event may come before the Order event.
 */
export function planPosts(sales: Sale[], random: Random, replayRate: number): PlannedPost[] {
  const posts: PlannedPost[] = []
  for (const sale of sales) {
    const own: PlannedPost[] = [
      { sale: sale.index, event: 'Order', body: orderNotification(sale.order) },
    ]
    if (random() < 0.5) {
      own.push({
        sale: sale.index,
        event: 'Payment',
        body: paymentNotification(sale.order, sale.paymentId),
      })
    }
    posts.push(...own, ...replaysOf(own, random, replayRate))
  }
  return shuffle(posts, random)
}

export function replaysOf(posts: PlannedPost[], random: Random, replayRate: number): PlannedPost[] {
  const replays: PlannedPost[] = []
  for (const post of posts) {
    if (random() >= replayRate) continue
    const copies = 1 + Math.floor(random() * 3)
    for (let i = 0; i < copies; i++) replays.push(post)
  }
  return replays
}

/** The order once HelloAsso has refunded its payment in full (fixture 07's shape). */
export function refundedOrder(order: Order, paymentId: number, at: Date): Order {
  return {
    ...order,
    payments: order.payments.map((payment) =>
      payment.id === paymentId
        ? {
            ...payment,
            state: 'Refunded',
            cashOutState: 'Refunded',
            refundOperations: [
              {
                id: paymentId + 7,
                amount: payment.amount,
                amountTip: payment.amountTip ?? 0,
                status: 'Processed',
                meta: { createdAt: at.toISOString(), updatedAt: at.toISOString() },
              },
            ],
          }
        : payment,
    ),
  }
}

function shuffle<T>(items: T[], random: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[items[i], items[j]] = [items[j] as T, items[i] as T]
  }
  return items
}
