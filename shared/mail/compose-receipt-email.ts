import type { AppliedTaxRules } from '../domain/records.js'
import { receiptFileName } from '../receipts/receipt-file-name.js'
import type { Donor, ReceiptSnapshot } from '../receipts/receipt-snapshot.js'
import { buildEmail, type EmailBlock } from './build-email.js'
import { euros, fr, frenchDate } from './french-text.js'
import type { OutgoingEmail } from './mailer.js'
import { reductionParagraph } from './reduction-paragraph.js'

export interface ReceiptEmailInput {
  snapshot: ReceiptSnapshot
  pdf: Uint8Array
  from: string
  to: string
  replyTo?: string
  /**
   * Which sending this is, and so what the email says:
   * - `first`: the receipt as issued;
   * - `resend`: the same original again (the first email bounced, or went to a wrong address):
   *   the donor never had it, so nothing says duplicata;
   * - `duplicata`: on the donor's request, the attached PDF is marked DUPLICATA and the email
   *   says so. Default `first`.
   */
  sending?: ReceiptSending
  /** The dated tax rules the receipt was issued under: what the email says of the reduction. */
  taxRules?: AppliedTaxRules
  /** The sending's identity, for the Message-ID (see EmailDraft.sendId). */
  sendId?: string
}

export type ReceiptSending = 'first' | 'resend' | 'duplicata'

/** The email that carries a receipt PDF to the payer. */
export function composeReceiptEmail(input: ReceiptEmailInput): Promise<OutgoingEmail> {
  const { snapshot, sending = 'first' } = input
  const duplicate = sending === 'duplicata'
  const association = snapshot.association.name
  return buildEmail({
    from: input.from,
    to: input.to,
    ...(input.replyTo ? { replyTo: input.replyTo } : {}),
    subject: subjectOf(snapshot, duplicate),
    title: duplicate
      ? fr`Duplicata de votre reçu fiscal n° ${snapshot.number}`
      : fr`Votre reçu fiscal n° ${snapshot.number}`,
    blocks: [
      ...specimenNotice(snapshot),
      greeting(snapshot.donor),
      { kind: 'paragraph', text: introduction(snapshot, sending) },
      ...replacementNotice(snapshot),
      {
        kind: 'facts',
        rows: [
          ['Numéro du reçu', snapshot.number],
          ['Date d’émission', frenchDate(snapshot.issuedAt)],
          ['Montant', euros(snapshot.amountCents)],
          paymentDateFact(snapshot),
          ['Bénéficiaire', association],
        ],
      },
      { kind: 'paragraph', text: reductionParagraph(snapshot, input.taxRules) },
      {
        kind: 'paragraph',
        text: fr`Conservez précieusement ce reçu : l’administration fiscale peut vous demander de le présenter.`,
      },
      ...closingBlocks(association),
    ],
    attachments: [
      {
        filename: receiptFileName(snapshot.number, { duplicate }),
        contentType: 'application/pdf',
        content: input.pdf,
      },
    ],
    reference: `${snapshot.number}-receipt`,
    messageIdPrefix: `${snapshot.number}.${duplicate ? 'duplicata' : 'receipt'}`,
    ...(input.sendId ? { sendId: input.sendId } : {}),
  })
}

function subjectOf(snapshot: ReceiptSnapshot, duplicate: boolean): string {
  const association = snapshot.association.name
  const prefix = snapshot.specimen ? '[SPECIMEN] ' : ''
  if (duplicate)
    return prefix + fr`Duplicata de votre reçu fiscal n° ${snapshot.number} — ${association}`
  const replaces = snapshot.replaces
    ? fr` (annule et remplace le n° ${snapshot.replaces.number})`
    : ''
  return prefix + fr`Votre reçu fiscal n° ${snapshot.number}${replaces} — ${association}`
}

function introduction(snapshot: ReceiptSnapshot, sending: ReceiptSending): string {
  if (sending === 'duplicata') {
    return fr`Comme demandé, vous trouverez ci-joint, au format PDF, un duplicata de votre reçu fiscal n° ${snapshot.number}. Il porte le même numéro que l’original et ne constitue pas un nouveau reçu : ce versement ne doit être déclaré qu’une seule fois.`
  }
  // The association's name is kept out of running text: « versement à Le Labo » would be
  // wrong French, and contractions depend on the name.
  const { from, to } = snapshot.paymentDates
  // A yearly summary (« cumul », or a period) thanks for several payments, not one.
  if (sending === 'resend') {
    return fr`Nous vous envoyons à nouveau, au format PDF, votre reçu fiscal n° ${snapshot.number} : notre premier envoi ne vous est peut-être pas parvenu. C’est le reçu original, tel qu’il a été émis.`
  }
  if (snapshot.paymentDateLabel || from !== to) {
    return fr`Merci pour vos versements. Vous trouverez ci-joint, au format PDF, votre reçu fiscal n° ${snapshot.number}, qui les récapitule.`
  }
  return fr`Merci pour votre versement. Vous trouverez ci-joint, au format PDF, votre reçu fiscal n° ${snapshot.number}.`
}

function replacementNotice(snapshot: ReceiptSnapshot): EmailBlock[] {
  const replaced = snapshot.replaces
  if (!replaced) return []
  return [
    {
      kind: 'notice',
      text: fr`Ce reçu annule et remplace le reçu n° ${replaced.number} du ${frenchDate(replaced.issuedOn)}. N’utilisez plus l’ancien reçu n° ${replaced.number} : seul le reçu n° ${snapshot.number} est valable.`,
    },
  ]
}

// Parts shared with the cancellation email.

export function specimenNotice(snapshot: ReceiptSnapshot): EmailBlock[] {
  if (!snapshot.specimen) return []
  return [
    {
      kind: 'notice',
      text: fr`SPECIMEN : ce message et le document joint sont des documents de test, sans aucune valeur fiscale. Ne les utilisez pas pour une déclaration d’impôts.`,
    },
  ]
}

export function greeting(donor: Donor): EmailBlock {
  // A company is addressed through the person who paid for it, never by its legal name.
  const text =
    donor.kind === 'individual'
      ? `Bonjour ${donor.firstNames} ${donor.lastName},`
      : donor.contactName
        ? `Bonjour ${donor.contactName},`
        : 'Bonjour,'
  return { kind: 'paragraph', text }
}

export function paymentDateFact(snapshot: ReceiptSnapshot): readonly [string, string] {
  if (snapshot.paymentDateLabel) return ['Date des versements', snapshot.paymentDateLabel]
  const { from, to } = snapshot.paymentDates
  if (from === to) return ['Date du versement', frenchDate(from)]
  return ['Période des versements', `du ${frenchDate(from)} au ${frenchDate(to)}`]
}

export function closingBlocks(
  association: string,
  signOff = 'Avec nos remerciements,',
): EmailBlock[] {
  return [
    {
      kind: 'paragraph',
      text: `Pour toute question sur ce reçu, contactez ${association} en répondant simplement à ce message.`,
    },
    { kind: 'paragraph', text: `${signOff}\n${association}` },
  ]
}
