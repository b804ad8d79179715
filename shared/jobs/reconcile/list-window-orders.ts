import type { HelloAssoClient } from '../../helloasso/helloasso-client.js'
import type { ProcessDeps } from '../../process/process-deps.js'
import { getKnownSlugs } from '../../store/slug-store.js'
import {
  isReceipted,
  type KnownOrder,
  type ListedOrder,
  listedOrder,
  RECEIPTED_FORM_TYPES,
} from './listed-order.js'
import { type ReconcileReport, recordAction } from './reconcile-report.js'
import type { ReconcileWindow } from './reconcile-window.js'

export interface WindowListing {
  /** Orders of our form types, each once, in HelloAsso's order (oldest first). */
  orders: ListedOrder[]
  /** Every id the listing returned, readable or not, of any form type. */
  known: Map<number, KnownOrder>
}

/**
 * Every order HelloAsso lists in the window, once each (a cursor may repeat an order across
 * pages). Unreadable entries are reported and remembered, so the receipt check does not call
 * them missing. Everything is listed before any write: a listing failure changes nothing.
 */
export async function listWindowOrders(
  deps: ProcessDeps,
  client: HelloAssoClient,
  window: ReconcileWindow,
  report: ReconcileReport,
): Promise<WindowListing> {
  const listing: WindowListing = { orders: [], known: new Map() }
  let page = 0
  const pages = client.listOrders({
    organizationSlug: await currentSlug(deps),
    from: window.from,
    to: window.to,
    formTypes: RECEIPTED_FORM_TYPES,
  })
  for await (const { orders, unreadable } of pages) {
    page++
    deps.log.info('reconcile.page', { page, orders: orders.length, unreadable: unreadable.length })
    for (const entry of unreadable) {
      if (entry.orderId !== undefined) listing.known.set(entry.orderId, 'unreadable')
      recordAction(report, {
        kind: 'unreadable',
        ...(entry.orderId !== undefined ? { orderId: entry.orderId } : {}),
        detail: `listed order does not match the expected shape: ${entry.issues}`,
      })
    }
    for (const order of orders) addOrder(listing, listedOrder(order), report)
  }
  return listing
}

function addOrder(listing: WindowListing, order: ListedOrder, report: ReconcileReport): void {
  if (listing.known.has(order.id)) return
  listing.known.set(order.id, order)
  report.counts.ordersSeen++
  if (isReceipted(order)) listing.orders.push(order)
  else report.counts.ordersSkipped++
}

/** HelloAsso lists under today's slug; a renamed organisation's is first among the known ones. */
async function currentSlug(deps: ProcessDeps): Promise<string> {
  const configured = deps.config.helloAsso.organizationSlug
  const [current] = await getKnownSlugs(deps.table, configured)
  return current ?? configured
}
