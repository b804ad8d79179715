import { describe, expect, it, vi } from 'vitest'
import { AppError } from '../../../shared/errors.js'
import { getReceipt } from '../../../shared/store/receipt-store.js'
import { loadFixture, paymentFromNotification } from '../../support/fixtures.js'
import { useFlowHarness } from '../../support/flow-harness.js'
import { extractPdfText } from '../../support/pdf-text.js'
import { NOE_NEW_ADDRESS, storySteps } from '../../support/story-steps.js'
import { STAFF_TEST_TOKEN } from '../../support/test-runtime.js'

const { fake, t } = useFlowHarness()
const MANAGER = { authorization: `Bearer ${STAFF_TEST_TOKEN}`, 'content-type': 'application/json' }
const NUMBER = '2025-00001'
const DAY = String.raw`\d{2}/\d{2}/\d{4}`

const api = (path: string, init: RequestInit = {}) =>
  t.runtime.app.request(`/staff/api${path}`, { ...init, headers: MANAGER })
const post = (path: string, body: unknown) =>
  api(path, { method: 'POST', body: JSON.stringify(body) })

async function download(kind: string) {
  const response = await api(`/receipts/${NUMBER}/pdf?kind=${kind}`)
  expect(response.status).toBe(200)
  const bytes = new Uint8Array(await response.arrayBuffer())
  return { response, bytes, text: await extractPdfText(bytes) }
}

