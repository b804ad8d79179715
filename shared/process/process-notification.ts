import * as z from 'zod/mini'
import { AppError } from '../errors.js'
import {
  type Order,
  OrderSchema,
  OrganizationEventDataSchema,
  type Payment,
  PaymentSchema,
} from '../helloasso/schemas.js'
import {
  getNotificationWithTierMappings,
  setNotificationStatus,
} from '../store/notification-store.js'
import { getOrder, saveOrder } from '../store/order-store.js'
import { openReview } from '../store/review-store.js'
import { getKnownSlugs } from '../store/slug-store.js'
import { confirmSlugChange } from './confirm-slug-change.js'
import { tierMappingsOf } from './match-tier.js'
import type { ProcessDeps } from './process-deps.js'
import { processOrder } from './process-order.js'

export type ProcessResult = 'processed' | 'ignored' | 'not-found'

const OrderEventSchema = z.looseObject({
  eventType: z.literal('Order'),
  data: z.looseObject({ id: z.int().check(z.positive()) }),
})
const OrganizationEventSchema = z.looseObject({
  eventType: z.literal('Organization'),
  data: OrganizationEventDataSchema,
})
const PaymentEventSchema = z.looseObject({
  eventType: z.literal('Payment'),
  data: z.looseObject({
    id: z.int().check(z.positive()),
    order: z.looseObject({ id: z.int().check(z.positive()) }),
  }),
})

/**
 * Step 2 of the flow. Re-reads the order from HelloAsso's API and decides on that answer only
 * (invariant 1). Transient failures throw (the queue retries); everything else ends in a status.
 */
export async function processNotification(
  deps: ProcessDeps,
  notificationId: string,
): Promise<ProcessResult> {
  const { notification, tierMappings } = await getNotificationWithTierMappings(
    deps.table,
    notificationId,
  )
  if (!notification) return 'not-found'
  const body = JSON.parse(notification.rawBody) as unknown
  const slugChange = OrganizationEventSchema.safeParse(body)
  if (slugChange.success)
    return confirmSlugChange(deps, notificationId, {
      oldSlug: slugChange.data.data.old_slug_organization,
      newSlug: slugChange.data.data.new_slug_organization,
    })
  const order = await resolveOrder(deps, body)
  if (!order) {
    await setNotificationStatus(
      deps.table,
      notificationId,
      'ignored',
      'not an order or payment we can resolve',
    )
    return 'ignored'
  }
  if (order === 'not-found') {
    await reviewNotification(
      deps,
      notificationId,
      'order-not-found',
      'HelloAsso ne connaît pas cette commande ou ce paiement.',
    )
    await setNotificationStatus(deps.table, notificationId, 'ignored', 'unknown to HelloAsso')
    return 'ignored'
  }
  const known = await getKnownSlugs(deps.table, deps.config.helloAsso.organizationSlug)
  if (!order.organizationSlug || !known.includes(order.organizationSlug)) {
    await reviewNotification(
      deps,
      notificationId,
      'foreign-organisation',
      `Notification pour une autre organisation (« ${order.organizationSlug ?? '?'} ») : ignorée.`,
    )
    await setNotificationStatus(deps.table, notificationId, 'ignored', 'foreign organisation')
    return 'ignored'
  }
  if (order.formType !== 'Membership' && order.formType !== 'Donation') {
    await setNotificationStatus(
      deps.table,
      notificationId,
      'ignored',
      `form type ${order.formType ?? 'unknown'}`,
    )
    return 'ignored'
  }
  await saveOrder(deps.table, order, deps.now().toISOString(), Boolean(deps.helloAsso))
  const outcome = await processOrder(deps, order, notificationId, tierMappingsOf(tierMappings))
  const summary = `to number ${outcome.numbering.length}, duplicates ${outcome.duplicates.length}, cancelled ${outcome.cancelled.length}, reviews ${outcome.reviews.length}, deferred ${outcome.deferred.length}`
  await setNotificationStatus(deps.table, notificationId, 'processed', summary)
  deps.log.info('notification.processed', {
    notificationId,
    orderId: order.id,
    numbering: outcome.numbering.length,
    reviews: outcome.reviews.length,
  })
  return 'processed'
}

async function resolveOrder(
  deps: ProcessDeps,
  body: unknown,
): Promise<Order | 'not-found' | undefined> {
  const orderEvent = OrderEventSchema.safeParse(body)
  if (orderEvent.success)
    return deps.helloAsso
      ? fetchOrder(deps, orderEvent.data.data.id)
      : unverifiedOrder(orderEvent.data.data)
  const paymentEvent = PaymentEventSchema.safeParse(body)
  if (!paymentEvent.success) return undefined
  if (!deps.helloAsso) return unverifiedPaymentOrder(deps, paymentEvent.data.data)
  const payment = await notFoundAsUndefined(deps.helloAsso.getPayment(paymentEvent.data.data.id))
  if (!payment) return 'not-found'
  const order = await fetchOrder(deps, payment.order.id)
  return order === 'not-found' ? order : withPayment(order, payment)
}

async function fetchOrder(deps: ProcessDeps, orderId: number): Promise<Order | 'not-found'> {
  const client = deps.helloAsso
  if (!client) throw new AppError('config.invalid', 'no HelloAsso client')
  return (await notFoundAsUndefined(client.getOrder(orderId))) ?? 'not-found'
}

/** The payment's own endpoint is the fresher answer on its state (refunds, instalments). */
function withPayment(order: Order, payment: Payment): Order {
  const known = order.payments.some((p) => p.id === payment.id)
  const { order: _light, payer: _payer, items: _items, ...fields } = payment
  const merged = {
    ...fields,
    items: order.payments.find((p) => p.id === payment.id)?.items ?? null,
  }
  return {
    ...order,
    payments: known
      ? order.payments.map((p) => (p.id === payment.id ? { ...p, ...merged } : p))
      : [...order.payments, merged],
  }
}

/** Unverified local mode: the body is all there is; receipts made from it are SPECIMENs. */
function unverifiedOrder(data: unknown): Order | undefined {
  const parsed = OrderSchema.safeParse(data)
  return parsed.success ? parsed.data : undefined
}

async function unverifiedPaymentOrder(
  deps: ProcessDeps,
  data: unknown,
): Promise<Order | undefined> {
  const payment = PaymentSchema.safeParse(data)
  if (!payment.success) return undefined
  const order = await getOrder(deps.table, payment.data.order.id)
  return order ? withPayment(order, payment.data) : undefined
}

async function notFoundAsUndefined<T>(promise: Promise<T>): Promise<T | undefined> {
  try {
    return await promise
  } catch (error) {
    if (error instanceof AppError && error.code === 'helloasso.notFound') return undefined
    throw error
  }
}

async function reviewNotification(
  deps: ProcessDeps,
  notificationId: string,
  reason: 'order-not-found' | 'foreign-organisation',
  message: string,
): Promise<void> {
  await openReview(deps.table, {
    orgId: deps.table.orgId,
    id: `notification-${notificationId}`,
    reasons: [reason],
    message,
    status: 'open',
    createdAt: deps.now().toISOString(),
    refs: { notificationId },
  })
}
