import type { ReceiptSnapshot } from '../receipts/receipt-snapshot.js'
import { buildEmail } from './build-email.js'
import { closingBlocks, greeting, specimenNotice } from './compose-receipt-email.js'
import { euros, fr, frenchDate } from './french-text.js'
import type { OutgoingEmail } from './mailer.js'

export interface YearlyReceiptsEmailInput {
  year: number
  receipts: { snapshot: ReceiptSnapshot; pdf: Uint8Array }[]
  from: string
  to: string
  replyTo?: string
  /** Our reference for file names and logs: no personal data. */
  reference: string
}

/**
 * Every live receipt of a donor's year in one email. The PDFs attached are the originals as
 * issued (re-rendered byte for byte, no DUPLICATA mark), and the email says exactly that.
 */
export function composeYearlyReceiptsEmail(
  input: YearlyReceiptsEmailInput,
): Promise<OutgoingEmail> {
  const [first] = input.receipts
  if (!first) throw new RangeError('a yearly email needs at least one receipt')
  const association = first.snapshot.association.name
  const count = input.receipts.length
  const plural = count > 1
  return buildEmail({
    from: input.from,
    to: input.to,
    ...(input.replyTo ? { replyTo: input.replyTo } : {}),
    subject: `${first.snapshot.specimen ? '[SPECIMEN] ' : ''}${fr`Vos reçus fiscaux ${input.year} — ${association}`}`,
    title: fr`Vos reçus fiscaux de l’année ${input.year}`,
    blocks: [
      ...specimenNotice(first.snapshot),
      greeting(first.snapshot.donor),
      {
        kind: 'paragraph',
        text: plural
          ? fr`Vous trouverez ci-joints, au format PDF, vos ${count} reçus fiscaux de l’année ${input.year}, tels qu’ils ont été émis : ce sont les mêmes reçus originaux, aux mêmes numéros, et non de nouveaux reçus. Si vous les avez déjà reçus, chaque versement ne doit être déclaré qu’une seule fois.`
          : fr`Vous trouverez ci-joint, au format PDF, votre reçu fiscal de l’année ${input.year}, tel qu’il a été émis : c’est le même reçu original, au même numéro, et non un nouveau reçu. Si vous l’avez déjà reçu, ce versement ne doit être déclaré qu’une seule fois.`,
      },
      {
        kind: 'facts',
        rows: input.receipts.map(({ snapshot }) => [
          fr`Reçu n° ${snapshot.number} du ${frenchDate(snapshot.issuedAt)}`,
          euros(snapshot.amountCents),
        ]),
      },
      ...closingBlocks(association),
    ],
    attachments: input.receipts.map(({ snapshot, pdf }) => ({
      filename: `recu-fiscal-${snapshot.number}.pdf`,
      contentType: 'application/pdf',
      content: pdf,
    })),
    reference: input.reference,
    messageIdPrefix: input.reference,
  })
}
