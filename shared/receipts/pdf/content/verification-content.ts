import { AppError } from '../../../errors.js'
import type { ReceiptSnapshot } from '../../receipt-snapshot.js'
import { clean } from './common-content.js'
import { qrModules } from './qr-code.js'
import { type ContentElement, label, value } from './receipt-content.js'
import { VERIFICATION } from './receipt-wording.js'

/**
 * Layout 3: the verification link as a QR code with the link printed beside it; nothing
 * when the receipt has no link (before numbering fills it, or a receipt of an earlier
 * layout). Error correction M (15 %) survives a fold or a smudge on paper; a 200-character
 * link is then a version 10 code, 57 modules a side. The quiet zone is left as blank
 * space by the drawing.
 */
export function verificationElements(snapshot: ReceiptSnapshot): ContentElement[] {
  if ((snapshot.layoutVersion ?? 1) < 3 || !snapshot.verification) return []
  const url = clean(snapshot.verification.url)
  if (url === '') return []
  return [
    {
      kind: 'verification',
      modules: modulesOf(url),
      title: [label(VERIFICATION.title, 'bold')],
      text: [label(VERIFICATION.text)],
      link: [value(url)],
    },
  ]
}

function modulesOf(url: string): boolean[][] {
  try {
    return qrModules(url, 'M')
  } catch (cause) {
    throw new AppError(
      'input.invalid',
      `the verification link (${url.length} characters) is too long for a QR code`,
      { cause },
    )
  }
}
