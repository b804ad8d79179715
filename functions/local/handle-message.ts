import type { DeliverDeps } from '../../shared/deliver/deliver-deps.js'
import { deliverEmail } from '../../shared/deliver/deliver-email.js'
import { numberPaymentReceipt } from '../../shared/process/number-payment-receipt.js'
import type { ProcessDeps } from '../../shared/process/process-deps.js'
import { processNotification } from '../../shared/process/process-notification.js'
import type { QueueMessage } from '../../shared/queue/queue-message.js'

/**
 * One consumer for the three steps, for the local in-process queue. On AWS each step is its own
 * Lambda (functions/process, number, deliver), each with its own SQS batch handler.
 */
export function createMessageHandler(deps: { process: ProcessDeps; deliver: DeliverDeps }) {
  return async (message: QueueMessage): Promise<void> => {
    switch (message.type) {
      case 'process':
        await processNotification(deps.process, message.notificationId)
        return
      case 'number':
        await numberPaymentReceipt(deps.process, message.paymentId)
        return
      case 'deliver':
        await deliverEmail(deps.deliver, message.receiptNumber, message.kind)
        return
    }
  }
}
