import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { DONOR_LINK_LIMITS } from '../../shared/donor/request-donor-link.js'
import { getReceipt } from '../../shared/store/receipt-store.js'
import { loadFixture, orderFromNotification, paymentFromNotification } from '../support/fixtures.js'
import { useFlowHarness } from '../support/flow-harness.js'
import { withLegalForm } from '../support/order-variants.js'
import { extractPdfText } from '../support/pdf-text.js'
import { publicBrowser, visibleText } from '../support/public-browser.js'
import { storySteps } from '../support/story-steps.js'

const FIXTURE_01 = '01_order_membership_individual_50eur_with_tip'
const CAMILLE = 'camille.arnaud@example.org'
const SENT = 'Demande reçue. Si des reçus ont été émis à cette adresse'
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

let clock = Date.now()
const { fake, t } = useFlowHarness({
  env: { DONOR_LINK_ANSWER_MS: '0' },
  now: () => new Date(clock),
})
const { deliver } = storySteps(fake, t)

/** The link of the newest « Vos reçus fiscaux » email, as a path. */
async function emailedLinks(): Promise<string[]> {
  const mails = (await t.outbox()).filter((mail) => mail.subject?.startsWith('Vos reçus fiscaux'))
  return mails.map((mail) => {
    const link = /(https?:\/\/\S+\/mes-recus\/[A-Za-z0-9_-]+)/.exec(mail.text ?? '')?.[1]
    if (!link) throw new Error('no link in the email')
    return new URL(link).pathname
  })
}

