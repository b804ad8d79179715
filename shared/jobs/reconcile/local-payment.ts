import type { ReceiptRecord } from '../../domain/records.js'
import { getRecordedPaymentState } from '../../store/order-store.js'
import { getPaymentReceiptNumber, getReceipt } from '../../store/receipt-store.js'
import type { TableContext } from '../../store/table-context.js'

/** What we hold about one HelloAsso payment. */
export interface LocalPayment {
  /** HelloAsso's state as the processing path last recorded it; absent if never processed. */
  recordedState?: string
  /** The payment's receipt (live or not), if one was ever issued. */
  receipt?: ReceiptRecord
}

export async function readLocalPayment(
  ctx: TableContext,
  paymentId: number,
): Promise<LocalPayment> {
  const [recordedState, number] = await Promise.all([
    getRecordedPaymentState(ctx, paymentId),
    getPaymentReceiptNumber(ctx, paymentId),
  ])
  const receipt = number ? await getReceipt(ctx, number) : undefined
  return {
    ...(recordedState !== undefined ? { recordedState } : {}),
    ...(receipt ? { receipt } : {}),
  }
}
