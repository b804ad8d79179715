import type { NewReceipt } from '../../../shared/store/receipt-store.js'
import { aReceiptSnapshot } from './a-receipt-snapshot.js'

/** A receipt ready for issueReceipt(): 50 € for payment `paymentId` in tax year 2026. */
export function aNewReceipt(paymentId: number, overrides: Partial<NewReceipt> = {}): NewReceipt {
  const { number: _number, ...snapshot } = aReceiptSnapshot()
  return {
    orgId: 'org',
    year: 2026,
    form: '11580',
    status: 'issued',
    snapshot,
    provenance: {
      paymentId,
      paymentAmountCents: 5000,
      tipCents: 0,
      lines: [],
      eligibleCents: 5000,
    },
    orderId: paymentId + 1_000_000,
    paymentId,
    payerEmail: 'payeur@example.org',
    issuedAt: '2026-03-15T09:30:00.000Z',
    delivery: { status: 'pending', attempts: 0 },
    ...overrides,
  }
}
