import type { TableContext } from '../store/table-context.js'
import { publishVerificationKey } from '../store/verification-key-store.js'
import { createReceiptSealer } from './seal-receipt.js'
import { publicKeyInfo, signingKeyFromSecret } from './signing-key.js'

/**
 * The table of a process that numbers receipts, signing each one's verification link. Publishes
 * the public key first (once per cold start), so a link can be checked as soon as it exists.
 */
export async function enableReceiptSigning(
  table: TableContext,
  options: { signingKey: string; publicBaseUrl: string; now: () => Date },
): Promise<TableContext> {
  const key = signingKeyFromSecret(options.signingKey)
  await publishVerificationKey(table, publicKeyInfo(key), options.now().toISOString())
  return {
    ...table,
    sealReceipt: createReceiptSealer({
      orgId: table.orgId,
      key,
      publicBaseUrl: options.publicBaseUrl,
    }),
  }
}
