import { buildEmail } from './build-email.js'
import type { OutgoingEmail } from './mailer.js'

export interface DonorLinkEmailInput {
  associationName: string
  from: string
  to: string
  replyTo?: string
  link: string
  /** How long the link works, in days. */
  validDays: number
  /** Our reference (file names, logs): no personal data. */
  reference: string
}

/** The link to a donor's own page, sent only when the address has receipts. No attachment. */
export function composeDonorLinkEmail(input: DonorLinkEmailInput): Promise<OutgoingEmail> {
  const association = input.associationName
  return buildEmail({
    from: input.from,
    to: input.to,
    ...(input.replyTo ? { replyTo: input.replyTo } : {}),
    subject: `Vos reçus fiscaux — ${association}`,
    title: 'Vos reçus fiscaux',
    blocks: [
      { kind: 'paragraph', text: 'Bonjour,' },
      {
        kind: 'paragraph',
        text: `Vous avez demandé à retrouver les reçus fiscaux que ${association} a émis à cette adresse. Ils sont sur cette page, avec leur PDF :`,
      },
      { kind: 'paragraph', text: input.link },
      {
        kind: 'paragraph',
        text: `Ce lien est personnel et fonctionne ${input.validDays} jours. Passé ce délai, demandez-en un nouveau sur la même page.`,
      },
      {
        kind: 'paragraph',
        text: 'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : personne d’autre que vous ne reçoit ce lien.',
      },
      { kind: 'paragraph', text: `Bien cordialement,\n${association}` },
    ],
    reference: input.reference,
    messageIdPrefix: input.reference,
  })
}
