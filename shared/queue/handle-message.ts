import type { DeliverDeps } from '../deliver/deliver-deps.js'
import { deliverEmail } from '../deliver/deliver-email.js'
import { numberPaymentReceipt } from '../process/number-payment-receipt.js'
import type { ProcessDeps } from '../process/process-deps.js'
import { processNotification } from '../process/process-notification.js'
import type { QueueMessage } from './queue-message.js'

/** One consumer for the three steps, shared by the in-process queue and the SQS Lambda handlers. */
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
