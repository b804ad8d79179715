import { putDeadLetter } from '../store/dead-letter-store.js'
import { setNotificationStatus } from '../store/notification-store.js'
import { openReview } from '../store/review-store.js'
import type { TableContext } from '../store/table-context.js'
import type { QueueMessage } from './queue-message.js'

export function deadLetterId(message: QueueMessage): string {
  switch (message.type) {
    case 'process':
      return `process-${message.notificationId}`
    case 'number':
      return `number-${message.paymentId}`
    case 'deliver':
      return `deliver-${message.receiptNumber}-${message.kind}`
  }
}

function refsOf(message: QueueMessage) {
  switch (message.type) {
    case 'process':
      return { notificationId: message.notificationId }
    case 'number':
      return { paymentId: message.paymentId }
    case 'deliver':
      return { receiptNumber: message.receiptNumber }
  }
}

/** A message that failed for good: kept, visible to staff, and replayable (`npm run dead-letters`). */
export async function recordDeadLetter(
  table: TableContext,
  message: QueueMessage,
  error: string,
  attempts: number,
  now: Date,
): Promise<void> {
  const id = deadLetterId(message)
  const at = now.toISOString()
  await putDeadLetter(table, { id, message, attempts, failedAt: at, error })
  if (message.type === 'process')
    await setNotificationStatus(table, message.notificationId, 'failed', error)
  await openReview(table, {
    orgId: table.orgId,
    id: `dead-letter-${id}-${at}`,
    reasons: ['dead-letter'],
    message: `Un traitement a échoué après ${attempts} tentative(s) (${error}). Corrigez la cause puis relancez-le : npm run dead-letters -- replay ${id}`,
    status: 'open',
    createdAt: at,
    refs: refsOf(message),
  })
}