/** Issue 11 §3: a receipt that is no longer valid never downloads as if it were. */
describe('staff API: the lifecycle on the paper', () => {
  it('a receipt cancelled by staff downloads stamped ANNULÉ with the date and reason, as original and as duplicata; the PDF as emailed stays available, labelled and checked', async () => {
    await storySteps(fake, t).deliver('01_order_membership_individual_50eur_with_tip')
    const [emailedMail] = await t.outbox()
    expect(
      (await post(`/receipts/${NUMBER}/cancel`, { reason: 'Don fait par erreur' })).status,
    ).toBe(200)
    const stamp = new RegExp(`ANNULÉ le ${DAY} — annulation par l’équipe : Don fait par erreur`)

    const original = await download('original')
    expect(original.text).toMatch(stamp)
    expect(original.response.headers.get('x-receipt-pdf')).toBe('original')
    expect(original.response.headers.get('x-receipt-pdf-matches-sent')).toBeNull()

    const duplicata = await download('duplicata')
    expect(duplicata.text).toMatch(stamp)
    expect(duplicata.text).toContain('DUPLICATA')
    // A stamped copy has a name of its own, never the valid original's.
    expect(original.response.headers.get('content-disposition')).toBe(
      `inline; filename="recu-fiscal-${NUMBER}-annule.pdf"`,
    )
    expect(duplicata.response.headers.get('content-disposition')).toBe(
      `inline; filename="recu-fiscal-${NUMBER}-duplicata-annule.pdf"`,
    )

    const emailed = await download('emailed')
    expect(emailed.text).not.toContain('ANNULÉ')
    expect(emailed.response.headers.get('x-receipt-pdf')).toBe('emailed')
    expect(emailed.response.headers.get('x-receipt-pdf-matches-sent')).toBe('true')
    expect(emailed.response.headers.get('content-disposition')).toBe(
      `inline; filename="recu-fiscal-${NUMBER}-tel-qu-envoye-archive.pdf"`,
    )
    expect(Buffer.from(emailed.bytes).equals(emailedMail?.attachments[0]?.content as Buffer)).toBe(
      true,
    )
  })

  it('a refunded receipt says « remboursement »; resending it is refused in French', async () => {
    await storySteps(fake, t).deliver('01_order_membership_individual_50eur_with_tip')
    const refund = paymentFromNotification(loadFixture('07_payment_refunded'))
    fake.putPayment(refund)
    fake.setPaymentState(refund.id, 'Refunded', { refundOperations: refund.refundOperations })
    expect((await t.post(loadFixture('07_payment_refunded'))).status).toBe(200)
    await t.settle()
    expect((await download('original')).text).toMatch(
      new RegExp(`ANNULÉ le ${DAY} — remboursement`),
    )
    const resend = await post(`/receipts/${NUMBER}/resend`, { reason: 'not-received' })
    expect(resend.status).toBe(409)
    expect(await resend.json()).toMatchObject({
      error: expect.stringContaining(
        'Le reçu n° 2025-00001 est annulé : il ne peut pas être renvoyé.',
      ),
    })
  })

  it('a replaced receipt downloads stamped « REMPLACÉ par le reçu n° … », and cannot be resent', async () => {
    await storySteps(fake, t).deliver('01_order_membership_individual_50eur_with_tip')
    const corrected = await post(`/receipts/${NUMBER}/correct`, {
      donor: NOE_NEW_ADDRESS,
      reason: 'Adresse corrigée',
    })
    expect(corrected.status).toBe(200)
    await t.settle()
    const stamp = new RegExp(`REMPLACÉ par le reçu n° 2025-00002 du ${DAY}`)
    const original = await download('original')
    expect(original.text).toMatch(stamp)
    expect(original.response.headers.get('content-disposition')).toBe(
      `inline; filename="recu-fiscal-${NUMBER}-remplace.pdf"`,
    )
    const duplicata = await download('duplicata')
    expect(duplicata.text).toMatch(stamp)
    expect(duplicata.text).toContain('DUPLICATA')
    expect(duplicata.response.headers.get('content-disposition')).toBe(
      `inline; filename="recu-fiscal-${NUMBER}-duplicata-remplace.pdf"`,
    )
    expect((await download('emailed')).text).not.toContain('REMPLACÉ')
    // The replacement itself is valid: no stamp.
    const fresh = await api('/receipts/2025-00002/pdf')
    expect(fresh.headers.get('content-disposition')).toBe(
      'inline; filename="recu-fiscal-2025-00002.pdf"',
    )
    const freshText = await extractPdfText(new Uint8Array(await fresh.arrayBuffer()))
    expect(freshText).not.toMatch(/ANNULÉ|REMPLACÉ/)
    expect(freshText).toContain('Annule et remplace le reçu n° 2025-00001')
    const resend = await post(`/receipts/${NUMBER}/resend`, { reason: 'donor-request' })
    expect(resend.status).toBe(409)
    expect(((await resend.json()) as { error: string }).error).toContain(
      'a été remplacé par le reçu n° 2025-00002 : renvoyez plutôt celui-ci',
    )
  })

  it('a receipt cancelled before its email ever went has no « PDF tel qu’envoyé »: refused in French, and its page neither offers one nor says the donor received it', async () => {
    vi.spyOn(t.runtime.jobs.mailer, 'send').mockRejectedValueOnce(
      new AppError('mail.rejected', 'MessageRejected'),
    )
    await storySteps(fake, t).deliver('01_order_membership_individual_50eur_with_tip')
    expect((await post(`/receipts/${NUMBER}/cancel`, { reason: 'Doublon' })).status).toBe(200)
    expect((await getReceipt(t.runtime.table, NUMBER))?.delivery.status).toBe('not-sent')
    // The receipt never left; only the cancellation notice does (staff left « prévenir » on).
    await t.settle()
    expect((await t.outboxFiles()).map((name) => name.replace(/^.*-2025-00001-/, ''))).toEqual([
      'cancellation.eml',
    ])

    const emailed = await api(`/receipts/${NUMBER}/pdf?kind=emailed`)
    expect(emailed.status).toBe(409)
    expect(((await emailed.json()) as { error: string }).error).toBe(
      'Le reçu n° 2025-00001 n’a jamais été envoyé par e-mail : il n’existe pas de PDF tel qu’envoyé. Téléchargez l’original, qui porte la mention ANNULÉ.',
    )
    expect((await download('original')).text).toMatch(/ANNULÉ le/)

    const page = await (
      await t.runtime.app.request(`/staff/recus/${NUMBER}`, { headers: MANAGER })
    ).text()
    expect(page).not.toContain('kind=emailed')
    expect(page).not.toContain('le donateur a reçu')
    expect(page).toContain('Ce reçu ne vaut plus et n’a jamais été envoyé')
  })

  it('a live receipt whose email has not gone yet has no PDF as emailed either', async () => {
    vi.spyOn(t.runtime.jobs.mailer, 'send').mockRejectedValueOnce(
      new AppError('mail.rejected', 'MessageRejected'),
    )
    await storySteps(fake, t).deliver('01_order_membership_individual_50eur_with_tip')
    expect((await getReceipt(t.runtime.table, NUMBER))?.delivery.status).toBe('failed')
    expect((await api(`/receipts/${NUMBER}/pdf?kind=emailed`)).status).toBe(409)
    const page = await (
      await t.runtime.app.request(`/staff/recus/${NUMBER}`, { headers: MANAGER })
    ).text()
    expect(page).not.toContain('kind=emailed')
  })

  it('the OpenAPI document lists the three kinds of download and the resend reasons', async () => {
    const doc = JSON.stringify(await (await api('/openapi.json')).json())
    expect(doc).toContain('"emailed"')
    expect(doc).toContain('"donor-request"')
  })
})
