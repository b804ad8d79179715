import type { ReceiptSnapshot } from '../receipts/receipt-snapshot.js'
import { buildEmail } from './build-email.js'
import { closingBlocks, greeting, specimenNotice } from './compose-receipt-email.js'
import { euros, fr, frenchDate } from './french-text.js'
import type { OutgoingEmail } from './mailer.js'

export type CancellationReason = 'refund' | 'contest' | 'staff'

export interface CancellationEmailInput {
  /** The snapshot of the receipt being cancelled. */
  snapshot: ReceiptSnapshot
  reason: CancellationReason
  from: string
  to: string
  replyTo?: string
  /** The sending's identity, for the Message-ID (see EmailDraft.sendId). */
  sendId?: string
}

/** Tells the payer that a receipt they hold must no longer be used. No attachment. */
export function composeCancellationEmail(input: CancellationEmailInput): Promise<OutgoingEmail> {
  const { snapshot } = input
  const association = snapshot.association.name
  const issuedOn = frenchDate(snapshot.issuedAt)
  const amount = euros(snapshot.amountCents)
  const prefix = snapshot.specimen ? '[SPECIMEN] ' : ''
  return buildEmail({
    from: input.from,
    to: input.to,
    ...(input.replyTo ? { replyTo: input.replyTo } : {}),
    subject: prefix + fr`Annulation de votre reçu fiscal n° ${snapshot.number} — ${association}`,
    title: fr`Annulation de votre reçu fiscal n° ${snapshot.number}`,
    blocks: [
      ...specimenNotice(snapshot),
      greeting(snapshot.donor),
      {
        kind: 'notice',
        text: fr`Le reçu fiscal n° ${snapshot.number} du ${issuedOn}, d’un montant de ${amount}, est annulé.`,
      },
      { kind: 'paragraph', text: REASON_TEXT[input.reason] },
      {
        kind: 'paragraph',
        text: fr`Ce reçu ne doit pas être utilisé pour votre déclaration fiscale. Si vous avez déjà déclaré ce versement à l’aide de ce reçu, il vous appartient de corriger votre déclaration.`,
      },
      {
        kind: 'facts',
        rows: [
          ['Numéro du reçu annulé', snapshot.number],
          ['Date d’émission', issuedOn],
          ['Montant', amount],
        ],
      },
      {
        kind: 'paragraph',
        // Numbers are never reused (gap-free register): saying so avoids "where did it go?".
        text: fr`Son numéro reste inscrit, avec la mention « annulé », dans le registre des reçus de l’association ; il ne sera attribué à aucun autre reçu.`,
      },
      ...closingBlocks(association, 'Bien cordialement,'),
    ],
    reference: `${snapshot.number}-cancellation`,
    messageIdPrefix: `${snapshot.number}.cancellation`,
    ...(input.sendId ? { sendId: input.sendId } : {}),
  })
}

const REASON_TEXT: Readonly<Record<CancellationReason, string>> = {
  refund: fr`Le versement correspondant a été remboursé : il n’ouvre donc plus droit à une réduction d’impôt.`,
  contest: fr`Le paiement correspondant a fait l’objet d’une contestation auprès de la banque : il n’est donc pas définitivement acquis à l’association.`,
  staff: fr`L’association a annulé ce reçu pour une raison administrative. Si un nouveau reçu doit le remplacer, il vous sera envoyé séparément.`,
}
