import type { ReviewItem } from '../domain/records.js'
import { AppError, type FailureKind } from '../errors.js'
import { deadLetterItem } from '../store/dead-letter-store.js'
import { storeUnavailable } from '../store/dynamo-errors.js'
import { notificationFailedItem } from '../store/notification-store.js'
import {
  deliveryFailedForGoodItems,
  pendingDeliveryDelete,
} from '../store/receipt-delivery-store.js'
import { draftOffPendingItem, getReceiptDraft } from '../store/receipt-draft-store.js'
import type { TransactItem } from '../store/receipt-items.js'
import { getReceipt } from '../store/receipt-store.js'
import { reviewFailureItems } from '../store/review-store.js'
import { getReview } from '../store/review-updates.js'
import type { TableContext } from '../store/table-context.js'
import { writeTogether } from '../store/write-together.js'
import { deadLetterId } from './dead-letter-id.js'
import { deadLetterReview, deadLetterReviewId } from './dead-letter-review.js'
import type { QueueMessage } from './queue-message.js'

/**
 * A message that failed for good, recorded in ONE transaction so the work ends once: the dead
 * letter (kept, replayable with `npm run dead-letters`), the work's pending marker removed (the
 * re-queue stops sending it: the notification is `failed`, the draft leaves the pending work,
 * the email is `failed`), and its one review item opened, or counted again if the same work
 * failed for good before.
 */
export async function recordDeadLetter(
  table: TableContext,
  message: QueueMessage,
  error: string,
  attempts: number,
  now: Date,
  kind: FailureKind = 'unknown',
): Promise<void> {
  const at = now.toISOString()
  const id = deadLetterId(message)
  const refs = await refsOf(table, message)
  let markers = markerItems(table, message, { at, error })
  const reviewId = deadLetterReviewId(message)
  // Optimistic: the review item's state is read, then the write is conditioned on it.
  for (let attempt = 1; attempt <= 5; attempt++) {
    const existing = await getReview(table, reviewId)
    const count = existing ? (existing.failures?.count ?? 1) + 1 : 1
    const review = deadLetterReview(
      table.orgId,
      message,
      { error, kind, attempts, at, count },
      refs,
    )
    const items = [
      deadLetterItem(table, { id, message, attempts, failedAt: at, error }),
      ...markers.items,
      ...reviewFailureItems(table, review, existing),
    ]
    const outcome = await write(table, items, markers.items.length)
    if (outcome === 'done') return
    // The marker's own condition failed (the work ended meanwhile): record without it.
    if (outcome === 'marker-gone') markers = { items: markers.fallback, fallback: markers.fallback }
  }
  throw new AppError('store.conflict', `dead letter ${id} kept meeting concurrent changes`)
}

/** A queue message that is not one of ours: kept raw, as a dead letter (it alarms like any). */
export async function recordUnreadableMessage(
  table: TableContext,
  letter: { messageId: string; body: string },
  now: Date,
): Promise<void> {
  const item = deadLetterItem(table, {
    id: `unreadable-${letter.messageId}`,
    // Our messages hold ids only; a stranger's body is cut to what a person needs to see.
    rawBody: letter.body.slice(0, 10_000),
    attempts: 1,
    failedAt: now.toISOString(),
    error: 'input.invalid: not a message of this application',
  })
  const refused = await writeTogether(table, [item], 'record unreadable message')
  if (refused) throw storeUnavailable('record unreadable message', new Error(refused.join(', ')))
}

interface Markers {
  items: TransactItem[]
  /** What to write instead when the marker's condition fails. */
  fallback: TransactItem[]
}

function markerItems(
  table: TableContext,
  message: QueueMessage,
  failure: { at: string; error: string },
): Markers {
  switch (message.type) {
    case 'process':
      return {
        items: [notificationFailedItem(table, message.notificationId, failure.error)],
        fallback: [],
      }
    case 'number':
      return { items: [draftOffPendingItem(table, message.paymentId)], fallback: [] }
    case 'deliver':
      return {
        items: deliveryFailedForGoodItems(table, message.receiptNumber, message.kind, failure),
        fallback: [pendingDeliveryDelete(table, message.receiptNumber, message.kind)],
      }
  }
}

/** What the review item points at, so staff can act from it (issue, resend). */
async function refsOf(table: TableContext, message: QueueMessage): Promise<ReviewItem['refs']> {
  switch (message.type) {
    case 'process':
      return { notificationId: message.notificationId }
    case 'number': {
      const draft = await getReceiptDraft(table, message.paymentId)
      return {
        paymentId: message.paymentId,
        ...(draft ? { orderId: draft.receipt.orderId } : {}),
      }
    }
    case 'deliver': {
      const receipt = await getReceipt(table, message.receiptNumber)
      return {
        receiptNumber: message.receiptNumber,
        ...(receipt ? { orderId: receipt.orderId, paymentId: receipt.paymentId } : {}),
      }
    }
  }
}

async function write(
  table: TableContext,
  items: TransactItem[],
  markerCount: number,
): Promise<'done' | 'marker-gone' | 'raced'> {
  const codes = await writeTogether(table, items, 'record dead letter')
  if (!codes) return 'done'
  const failed = (index: number) => codes[index] === 'ConditionalCheckFailed'
  if (markerCount > 0 && failed(1)) return 'marker-gone'
  if (codes.some((code) => code === 'ConditionalCheckFailed' || code === 'TransactionConflict'))
    return 'raced'
  throw storeUnavailable(
    'record dead letter',
    new Error(`transaction cancelled: ${codes.join(', ')}`),
  )
}
