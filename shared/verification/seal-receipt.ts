import { createHash } from 'node:crypto'
import { canonicalJson } from '../domain/canonical-json.js'
import { parisIsoDay } from '../domain/paris-time.js'
import type { ReceiptSnapshot } from '../receipts/receipt-snapshot.js'
import type { SigningKey } from './signing-key.js'
import { encodeVerificationToken } from './verification-token.js'

/** Adds the signed verification link to a snapshot being numbered. Pure CPU: no I/O. */
export type ReceiptSealer = (snapshot: ReceiptSnapshot) => ReceiptSnapshot

export const VERIFICATION_PATH = '/verifier'

/**
 * Signs at numbering time, inside the transaction builder (the number is known only there and
 * changes on a retry): an Ed25519 signature with a key already in memory, about 50 µs, no network
 * call and no extra item in the transaction.
 */
export function createReceiptSealer(options: {
  orgId: string
  key: SigningKey
  publicBaseUrl: string
}): ReceiptSealer {
  const base = options.publicBaseUrl.replace(/\/+$/, '')
  return (snapshot) => {
    const token = encodeVerificationToken(
      {
        orgId: options.orgId,
        number: snapshot.number,
        amountCents: snapshot.amountCents,
        issuedOn: parisIsoDay(snapshot.issuedAt),
        snapshotSha256: snapshotDigest(snapshot),
      },
      options.key,
    )
    return { ...snapshot, verification: { url: `${base}${VERIFICATION_PATH}/${token}` } }
  }
}

/** SHA-256 (hex) of the frozen data: the canonical JSON of the snapshot without `verification`. */
export function snapshotDigest(snapshot: ReceiptSnapshot): string {
  const { verification: _link, ...frozen } = snapshot
  return createHash('sha256').update(canonicalJson(frozen), 'utf8').digest('hex')
}

/** The token of a verification link, or undefined when the snapshot has none. */
export function tokenOfSnapshot(snapshot: ReceiptSnapshot): string | undefined {
  const url = snapshot.verification?.url
  if (!url) return undefined
  return url.slice(url.lastIndexOf('/') + 1)
}
