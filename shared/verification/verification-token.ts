import { type KeyObject, sign, verify } from 'node:crypto'

/**
 * What a receipt's verification token states, signed by the association. Compact on purpose:
 * the token goes in a QR code printed on the receipt, so it is a fixed binary layout (about 135
 * bytes, 180 base64url characters), not a JSON Web Token (about 280).
 */
export interface VerificationClaims {
  orgId: string
  /** "2026-00042". */
  number: string
  amountCents: number
  /** The Paris day of issue, YYYY-MM-DD. */
  issuedOn: string
  /** SHA-256 (hex) of the canonical JSON of the frozen snapshot, `verification` left out. */
  snapshotSha256: string
}

export interface DecodedToken {
  claims: VerificationClaims
  /** Which of the association's keys signed it (8 hex characters). */
  keyId: string
  signed: Buffer
  signature: Buffer
}

const VERSION = 1
/** Signed before the payload, so a signature made for anything else never passes for a token. */
const CONTEXT = Buffer.from('recu-fiscal/verification/v1\0')
const SIGNATURE_BYTES = 64
const NUMBER = /^(\d{4})-(\d{5,})$/
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/

/**
 * Layout: version (1) · key id (4) · org id length (1) · org id (UTF-8) · year (2) · sequence
 * (4) · amount in cents (6) · day of issue as YYYYMMDD (4) · snapshot hash (32) · Ed25519
 * signature (64) of everything before it. Integers are big-endian.
 */
export function encodeVerificationToken(
  claims: VerificationClaims,
  key: { keyId: string; privateKey: KeyObject },
): string {
  const number = NUMBER.exec(claims.number)
  const day = DAY.exec(claims.issuedOn)
  const org = Buffer.from(claims.orgId, 'utf8')
  if (!number || !day || org.length > 255 || !/^[0-9a-f]{64}$/.test(claims.snapshotSha256))
    throw new RangeError(`cannot encode a verification token for ${claims.number}`)
  const fixed = Buffer.alloc(2 + 4 + 6 + 4)
  fixed.writeUInt16BE(Number(number[1]), 0)
  fixed.writeUInt32BE(Number(number[2]), 2)
  fixed.writeUIntBE(claims.amountCents, 6, 6)
  fixed.writeUInt32BE(Number(`${day[1]}${day[2]}${day[3]}`), 12)
  const signed = Buffer.concat([
    Buffer.from([VERSION]),
    Buffer.from(key.keyId, 'hex'),
    Buffer.from([org.length]),
    org,
    fixed,
    Buffer.from(claims.snapshotSha256, 'hex'),
  ])
  const signature = sign(null, Buffer.concat([CONTEXT, signed]), key.privateKey)
  return Buffer.concat([signed, signature]).toString('base64url')
}

/**
 * Reads a token without trusting it (the signature is checked apart, against the key its id
 * names). Anything that is not exactly a token this code wrote gives undefined: wrong length,
 * another version, or a base64url spelling that decodes to the same bytes (the last character's
 * spare bits), so one character changed never names the same receipt.
 */
/**
 * How many characters a token has, read from its first eight (version, key id, organisation
 * length): text that follows a printed token with no space between is not part of it.
 */
export function verificationTokenLength(start: string): number | undefined {
  if (!/^[A-Za-z0-9_-]{8}/.test(start)) return undefined
  const head = Buffer.from(start.slice(0, 8), 'base64url')
  if (head[0] !== VERSION) return undefined
  const bytes = 6 + (head[5] as number) + 16 + 32 + SIGNATURE_BYTES
  return Math.ceil((bytes * 4) / 3)
}

export function decodeVerificationToken(token: string): DecodedToken | undefined {
  if (!/^[A-Za-z0-9_-]{100,400}$/.test(token)) return undefined
  const bytes = Buffer.from(token, 'base64url')
  if (bytes.toString('base64url') !== token) return undefined
  if (bytes[0] !== VERSION || bytes.length < 6) return undefined
  const orgLength = bytes[5] as number
  const fixedAt = 6 + orgLength
  if (bytes.length !== fixedAt + 16 + 32 + SIGNATURE_BYTES) return undefined
  const orgId = bytes.subarray(6, fixedAt).toString('utf8')
  const year = bytes.readUInt16BE(fixedAt)
  const sequence = bytes.readUInt32BE(fixedAt + 2)
  const amountCents = bytes.readUIntBE(fixedAt + 6, 6)
  const day = bytes
    .readUInt32BE(fixedAt + 12)
    .toString()
    .padStart(8, '0')
  const hashAt = fixedAt + 16
  return {
    claims: {
      orgId,
      number: `${year}-${sequence.toString().padStart(5, '0')}`,
      amountCents,
      issuedOn: `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`,
      snapshotSha256: bytes.subarray(hashAt, hashAt + 32).toString('hex'),
    },
    keyId: bytes.subarray(1, 5).toString('hex'),
    signed: bytes.subarray(0, hashAt + 32),
    signature: bytes.subarray(hashAt + 32),
  }
}

export function tokenSignatureValid(decoded: DecodedToken, publicKey: KeyObject): boolean {
  try {
    return verify(null, Buffer.concat([CONTEXT, decoded.signed]), publicKey, decoded.signature)
  } catch {
    return false
  }
}
