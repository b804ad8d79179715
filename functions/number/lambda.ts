import { createAwsBase } from '../../shared/aws/aws-composition.js'
import { createAwsQueueConsumer } from '../../shared/aws/aws-queue-consumer.js'
import { withSecrets } from '../../shared/aws/load-secrets.js'
import { withReceiptSigning } from '../../shared/aws/receipt-signing.js'
import { AppError } from '../../shared/errors.js'
import { numberPaymentReceipt } from '../../shared/process/number-payment-receipt.js'

/**
 * Composition root of the number Lambda: the FIFO numbering queue, one message group per
 * organisation, so numbers are allocated one at a time. No HelloAsso call, no PDF: the step is
 * short so the serialized part of the flow stays small.
 */
// One secret only, the receipt signing key (numbering never calls HelloAsso).
const base = await withReceiptSigning(createAwsBase(await withSecrets(process.env)))

export const handler = createAwsQueueConsumer(base, 'number', async (message) => {
  if (message.type !== 'number')
    throw new AppError('input.invalid', `number queue got a ${message.type} message`)
  await numberPaymentReceipt(base, message.paymentId)
})
