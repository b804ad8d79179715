import type { MembershipRecord, ReceiptRecord } from '../domain/records.js'
import { type AuditEntry, listAudit } from '../store/audit-store.js'
import { getMembership } from '../store/membership-store.js'
import { getPaymentHistory, type PaymentHistory } from '../store/order-store.js'
import type { TableContext } from '../store/table-context.js'
import { loadReceipt } from './load-receipt.js'

export interface ReceiptDetail {
  receipt: ReceiptRecord
  audit: AuditEntry[]
  memberships: MembershipRecord[]
  payment?: PaymentHistory
  links: { replaces?: string; replacedBy?: string }
}

/** Everything a staff member needs to answer "where is my receipt?" on one screen. */
export async function receiptDetail(table: TableContext, number: string): Promise<ReceiptDetail> {
  const receipt = await loadReceipt(table, number)
  const itemIds = [...new Set(receipt.provenance.lines.map((line) => line.itemId))]
  const [audit, memberships, payment] = await Promise.all([
    listAudit(table, number),
    Promise.all(itemIds.map((id) => getMembership(table, id))),
    getPaymentHistory(table, receipt.paymentId),
  ])
  return {
    receipt,
    audit,
    memberships: memberships.filter((m): m is MembershipRecord => Boolean(m)),
    ...(payment ? { payment } : {}),
    links: {
      ...(receipt.snapshot.replaces ? { replaces: receipt.snapshot.replaces.number } : {}),
      ...(receipt.replacedBy ? { replacedBy: receipt.replacedBy.number } : {}),
    },
  }
}
