/** Which copy of a receipt a file holds. */
export interface ReceiptCopy {
  /** A reprint marked DUPLICATA. */
  duplicate?: boolean
  /** Stamped ANNULÉ or REMPLACÉ: the receipt is no longer valid. */
  stamp?: 'cancelled' | 'replaced'
  /** The unmarked PDF as it was emailed, kept for the archive. */
  asEmailed?: boolean
}

/**
 * What a receipt's PDF is called when it is downloaded or attached. A stamped copy says what
 * it is, so that a file saved from the staff app or a mail is never taken for the valid
 * original: `recu-fiscal-2026-00042-duplicata-annule.pdf`.
 */
export function receiptFileName(number: string, copy: ReceiptCopy = {}): string {
  const parts = [`recu-fiscal-${number}`]
  if (copy.duplicate) parts.push('duplicata')
  if (copy.stamp) parts.push(copy.stamp === 'cancelled' ? 'annule' : 'remplace')
  if (copy.asEmailed) parts.push('tel-qu-envoye-archive')
  return `${parts.join('-')}.pdf`
}
