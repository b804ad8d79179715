import type { ReceiptSnapshot } from '../receipts/receipt-snapshot.js'
import type { TableDoc } from './lean-document-client.js'

/** What every store function needs: the document client, the table, and whose data it is. */
export interface TableContext {
  doc: TableDoc
  tableName: string
  orgId: string
  /**
   * Adds the signed verification link to every receipt the store numbers, whichever path numbers
   * it (payment, correction, yearly summary, staff issue). Absent: receipts carry no link.
   */
  sealReceipt?: (snapshot: ReceiptSnapshot) => ReceiptSnapshot
}

/**
 * The snapshot of a receipt just numbered, with its own verification link when the table signs.
 * A link copied from another receipt (a correction starts from the old snapshot) never stays.
 */
export function sealedSnapshot(ctx: TableContext, snapshot: ReceiptSnapshot): ReceiptSnapshot {
  const { verification: _inherited, ...unsealed } = snapshot
  return ctx.sealReceipt ? ctx.sealReceipt(unsealed) : unsealed
}
