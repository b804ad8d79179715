import { type ParsedMail, simpleParser } from 'mailparser'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../shared/errors.js'
import {
  composeReceiptEmail,
  type ReceiptEmailInput,
} from '../../shared/mail/compose-receipt-email.js'
import {
  aCompanyReceiptSnapshot,
  aReceiptSnapshot,
} from '../support/builders/a-receipt-snapshot.js'
import { dummyPdf, FROM, TO } from './support/mail-constants.js'

const NBSP = '\u00a0'

async function compose(overrides: Partial<ReceiptEmailInput> = {}) {
  const email = await composeReceiptEmail({
    snapshot: aReceiptSnapshot(),
    pdf: dummyPdf,
    from: FROM,
    to: TO,
    ...overrides,
  })
  const parsed = await simpleParser(Buffer.from(email.raw))
  return { email, parsed, text: parsed.text ?? '', html: htmlOf(parsed) }
}

function htmlOf(parsed: ParsedMail): string {
  return typeof parsed.html === 'string' ? parsed.html : ''
}

/** The HTML as a reader sees it: tags dropped, entities decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \n]+/g, ' ')
}

describe('composeReceiptEmail', () => {
  it('addresses the payer, with the envelope in bare addresses', async () => {
    const { email, parsed } = await compose({ replyTo: 'tresorerie@jardin.example.org' })
    expect(email.from).toBe('recus@jardin.example.org')
    expect(email.to).toEqual([TO])
    expect(email.reference).toBe('2026-00042-receipt')
    expect(parsed.from?.value).toEqual([
      { name: 'Les Amis du Jardin Partagé', address: 'recus@jardin.example.org' },
    ])
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.text : '').toBe(TO)
    expect(parsed.replyTo?.text).toBe('tresorerie@jardin.example.org')
    expect(parsed.headers.get('content-language')).toBe('fr')
  })

  it('has a French subject with the number and the association', async () => {
    const { parsed } = await compose()
    expect(parsed.subject).toBe(
      `Votre reçu fiscal n°${NBSP}2026-00042 — Les Amis du Jardin Partagé`,
    )
  })

  it('sets a Message-ID made of the receipt number and the sender domain', async () => {
    const { parsed } = await compose()
    expect(parsed.messageId).toMatch(/^<2026-00042\.receipt\.\d{8}T\d{9}Z@jardin\.example\.org>$/)
  })

  it('attaches the PDF byte for byte under an ASCII name', async () => {
    const { parsed } = await compose()
    expect(parsed.attachments).toHaveLength(1)
    const [pdf] = parsed.attachments
    expect(pdf?.filename).toBe('recu-fiscal-2026-00042.pdf')
    expect(pdf?.contentType).toBe('application/pdf')
    expect(pdf?.contentDisposition).toBe('attachment')
    expect(new Uint8Array(pdf?.content ?? [])).toEqual(dummyPdf)
  })

  it('states number, amount, dates and the article 200 reduction in text and HTML', async () => {
    const { text, html } = await compose()
    for (const body of [text, visibleText(html)]) {
      expect(body).toContain('Bonjour Jeanne Marie Exemple,')
      expect(body).toContain(`reçu fiscal n°${NBSP}2026-00042`)
      expect(body).toContain(`50,00${NBSP}€`)
      expect(body).toContain('14/03/2026') // payment date
      expect(body).toContain('15/03/2026') // issue date
      expect(body).toContain('article 200 du code général des impôts')
      expect(body).not.toContain('238 bis')
      expect(body).toContain(`Conservez précieusement ce reçu${NBSP}:`)
      expect(body).toContain('contactez Les Amis du Jardin Partagé')
      expect(body).not.toContain('SPECIMEN')
      expect(body).not.toContain('annule et remplace')
    }
  })

  it('states the reduction from the dated rules of the payment day, a figure only as a maximum', async () => {
    const { text } = await compose()
    const flat = text.replace(/\s+/g, ' ')
    expect(flat).toContain(
      'la réduction d’impôt sur le revenu prévue à l’article 200 du code général des impôts : 66 % des sommes versées, dans la limite de 20 % de votre revenu imposable, soit au plus 33,00 € pour ce versement. Son montant exact dépend de votre situation fiscale.',
    )
    // A reduction, never a refund or a credit; two amounts: the gift and that maximum.
    expect(text).not.toMatch(/rembours|crédit d’impôt/)
    expect(text.match(/€/g)).toHaveLength(2)
  })

  it('states the « Coluche » rate with the ceiling the receipt was issued under', async () => {
    const gift = aReceiptSnapshot({
      amountCents: 150000,
      paymentDates: { from: '2025-10-01', to: '2025-10-01' },
    })
    const before = await compose({
      snapshot: gift,
      taxRules: { versions: ['2021-01-01'], ratePercent: 75 },
    })
    expect(before.text.replace(/\s+/g, ' ')).toContain(
      'pour les dons aux organismes d’aide aux personnes en difficulté : 75 % des dons de l’année à ces organismes jusqu’à 1 000,00 € (plafond des dons faits avant le 14/10/2025), puis 66 % au-delà, dans la limite de 20 % de votre revenu imposable ; soit au plus 1 080,00 € pour ce versement si vous n’avez pas fait d’autres dons de ce type cette année.',
    )
    // A yearly summary over the change states both ceilings and no single-gift figure.
    const summary = await compose({
      snapshot: aReceiptSnapshot({
        amountCents: 150000,
        paymentDates: { from: '2025-01-10', to: '2025-11-10' },
        paymentDateLabel: 'cumul 2025',
      }),
      taxRules: { versions: ['2021-01-01', '2025-10-14'], ratePercent: 75 },
    })
    const flat = summary.text.replace(/\s+/g, ' ')
    expect(flat).toContain(
      'jusqu’à 1 000,00 € (plafond des dons faits avant le 14/10/2025) ou 2 000,00 € (plafond des dons faits depuis le 14/10/2025), puis 66 % au-delà',
    )
    expect(flat).not.toContain('au plus')
  })

  it('serves an accessible, self-contained HTML alternative', async () => {
    const { html } = await compose()
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="fr">/)
    expect(html).toContain('<th scope="row"')
    expect(html).not.toMatch(/<style|<script|<img|src=/)
  })

  it('tells a company about article 238 bis and the period of its instalments', async () => {
    const { text, html } = await compose({
      snapshot: aCompanyReceiptSnapshot({
        amountCents: 123450,
        paymentDates: { from: '2026-01-10', to: '2026-03-10' },
      }),
    })
    for (const body of [text, visibleText(html)]) {
      expect(body).toContain('Bonjour,')
      expect(body).toContain('article 238 bis du code général des impôts')
      expect(body.replace(/\s+/g, ' ')).toContain(
        '60 % des sommes versées, retenues dans la limite de 20 000,00 € ou de 5 ‰ du chiffre d’affaires hors taxes',
      )
      expect(body).not.toContain('article 200')
      expect(body).toContain(`1${NBSP}234,50${NBSP}€`)
      expect(body).toContain('du 10/01/2026 au 10/03/2026')
    }
  })

  it('prints a payment date label as given', async () => {
    const { text } = await compose({
      snapshot: aReceiptSnapshot({ paymentDateLabel: 'cumul 2026' }),
    })
    expect(text).toContain(`Date des versements${NBSP}: cumul 2026`)
  })

  it('escapes every interpolated value in the HTML', async () => {
    const hostile = 'Jardin <script>alert("x")</script> & Cie'
    const snapshot = aReceiptSnapshot()
    const { html, text } = await compose({
      snapshot: { ...snapshot, association: { ...snapshot.association, name: hostile } },
    })
    expect(html).not.toContain('<script>')
    expect(html).toContain('Jardin &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Cie')
    expect(visibleText(html)).toContain(hostile)
    expect(text).toContain(hostile)
  })

  it('marks a specimen in the subject and says it has no fiscal value', async () => {
    const { parsed, text, html } = await compose({ snapshot: aReceiptSnapshot({ specimen: true }) })
    expect(parsed.subject).toMatch(/^\[SPECIMEN\] Votre reçu fiscal/)
    for (const body of [text, visibleText(html)]) {
      expect(body).toContain('SPECIMEN')
      expect(body).toContain('sans aucune valeur fiscale')
    }
  })

  it('says which receipt a correction cancels and replaces', async () => {
    const { parsed, text, html } = await compose({
      snapshot: aReceiptSnapshot({
        number: '2026-00050',
        replaces: { number: '2026-00042', issuedOn: '2026-03-15' },
      }),
    })
    expect(parsed.subject).toBe(
      `Votre reçu fiscal n°${NBSP}2026-00050 (annule et remplace le n°${NBSP}2026-00042) — Les Amis du Jardin Partagé`,
    )
    expect(parsed.attachments[0]?.filename).toBe('recu-fiscal-2026-00050.pdf')
    for (const body of [text, visibleText(html)]) {
      expect(body).toContain(`annule et remplace le reçu n°${NBSP}2026-00042 du 15/03/2026`)
      expect(body).toContain(`N’utilisez plus l’ancien reçu n°${NBSP}2026-00042`)
    }
  })

  it('presents a duplicate as the same receipt, not a new one', async () => {
    const { email, parsed, text } = await compose({ sending: 'duplicata' })
    expect(parsed.subject).toBe(
      `Duplicata de votre reçu fiscal n°${NBSP}2026-00042 — Les Amis du Jardin Partagé`,
    )
    expect(parsed.messageId).toMatch(/^<2026-00042\.duplicata\./)
    expect(text).toContain('ne constitue pas un nouveau reçu')
    expect(email.reference).toBe('2026-00042-receipt')
    expect(parsed.attachments[0]?.filename).toBe('recu-fiscal-2026-00042-duplicata.pdf')
  })

  it('presents a resend of the original (bounce, corrected address) as the receipt itself, never as a duplicata', async () => {
    const { parsed, text } = await compose({ sending: 'resend' })
    expect(parsed.subject).toBe(
      `Votre reçu fiscal n°${NBSP}2026-00042 — Les Amis du Jardin Partagé`,
    )
    expect(text).toContain('C’est le reçu original')
    expect(text).not.toMatch(/duplicata/i)
    expect(parsed.attachments[0]?.filename).toBe('recu-fiscal-2026-00042.pdf')
  })

  it('refuses a recipient field that is not exactly one address, without echoing it', async () => {
    const bad = 'camille.dupontel@example.net, autre.personne@example.net'
    const attempt = compose({ to: bad })
    await expect(attempt).rejects.toBeInstanceOf(AppError)
    await expect(attempt).rejects.toMatchObject({ code: 'input.invalid' })
    await expect(attempt).rejects.not.toThrow(/example\.net/)
  })

  it('refuses a sender without a domain as a configuration error', async () => {
    await expect(compose({ from: 'Association sans adresse' })).rejects.toMatchObject({
      code: 'config.invalid',
    })
  })

  it('thanks for several payments on a yearly summary receipt', async () => {
    const summary = aReceiptSnapshot({
      paymentDates: { from: '2025-01-10', to: '2025-11-10' },
      paymentDateLabel: 'cumul 2025',
    })
    const { text } = await compose({ snapshot: summary })
    expect(text).toContain('Merci pour vos versements.')
    expect(text).toContain('qui les récapitule')
    expect(text).toContain('cumul 2025')
    const single = await compose()
    expect(single.text).toContain('Merci pour votre versement.')
  })
})
