import type { KeyObject } from 'node:crypto'
import { parisIsoDay } from '../domain/paris-time.js'
import type { CancellationReason, ReceiptRecord } from '../domain/records.js'
import type { ReceiptForm } from '../receipts/receipt-snapshot.js'
import { getReceipt } from '../store/receipt-store.js'
import type { TableContext } from '../store/table-context.js'
import { getVerificationKey } from '../store/verification-key-store.js'
import { snapshotDigest, tokenOfSnapshot } from './seal-receipt.js'
import { publicKeyFromPem } from './signing-key.js'
import { decodeVerificationToken, tokenSignatureValid } from './verification-token.js'

/** What the public verification page may show: no name, no address, initials at most. */
export interface VerifiedReceipt {
  associationName: string
  number: string
  issuedOn: string
  amountCents: number
  form: ReceiptForm
  cerfaNumber: string
  state:
    | { status: 'valid' }
    | { status: 'cancelled'; on: string; motif: string }
    | { status: 'replaced'; by: string; on: string }
  specimen: boolean
  /** Absent once the personal data were erased. */
  donorInitials?: string
  purgedOn?: string
  /** SHA-256 (hex) of the PDF files emailed: the original, then any duplicata. */
  emailedPdfSha256: string[]
}

/** The motif as the public may read it: never the staff's own words (they may name people). */
const PUBLIC_MOTIF: Record<CancellationReason, string> = {
  refund: 'remboursement',
  contest: 'contestation',
  staff: 'annulation par l’association',
}

const publicKeys = new Map<string, KeyObject>()

/**
 * A receipt from its verification token, or undefined for anything that is not exactly the token
 * the receipt carries: a bad signature, another organisation, an unknown key or number, a token
 * that differs from the stored link, or a snapshot that no longer hashes to what was signed.
 */
export async function verifyReceiptToken(
  table: TableContext,
  token: string,
): Promise<VerifiedReceipt | undefined> {
  const decoded = decodeVerificationToken(token)
  if (!decoded || decoded.claims.orgId !== table.orgId) return undefined
  const publicKey = await publicKeyOf(table, decoded.keyId)
  if (!publicKey || !tokenSignatureValid(decoded, publicKey)) return undefined
  const receipt = await getReceipt(table, decoded.claims.number)
  if (!receipt || tokenOfSnapshot(receipt.snapshot) !== token) return undefined
  // Erasure changes the snapshot on purpose; before it, the data must be what was signed.
  if (!receipt.purged && snapshotDigest(receipt.snapshot) !== decoded.claims.snapshotSha256)
    return undefined
  return verifiedView(receipt)
}

async function publicKeyOf(table: TableContext, keyId: string): Promise<KeyObject | undefined> {
  const cacheKey = `${table.tableName}#${table.orgId}#${keyId}`
  const cached = publicKeys.get(cacheKey)
  if (cached) return cached
  const stored = await getVerificationKey(table, keyId)
  if (!stored) return undefined
  const key = publicKeyFromPem(stored.pem)
  publicKeys.set(cacheKey, key)
  return key
}

export function verifiedView(receipt: ReceiptRecord): VerifiedReceipt {
  const { snapshot } = receipt
  const initials = receipt.purged ? undefined : donorInitials(receipt)
  return {
    associationName: snapshot.association.name,
    number: receipt.number,
    issuedOn: parisIsoDay(receipt.issuedAt),
    amountCents: snapshot.amountCents,
    form: receipt.form,
    cerfaNumber: snapshot.cerfaNumber,
    state: stateOf(receipt),
    specimen: snapshot.specimen,
    ...(initials ? { donorInitials: initials } : {}),
    ...(receipt.purged ? { purgedOn: parisIsoDay(receipt.purged.at) } : {}),
    emailedPdfSha256: [receipt.delivery.pdfSha256, receipt.delivery.duplicata?.sha256].filter(
      (hash): hash is string => Boolean(hash),
    ),
  }
}

function stateOf(receipt: ReceiptRecord): VerifiedReceipt['state'] {
  if (receipt.status === 'replaced' && receipt.replacedBy)
    return {
      status: 'replaced',
      by: receipt.replacedBy.number,
      on: parisIsoDay(receipt.replacedBy.at),
    }
  if (receipt.status === 'cancelled' && receipt.cancellation)
    return {
      status: 'cancelled',
      on: parisIsoDay(receipt.cancellation.at),
      motif: PUBLIC_MOTIF[receipt.cancellation.reason],
    }
  return { status: 'valid' }
}

/** « L. N. » for Łucja Nguyễn, « A. S. » for Atelier Solidaire: enough to recognise, no more. */
export function donorInitials(receipt: ReceiptRecord): string | undefined {
  const { donor } = receipt.snapshot
  const words =
    donor.kind === 'individual'
      ? [donor.firstNames.split(/[\s-]+/)[0] ?? '', donor.lastName]
      : donor.name.split(/\s+/).slice(0, 3)
  const letters = words
    .map((word) => [...word.normalize('NFC').trim()][0])
    .filter((letter): letter is string => Boolean(letter))
  return letters.length > 0
    ? letters.map((letter) => `${letter.toUpperCase()}.`).join(' ')
    : undefined
}
