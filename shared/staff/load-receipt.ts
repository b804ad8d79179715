import type { ReceiptRecord } from '../domain/records.js'
import { AppError } from '../errors.js'
import { getReceipt } from '../store/receipt-store.js'
import type { TableContext } from '../store/table-context.js'

export async function loadReceipt(table: TableContext, number: string): Promise<ReceiptRecord> {
  const receipt = await getReceipt(table, number)
  if (!receipt) throw new AppError('receipt.notFound', `Aucun reçu n° ${number}.`)
  return receipt
}

export function requireLive(receipt: ReceiptRecord): void {
  if (receipt.status !== 'issued') {
    throw new AppError(
      'receipt.conflict',
      `Le reçu n° ${receipt.number} est déjà ${receipt.status === 'cancelled' ? 'annulé' : 'remplacé'}.`,
    )
  }
}
