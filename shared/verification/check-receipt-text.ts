import { formatEuros } from '../domain/money.js'
import { VERIFICATION_PATH } from './seal-receipt.js'
import { type VerificationClaims, verificationTokenLength } from './verification-token.js'

export interface TextCheck {
  /** What was compared, in French, for the report. */
  what: string
  ok: boolean
}

/**
 * The verification link printed on a receipt, from the PDF's text. The link may be broken over
 * lines (and a PDF's text over drawing operations): whitespace inside it is skipped, and the
 * token ends at its own length (the next printed words may follow it with no space between).
 */
export function findVerificationLink(text: string): string | undefined {
  const at = text.indexOf(`${VERIFICATION_PATH}/`)
  if (at < 0) return undefined
  const start = text.lastIndexOf('http', at)
  const prefix = start >= 0 && at - start < 200 ? text.slice(start, at).replace(/\s+/g, '') : ''
  const rest = text.slice(at + VERIFICATION_PATH.length + 1)
  const characters = /^[A-Za-z0-9_\-\s]+/.exec(rest)?.[0].replace(/\s+/g, '') ?? ''
  const token = characters.slice(0, verificationTokenLength(characters) ?? characters.length)
  return token ? `${prefix}${VERIFICATION_PATH}/${token}` : undefined
}

/**
 * Whether the receipt's printed number, amount and day of issue are those the association signed.
 * A forger who edits the amount on the PDF but keeps the genuine link is caught here.
 */
export function checkReceiptText(text: string, claims: VerificationClaims): TextCheck[] {
  const flat = text.replace(/[\s\u00a0\u202f]+/g, '')
  const [year, month, day] = claims.issuedOn.split('-')
  const amount = `***${formatEuros(claims.amountCents)}***`.replace(/[\s\u00a0\u202f]+/g, '')
  return [
    { what: `numéro ${claims.number}`, ok: flat.includes(claims.number) },
    { what: `montant ${formatEuros(claims.amountCents)} €`, ok: flat.includes(amount) },
    {
      what: `date d’émission ${day}/${month}/${year}`,
      ok: flat.includes(`Le${day}/${month}/${year}`),
    },
  ]
}
