import { AppError } from '../../errors.js'
import type { HelloAssoClient } from '../../helloasso/helloasso-client.js'
import type { Order } from '../../helloasso/schemas.js'
import type { ProcessDeps } from '../../process/process-deps.js'
import {
  openDifferenceReview,
  orderMissingReview,
  paymentMissingReview,
} from './difference-reviews.js'
import { isReceipted, type KnownOrder, type ListedOrder, listedOrder } from './listed-order.js'
import { liveReceiptsInWindow } from './live-receipts-in-window.js'
import type { ReconcileReport } from './reconcile-report.js'
import type { ReconcileWindow } from './reconcile-window.js'

/**
 * The other direction: every live receipt of the window must stand on an order and a payment
 * HelloAsso still reports. An order the listing did not return (an instalment paid in the
 * window on an order placed before it, or a listing that missed it) is fetched on its own and
 * reconciled like a listed one; a 404 goes to review, never to an automatic cancellation.
 */
export async function checkReceiptsInWindow(
  deps: ProcessDeps,
  client: HelloAssoClient,
  window: ReconcileWindow,
  known: Map<number, KnownOrder>,
  report: ReconcileReport,
  reconcileFetched: (order: ListedOrder) => Promise<void>,
): Promise<void> {
  for await (const receipt of liveReceiptsInWindow(deps.table, window)) {
    let order = known.get(receipt.orderId)
    if (order === undefined) {
      const fetched = await fetchOrder(client, receipt.orderId)
      order = fetched ? listedOrder(fetched) : 'missing'
      known.set(receipt.orderId, order)
      if (fetched) report.counts.ordersFetched++
      if (order !== 'missing' && isReceipted(order)) await reconcileFetched(order)
    }
    if (order === 'missing') {
      await openDifferenceReview(deps, orderMissingReview(receipt), report)
    } else if (order !== 'unreadable' && !order.payments.some((p) => p.id === receipt.paymentId)) {
      await openDifferenceReview(deps, paymentMissingReview(receipt), report)
    }
  }
}

async function fetchOrder(client: HelloAssoClient, orderId: number): Promise<Order | undefined> {
  try {
    return await client.getOrder(orderId)
  } catch (error) {
    if (error instanceof AppError && error.code === 'helloasso.notFound') return undefined
    throw error
  }
}
