import type { ReceiptRecord } from '../domain/records.js'

/** One line of a search result: enough to recognise the receipt without opening it. */
export interface ReceiptSummary {
  number: string
  year: number
  form: ReceiptRecord['form']
  status: ReceiptRecord['status']
  amountCents: number
  donorName: string
  payerEmail: string
  issuedAt: string
  paymentDate: string
  deliveryStatus: ReceiptRecord['delivery']['status']
  orderId: number
  paymentId: number
  specimen: boolean
}

export function summarise(receipt: ReceiptRecord): ReceiptSummary {
  return {
    number: receipt.number,
    year: receipt.year,
    form: receipt.form,
    status: receipt.status,
    amountCents: receipt.snapshot.amountCents,
    donorName: donorName(receipt),
    payerEmail: receipt.payerEmail,
    issuedAt: receipt.issuedAt,
    paymentDate: receipt.snapshot.paymentDates.from,
    deliveryStatus: receipt.delivery.status,
    orderId: receipt.orderId,
    paymentId: receipt.paymentId,
    specimen: receipt.snapshot.specimen,
  }
}

export function donorName(receipt: ReceiptRecord): string {
  const donor = receipt.snapshot.donor
  return donor.kind === 'company' ? donor.name : `${donor.firstNames} ${donor.lastName}`
}