describe('POST /mes-recus: a donor finds their receipts alone', () => {
  it('a known address gets one email whose link lists its receipts and downloads the PDF emailed, byte for byte', async () => {
    clock = Date.now()
    await deliver(FIXTURE_01)
    const browser = publicBrowser(t.runtime.app)
    const answer = await browser.submit('/mes-recus', '/mes-recus', {
      email: 'Camille.Arnaud@example.org ',
    })
    expect(answer.status).toBe(200)
    expect(await visibleText(answer)).toContain(SENT)
    const links = await emailedLinks()
    expect(links).toHaveLength(1)
    const mail = (await t.outbox()).find((m) => m.subject?.startsWith('Vos reçus fiscaux'))
    expect(mail?.to).toMatchObject({ value: [{ address: CAMILLE }] })

    const page = await browser.get(links[0] as string)
    expect(page.status).toBe(200)
    const text = await visibleText(page)
    expect(text).toContain('Année 2025')
    expect(text).toContain('n° 2025-00001')
    expect(text).toContain('valide')
    const pdfPath = /href="([^"]+\/recus\/2025-00001\.pdf)"/.exec(
      await (await browser.get(links[0] as string)).text(),
    )?.[1]
    const pdf = new Uint8Array(await (await browser.get(pdfPath as string)).arrayBuffer())
    const receiptMail = (await t.outbox()).find((m) => m.attachments.length > 0)
    const attached = new Uint8Array(receiptMail?.attachments[0]?.content ?? [])
    expect(sha256(pdf)).toBe(sha256(attached))
    expect(sha256(pdf)).toBe((await getReceipt(t.runtime.table, '2025-00001'))?.delivery.pdfSha256)
  })

  it('an unknown address gets the same page, and no email leaves', async () => {
    clock = Date.now()
    await deliver(FIXTURE_01)
    const before = (await t.outboxFiles()).length
    const browser = publicBrowser(t.runtime.app)
    const known = await browser.submit('/mes-recus', '/mes-recus', { email: CAMILLE })
    const unknown = await browser.submit('/mes-recus', '/mes-recus', {
      email: 'personne@example.org',
    })
    expect(unknown.status).toBe(known.status)
    const strip = (html: string) => html.replace(/name="csrf" value="[^"]+"/, '')
    expect(strip(await unknown.text())).toBe(strip(await known.text()))
    expect((await t.outboxFiles()).length).toBe(before + 1)
    expect(await emailedLinks()).toHaveLength(1)
  })

  it('answers politely past the limit per address, and past the limit per IP', async () => {
    clock = Date.now()
    await deliver(FIXTURE_01)
    const browser = publicBrowser(t.runtime.app, { 'x-test': 'address' })
    for (let i = 0; i < DONOR_LINK_LIMITS.perAddress.limit; i++)
      expect((await browser.submit('/mes-recus', '/mes-recus', { email: CAMILLE })).status).toBe(
        200,
      )
    const limited = await browser.submit('/mes-recus', '/mes-recus', { email: CAMILLE })
    expect(limited.status).toBe(429)
    expect(await visibleText(limited)).toContain('attendez une heure')
    expect(await emailedLinks()).toHaveLength(DONOR_LINK_LIMITS.perAddress.limit)
    // The next window counts afresh.
    clock += DONOR_LINK_LIMITS.perAddress.windowSeconds * 1000
    expect((await browser.submit('/mes-recus', '/mes-recus', { email: CAMILLE })).status).toBe(200)
    // Every other address from the same IP, until the IP's own limit.
    const remaining = DONOR_LINK_LIMITS.perIp.limit - 1
    for (let i = 0; i < remaining; i++)
      expect(
        (await browser.submit('/mes-recus', '/mes-recus', { email: `p${i}@example.org` })).status,
      ).toBe(200)
    expect(
      (await browser.submit('/mes-recus', '/mes-recus', { email: 'x@example.org' })).status,
    ).toBe(429)
  })

  it('refuses a form without its CSRF token, and an address that is not one, sending nothing', async () => {
    clock = Date.now()
    await deliver(FIXTURE_01)
    const forged = await t.runtime.app.request('/mes-recus', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: CAMILLE, csrf: 'x'.repeat(32) }).toString(),
    })
    expect(forged.status).toBe(403)
    const browser = publicBrowser(t.runtime.app)
    const crossSite = await t.runtime.app.request('/mes-recus', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://evil.example',
      },
      body: new URLSearchParams({ email: CAMILLE }).toString(),
    })
    expect(crossSite.status).toBe(403)
    expect(
      (await browser.submit('/mes-recus', '/mes-recus', { email: 'pas une adresse' })).status,
    ).toBe(400)
    expect(await emailedLinks()).toHaveLength(0)
  })

  it('the link expires after 7 days; a cancelled receipt downloads stamped ANNULÉ', async () => {
    clock = Date.now()
    await deliver(FIXTURE_01)
    const refund = paymentFromNotification(loadFixture('07_payment_refunded'))
    fake.putPayment(refund)
    fake.setPaymentState(refund.id, 'Refunded', { refundOperations: refund.refundOperations })
    expect((await t.post(loadFixture('07_payment_refunded'))).status).toBe(200)
    await t.settle()
    const browser = publicBrowser(t.runtime.app)
    await browser.submit('/mes-recus', '/mes-recus', { email: CAMILLE })
    const [link] = await emailedLinks()
    const html = await (await browser.get(link as string)).text()
    expect(html).toContain('annulé')
    const pdf = await browser.get(`${link}/recus/2025-00001.pdf`)
    expect(pdf.headers.get('content-disposition')).toContain('recu-fiscal-2025-00001-annule.pdf')
    expect(await extractPdfText(new Uint8Array(await pdf.arrayBuffer()))).toMatch(/ANNULÉ le/)
    expect((await browser.get(`${link}/recus/2025-00002.pdf`)).status).toBe(404)
    clock += 7 * 86_400_000 + 1000
    const expired = await browser.get(link as string)
    expect(expired.status).toBe(404)
    expect(await visibleText(expired)).toContain('Ce lien n’est plus valable')
  })

  it('« Mes données » exports the receipts and memberships; « Demander une correction » opens a review item', async () => {
    clock = Date.now()
    await deliver(FIXTURE_01)
    const browser = publicBrowser(t.runtime.app)
    await browser.submit('/mes-recus', '/mes-recus', { email: CAMILLE })
    const [link] = await emailedLinks()
    const exported = await browser.get(`${link}/donnees.json`)
    expect(exported.headers.get('content-disposition')).toContain('mes-donnees.json')
    const data = (await exported.json()) as { recus: { number: string }[]; adhesions: unknown[] }
    expect(data.recus.map((r) => r.number)).toEqual(['2025-00001'])
    expect(data.adhesions).toHaveLength(1)
    const sent = await browser.submit(link as string, `${link}/correction`, {
      recu: '2025-00001',
      message: 'Mon nom d’usage est Arnaud-Lefèvre.',
    })
    expect(sent.status).toBe(303)
    expect(await visibleText(await browser.get(sent.headers.get('location') as string))).toContain(
      'Votre demande de correction est transmise',
    )
    const [review] = (await t.reviews()).filter((r) =>
      r.reasons.includes('donor-correction-request'),
    )
    expect(review?.refs.receiptNumber).toBe('2025-00001')
    expect(review?.message).toContain('Arnaud-Lefèvre')
  })

  it('a company payer reaches its 16216 by the address on the order', async () => {
    clock = Date.now()
    const fixture = '03_order_membership_org_500eur_company_new_year_midnight'
    await deliver(fixture, withLegalForm(orderFromNotification(loadFixture(fixture)), 'SAS'))
    expect((await t.receipts(2026)).map((r) => r.form)).toEqual(['16216'])
    const browser = publicBrowser(t.runtime.app)
    await browser.submit('/mes-recus', '/mes-recus', { email: 'contact@atelier-diois.example' })
    const [link] = await emailedLinks()
    const text = await visibleText(await browser.get(link as string))
    expect(text).toContain('n° 2026-00001')
    expect(text).toContain('500,00\u00a0€')
  })
})
