import { AppError } from '../errors.js'
import { enableReceiptSigning } from '../verification/enable-receipt-signing.js'
import type { AwsCore } from './aws-composition.js'

/**
 * The core of a function that numbers receipts (number, staff, jobs), its table signing each
 * receipt's verification link with the key read from Secrets Manager at cold start. Without a
 * key (a deployment made before verification existed), receipts carry no link.
 */
export async function withReceiptSigning<T extends AwsCore>(base: T): Promise<T> {
  const { RECEIPT_SIGNING_KEY, PUBLIC_BASE_URL } = base.env
  if (!RECEIPT_SIGNING_KEY) return base
  if (!PUBLIC_BASE_URL)
    throw new AppError(
      'config.invalid',
      'PUBLIC_BASE_URL: the base of the verification links printed on receipts must be set with RECEIPT_SIGNING_KEY_ARN',
    )
  const table = await enableReceiptSigning(base.table, {
    signingKey: RECEIPT_SIGNING_KEY,
    publicBaseUrl: PUBLIC_BASE_URL.replace(/\/+$/, ''),
    now: base.now,
  })
  return { ...base, table }
}
