import type { ParsedMail } from 'mailparser'
import { describe, expect, it, vi } from 'vitest'
import { AppError } from '../../shared/errors.js'
import { getReceipt } from '../../shared/store/receipt-store.js'
import { useFlowHarness } from '../support/flow-harness.js'
import { extractPdfText } from '../support/pdf-text.js'
import { signInStaff } from '../support/staff-session.js'
import { storySteps } from '../support/story-steps.js'
import { STAFF_TEST_TOKEN } from '../support/test-runtime.js'

const { fake, t } = useFlowHarness()
const MANAGER = { authorization: `Bearer ${STAFF_TEST_TOKEN}`, 'content-type': 'application/json' }
const NUMBER = '2025-00001'
const FIXTURE_01 = '01_order_membership_individual_50eur_with_tip'

const resend = (body: unknown) =>
  t.runtime.app.request(`/staff/api/receipts/${NUMBER}/resend`, {
    method: 'POST',
    headers: MANAGER,
    body: JSON.stringify(body),
  })

const pdfOf = (mail: ParsedMail | undefined) => {
  const attachment = mail?.attachments.find((a) => a.contentType === 'application/pdf')
  if (!attachment) throw new Error('no PDF attached')
  return attachment
}

/** Issue 11 §3: what a resend attaches and what its email says follow the reason given. */
describe('resends are explicit', () => {
  it('after a bounce, and to a corrected address: the same original, and the email never says duplicata', async () => {
    await storySteps(fake, t).deliver(FIXTURE_01)
    expect((await resend({ reason: 'not-received' })).status).toBe(200)
    await t.settle()
    expect(
      (await resend({ reason: 'corrected-address', email: 'nouvelle@example.org' })).status,
    ).toBe(200)
    await t.settle()
    const [first, again, corrected] = await t.outbox()
    for (const mail of [again, corrected]) {
      expect(mail?.subject).toBe(first?.subject)
      expect(`${mail?.subject} ${mail?.text}`).not.toMatch(/duplicata/i)
      expect(mail?.text).toContain('C’est le reçu original')
      const attachment = pdfOf(mail)
      expect(attachment.filename).toBe(`recu-fiscal-${NUMBER}.pdf`)
      expect(attachment.content.equals(pdfOf(first).content)).toBe(true)
      expect(await extractPdfText(new Uint8Array(attachment.content))).not.toContain('DUPLICATA')
    }
    expect(corrected?.to).toMatchObject({ text: 'nouvelle@example.org' })
    expect((await resend({ reason: 'corrected-address' })).status).toBe(400)
    expect((await resend({})).status).toBe(400)
  })

  it('on the donor’s request (the page’s second choice): a PDF marked DUPLICATA, and the email says so; the archive copy still matches what was first sent', async () => {
    await storySteps(fake, t).deliver(FIXTURE_01)
    const staff = await signInStaff(t.runtime.app)
    const posted = await staff.post(`/staff/recus/${NUMBER}/renvoyer`, {
      motif: 'duplicata',
      confirme: 'oui',
    })
    expect(posted.status).toBe(303)
    await t.settle()
    const [first, duplicata] = await t.outbox()
    expect(duplicata?.subject).toMatch(/^Duplicata de votre reçu fiscal n°\s2025-00001/)
    expect(duplicata?.text).toContain('un duplicata de votre reçu fiscal')
    const attachment = pdfOf(duplicata)
    expect(attachment.filename).toBe(`recu-fiscal-${NUMBER}-duplicata.pdf`)
    const text = await extractPdfText(new Uint8Array(attachment.content))
    expect(text).toContain('DUPLICATA')
    expect(text).toMatch(/Duplicata édité le \d{2}\/\d{2}\/\d{4}/)

    const receipt = await getReceipt(t.runtime.table, NUMBER)
    expect(receipt?.delivery).toMatchObject({
      status: 'sent',
      duplicata: { reprintedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) },
    })
    const archive = await t.runtime.app.request(`/staff/api/receipts/${NUMBER}/pdf?kind=emailed`, {
      headers: MANAGER,
    })
    expect(archive.headers.get('x-receipt-pdf-matches-sent')).toBe('true')
    expect(Buffer.from(await archive.arrayBuffer()).equals(pdfOf(first).content)).toBe(true)
  })

  it('a duplicata whose first try fails is still a duplicata when the queue retries it', async () => {
    await storySteps(fake, t).deliver(FIXTURE_01)
    const mailer = t.runtime.jobs.mailer
    const send = mailer.send.bind(mailer)
    let failures = 1
    vi.spyOn(mailer, 'send').mockImplementation(async (email) => {
      if (failures-- > 0) throw new AppError('mail.unavailable', 'mail server unreachable')
      return send(email)
    })
    expect((await resend({ reason: 'donor-request' })).status).toBe(200)
    await t.settle()
    const [, retried] = await t.outbox()
    expect(retried?.subject).toMatch(/^Duplicata/)
    expect(await extractPdfText(new Uint8Array(pdfOf(retried).content))).toContain('DUPLICATA')
    expect((await getReceipt(t.runtime.table, NUMBER))?.delivery).toMatchObject({
      status: 'sent',
      attempts: 2,
      duplicata: { reprintedOn: expect.any(String) },
    })
  })
})
