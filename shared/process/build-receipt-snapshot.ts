import type { AssociationConfig } from '../config/association-config-schema.js'
import { parisIsoDay } from '../domain/paris-time.js'
import type { OrderPayment } from '../helloasso/schemas.js'
import type { Donor, PaymentMethod, ReceiptSnapshot } from '../receipts/receipt-snapshot.js'

export interface SnapshotInput {
  config: AssociationConfig
  signatureImagePng?: Uint8Array
  donor: Donor
  payment: OrderPayment
  amountCents: number
  issuedAt: string
  specimen: boolean
}

/** Freezes what the receipt prints; the number is added by the transaction that allocates it. */
export function buildReceiptSnapshot(input: SnapshotInput): Omit<ReceiptSnapshot, 'number'> {
  const { config, donor, payment } = input
  const cerfa =
    donor.kind === 'company'
      ? config.receiptPolicy.cerfa.company
      : config.receiptPolicy.cerfa.individual
  const association = config.association
  const registration = association.registrationNumber
  const paidOn = parisIsoDay(payment.date)
  return {
    form: donor.kind === 'company' ? '16216' : '11580',
    cerfaNumber: cerfa.number,
    formCode: cerfa.formCode,
    issuedAt: input.issuedAt,
    amountCents: input.amountCents,
    paymentDates: { from: paidOn, to: paidOn },
    paymentMethod: paymentMethod(payment.paymentMeans),
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
  }
}

function paymentMethod(means: string | null | undefined): PaymentMethod {
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
