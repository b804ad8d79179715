import type { AssociationConfig } from '../config/association-config-schema.js'
import { parisIsoDay } from '../domain/paris-time.js'
import type { OrderPayment } from '../helloasso/schemas.js'
import {
  CURRENT_LAYOUT_VERSION,
  type Donor,
  type PaymentMethod,
  type ReceiptSnapshot,
} from '../receipts/receipt-snapshot.js'

export interface SnapshotInput {
  config: AssociationConfig
  signatureImagePng?: Uint8Array
  donor: Donor
  payment: OrderPayment
  amountCents: number
  issuedAt: string
  specimen: boolean
}

/** Freezes what the receipt of one payment prints; the number comes with the transaction. */
export function buildReceiptSnapshot(input: SnapshotInput): Omit<ReceiptSnapshot, 'number'> {
  const paidOn = parisIsoDay(input.payment.date)
  return snapshotOf({
    ...input,
    paymentDates: { from: paidOn, to: paidOn },
    paymentMethod: paymentMethod(input.payment.paymentMeans),
  })
}

export interface SnapshotFields {
  config: AssociationConfig
  signatureImagePng?: Uint8Array
  donor: Donor
  amountCents: number
  /** Paris calendar days (YYYY-MM-DD) of the first and last payment covered. */
  paymentDates: { from: string; to: string }
  /** Printed instead of the dates (« cumul 2026 » on a yearly summary). */
  paymentDateLabel?: string
  paymentMethod: PaymentMethod
  /** Every method used, when a summary's payments differ (each box is ticked). */
  paymentMethods?: PaymentMethod[]
  issuedAt: string
  specimen: boolean
}

/** The snapshot of any receipt, one payment or a yearly summary. */
export function snapshotOf(input: SnapshotFields): Omit<ReceiptSnapshot, 'number'> {
  const { config, donor } = input
  const cerfa =
    donor.kind === 'company'
      ? config.receiptPolicy.cerfa.company
      : config.receiptPolicy.cerfa.individual
  const association = config.association
  const registration = association.registrationNumber
  return {
    form: donor.kind === 'company' ? '16216' : '11580',
    cerfaNumber: cerfa.number,
    formCode: cerfa.formCode,
    issuedAt: input.issuedAt,
    amountCents: input.amountCents,
    paymentDates: input.paymentDates,
    ...(input.paymentDateLabel ? { paymentDateLabel: input.paymentDateLabel } : {}),
    paymentMethod: input.paymentMethod,
    ...(input.paymentMethods ? { paymentMethods: input.paymentMethods } : {}),
    giftForm: config.receiptPolicy.giftForm,
    association: {
      name: association.name,
      registrationNumber: `${registration.kind} ${registration.value}`,
      address: association.address,
      object: association.object,
      organismeType: association.organismeType,
      ...(association.organismeTypeDetail
        ? { organismeTypeDetail: association.organismeTypeDetail }
        : {}),
      signatory: association.signatory,
      ...(input.signatureImagePng
        ? { signatureImagePngBase64: Buffer.from(input.signatureImagePng).toString('base64') }
        : {}),
    },
    donor,
    specimen: input.specimen,
    layoutVersion: CURRENT_LAYOUT_VERSION,
  }
}

export function paymentMethod(means: string | null | undefined): PaymentMethod {
  switch (means) {
    case 'Card':
      return 'card'
    case 'Sepa':
      return 'sepa'
    case 'BankTransfer':
      return 'transfer'
    case 'Check':
      return 'cheque'
    case 'Cash':
      return 'cash'
    default:
      return 'other'
  }
}
