import type { QueueMessage } from './queue-message.js'

/** One dead letter per piece of work: the same work failing for good again updates it. */
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
