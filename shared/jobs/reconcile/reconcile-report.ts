import type { ReconcileWindow } from './reconcile-window.js'

/**
 * What a sweep found and did. Ids, numbers and HelloAsso codes only: the report is printed and
 * logged, so it never carries a name, an email or an address (invariant 9).
 */
export interface ReconcileReport {
  window: ReconcileWindow
  counts: ReconcileCounts
  actions: ReconcileAction[]
}

export interface ReconcileCounts {
  /** Distinct orders HelloAsso listed in the window. */
  ordersSeen: number
  /** Orders of a local receipt in the window that the listing missed, fetched one by one. */
  ordersFetched: number
  /** Orders of other form types (events, shop…): not ours to receipt. */
  ordersSkipped: number
  /** Listed entries that do not parse as an order: checked by nobody, see their actions. */
  ordersUnreadable: number
  paymentsSeen: number
  /** Orders sent through the processing path. */
  processed: number
  receiptsIssued: number
  receiptsCancelled: number
  reviewsOpened: number
  /** Orders whose every payment matched the local records. */
  unchanged: number
  /** Orders that differ still after an earlier sweep processed this very HelloAsso state. */
  stillDifferent: number
  /** Orders whose processing failed for a reason a re-run would not change. */
  failed: number
}

export type ReconcileActionKind =
  | 'processed'
  | 'receipt-issued'
  | 'receipt-cancelled'
  | 'review-opened'
  | 'still-different'
  | 'unreadable'
  | 'failed'

export interface ReconcileAction {
  kind: ReconcileActionKind
  orderId?: number
  paymentId?: number
  receiptNumber?: string
  notificationId?: string
  reviewId?: string
  /** English, for the operator: ids and codes only. */
  detail?: string
}

const COUNTED: Record<ReconcileActionKind, keyof ReconcileCounts> = {
  processed: 'processed',
  'receipt-issued': 'receiptsIssued',
  'receipt-cancelled': 'receiptsCancelled',
  'review-opened': 'reviewsOpened',
  'still-different': 'stillDifferent',
  unreadable: 'ordersUnreadable',
  failed: 'failed',
}

export function emptyReport(window: ReconcileWindow): ReconcileReport {
  return {
    window,
    counts: {
      ordersSeen: 0,
      ordersFetched: 0,
      ordersSkipped: 0,
      ordersUnreadable: 0,
      paymentsSeen: 0,
      processed: 0,
      receiptsIssued: 0,
      receiptsCancelled: 0,
      reviewsOpened: 0,
      unchanged: 0,
      stillDifferent: 0,
      failed: 0,
    },
    actions: [],
  }
}

/** Records an action and moves the count that goes with it, so the two never disagree. */
export function recordAction(report: ReconcileReport, action: ReconcileAction): void {
  report.actions.push(action)
  report.counts[COUNTED[action.kind]]++
}

/** True when a person must look at something: a review, an unreadable order, a failure. */
export function needsAttention(report: ReconcileReport): boolean {
  const { reviewsOpened, ordersUnreadable, stillDifferent, failed } = report.counts
  return reviewsOpened + ordersUnreadable + stillDifferent + failed > 0
}
