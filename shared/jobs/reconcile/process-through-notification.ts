import { createHash } from 'node:crypto'
import { AppError } from '../../errors.js'
import type { ProcessDeps } from '../../process/process-deps.js'
import { processNotification } from '../../process/process-notification.js'
import { isConditionalCheckFailed } from '../../store/dynamo-errors.js'
import { getNotification, saveNotification } from '../../store/notification-store.js'
import type { ListedOrder } from './listed-order.js'

export type ThroughNotificationOutcome = 'processed' | 'ignored' | 'not-found' | 'already-done'

/**
 * One id per order and HelloAsso state: a second sweep that sees the same state finds the
 * notification already processed and leaves it alone; a new state (a refund) gets a new one.
 */
export function syntheticNotificationId(order: ListedOrder): string {
  const state = order.payments
    .map((payment) => [payment.id, payment.state, payment.amountCents] as const)
    .sort((a, b) => a[0] - b[0])
  const digest = createHash('sha256').update(JSON.stringify(state)).digest('hex').slice(0, 16)
  return `reconcile-${order.id}-${digest}`
}

/**
 * Sends an order through the very path a HelloAsso notification takes: a recorded
 * notification that carries only the order id, then processNotification, which re-fetches the
 * order and decides on the API's answer alone (invariant 1). A notification left 'received' by
 * a stopped sweep is processed now; one already processed is not processed again.
 */
export async function processThroughNotification(
  deps: ProcessDeps,
  order: ListedOrder,
): Promise<{ notificationId: string; outcome: ThroughNotificationOutcome }> {
  const notificationId = syntheticNotificationId(order)
  const existing = await getNotification(deps.table, notificationId)
  if (existing && existing.status !== 'received') return { notificationId, outcome: 'already-done' }
  if (!existing) await saveOnce(deps, notificationId, order.id)
  return { notificationId, outcome: await processNotification(deps, notificationId) }
}

async function saveOnce(deps: ProcessDeps, id: string, orderId: number): Promise<void> {
  try {
    await saveNotification(deps.table, {
      id,
      receivedAt: deps.now().toISOString(),
      rawBody: JSON.stringify({ eventType: 'Order', data: { id: orderId } }),
      contentType: 'application/json',
      eventType: 'Order',
      status: 'received',
    })
  } catch (error) {
    // Another sweep saved it between our read and our write: processing it twice is safe.
    if (error instanceof AppError && isConditionalCheckFailed(error.cause)) return
    throw error
  }
}
