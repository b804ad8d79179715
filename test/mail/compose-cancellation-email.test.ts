import { simpleParser } from 'mailparser'
import { describe, expect, it } from 'vitest'
import {
  type CancellationEmailInput,
  composeCancellationEmail,
} from '../../shared/mail/compose-cancellation-email.js'
import {
  aCompanyReceiptSnapshot,
  aReceiptSnapshot,
} from '../support/builders/a-receipt-snapshot.js'
import { FROM, TO } from './support/mail-constants.js'

const NBSP = '\u00a0'

async function compose(overrides: Partial<CancellationEmailInput> = {}) {
  const email = await composeCancellationEmail({
    snapshot: aReceiptSnapshot(),
    reason: 'refund',
    from: FROM,
    to: TO,
    ...overrides,
  })
  const parsed = await simpleParser(Buffer.from(email.raw))
  const html = typeof parsed.html === 'string' ? parsed.html : ''
  return { email, parsed, text: parsed.text ?? '', html }
}

describe('composeCancellationEmail', () => {
  it('names the cancelled receipt by number, date and amount, in text and HTML', async () => {
    const { email, parsed, text, html } = await compose()
    expect(email.reference).toBe('2026-00042-cancellation')
    expect(email.to).toEqual([TO])
    expect(parsed.subject).toBe(
      `Annulation de votre reçu fiscal n°${NBSP}2026-00042 — Les Amis du Jardin Partagé`,
    )
    expect(parsed.messageId).toMatch(/^<2026-00042\.cancellation\.\S+@jardin\.example\.org>$/)
    const sentence = `Le reçu fiscal n°${NBSP}2026-00042 du 15/03/2026, d’un montant de 50,00${NBSP}€, est annulé.`
    expect(text).toContain(sentence)
    expect(html).toContain(sentence)
  })

  it('says not to use it for the tax return and that its number stays in the register', async () => {
    const { text } = await compose()
    expect(text).toContain('ne doit pas être utilisé pour votre déclaration fiscale')
    expect(text).toContain('registre des reçus')
    expect(text).toContain('ne sera attribué à aucun autre reçu')
  })

  it('carries no attachment', async () => {
    const { parsed } = await compose()
    expect(parsed.attachments).toEqual([])
  })

  it.each([
    ['refund', 'a été remboursé'],
    ['contest', 'contestation auprès de la banque'],
    ['staff', 'raison administrative'],
  ] as const)('explains a %s', async (reason, words) => {
    const { text, html } = await compose({ reason })
    expect(text).toContain(words)
    expect(html).toContain(words)
    const others = ['a été remboursé', 'contestation auprès de la banque', 'raison administrative']
    for (const other of others.filter((w) => w !== words)) expect(text).not.toContain(other)
  })

  it('greets a company without a personal name and shows its amount', async () => {
    const { text } = await compose({
      snapshot: aCompanyReceiptSnapshot({ number: '2026-00107', amountCents: 123450 }),
      reason: 'contest',
    })
    expect(text).toContain('Bonjour,')
    expect(text).toContain(`1${NBSP}234,50${NBSP}€`)
    expect(text).toContain(`n°${NBSP}2026-00107`)
  })

  it('marks the cancellation of a specimen as a specimen', async () => {
    const { parsed, text } = await compose({ snapshot: aReceiptSnapshot({ specimen: true }) })
    expect(parsed.subject).toMatch(/^\[SPECIMEN\] Annulation/)
    expect(text).toContain('sans aucune valeur fiscale')
  })

  it('sets Reply-To only when given', async () => {
    const without = await compose()
    expect(without.parsed.replyTo).toBeUndefined()
    const withIt = await compose({ replyTo: 'tresorerie@jardin.example.org' })
    expect(withIt.parsed.replyTo?.text).toBe('tresorerie@jardin.example.org')
  })
})
