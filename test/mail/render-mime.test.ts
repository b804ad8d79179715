import fc from 'fast-check'
import MailComposer from 'nodemailer/lib/mail-composer/index.js'
import { describe, expect, it } from 'vitest'
import { renderMime } from '../../shared/mail/render-mime.js'

// Text as our emails carry it, and worse: accents, typographic marks, long lines, CR and LF,
// trailing spaces, '=' and dots at line starts (what quoted-printable has to escape).
const textPiece = fc.constantFrom(
  'Bonjour',
  ' ',
  '\n',
  '\r\n',
  '\r',
  '  \n',
  '\t',
  '=',
  '.',
  'reçu n°\u00a02026-00042',
  '50,00\u00a0€',
  'l’association « Le Labo »',
  '—',
  '😀',
  'x'.repeat(90),
  '<b>&amp;</b>',
)
const text = fc.array(textPiece, { maxLength: 40 }).map((pieces) => pieces.join(''))
const name = fc.array(textPiece, { minLength: 1, maxLength: 6 }).map((p) => p.join('').trim())
const attachment = fc.record({
  filename: fc.constantFrom('recu-2026-00042.pdf', 'recus-2025.pdf'),
  contentType: fc.constant('application/pdf'),
  content: fc.uint8Array({ maxLength: 3000 }).map((bytes) => Buffer.from(bytes)),
})
const mail = fc.record({
  fromName: name,
  toName: name,
  subject: text,
  text,
  html: text,
  attachments: fc.array(attachment, { maxLength: 3 }),
  replyTo: fc.boolean(),
})

type Mail = typeof mail extends fc.Arbitrary<infer T> ? T : never

const compiled = (m: Mail) =>
  new MailComposer({
    from: { name: m.fromName, address: 'recus@example.org' },
    to: { name: m.toName, address: 'jeanne@example.org' },
    ...(m.replyTo ? { replyTo: 'tresorier@example.org' } : {}),
    subject: m.subject,
    messageId: '<2026-00042.receipt.x@example.org>',
    headers: { 'Content-Language': 'fr', 'Auto-Submitted': 'auto-generated' },
    ...(m.text ? { text: m.text } : {}),
    ...(m.html ? { html: m.html } : {}),
    attachments: m.attachments,
  }).compile()

describe('renderMime', () => {
  it('writes the very bytes nodemailer’s streaming build() writes, for any of our messages', async () => {
    await fc.assert(
      fc.asyncProperty(mail, async (m) => {
        const tree = compiled(m)
        const ours = renderMime(tree)
        // The same tree: same boundaries and Date (set on the tree when its headers are built).
        const theirs = await tree.build()
        expect(ours.toString('latin1')).toBe(theirs.toString('latin1'))
      }),
      { numRuns: 300, seed: 17 },
    )
  })

  it('refuses content it would have to read from elsewhere (a path, a stream)', () => {
    const tree = new MailComposer({
      from: 'recus@example.org',
      to: 'jeanne@example.org',
      attachments: [{ filename: 'x.pdf', path: '/etc/hostname' }],
    }).compile()
    expect(() => renderMime(tree)).toThrow(/in-memory content only/)
  })
})
