import { generateSigningKeyPem } from '../../shared/verification/signing-key.js'
import { loadOrCreateDataSetSecret } from './data-set-secret.js'

/**
 * The association's receipt signing key, locally: an Ed25519 key made once per data set and kept
 * beside its data (owner-only), so links printed on receipts keep verifying across restarts.
 * RECEIPT_SIGNING_KEY, when set, replaces it (on AWS it comes from Secrets Manager).
 */
export function loadOrCreateSigningKey(dataDir: string): Promise<string> {
  return loadOrCreateDataSetSecret(dataDir, 'receipt-signing-key.pem', generateSigningKeyPem)
}
