import { describe, expect, it } from 'vitest'
import { useFlowHarness } from '../../support/flow-harness.js'
import { extractPdfText } from '../../support/pdf-text.js'
import { receiptFromFixture } from '../../support/staff-receipts.js'
import { type StaffSession, signInStaff } from '../../support/staff-session.js'

const FIXTURE_01 = '01_order_membership_individual_50eur_with_tip'
const { fake, t } = useFlowHarness()
const confirmed = { confirme: 'oui' }
const DAY = String.raw`\d{2}/\d{2}/\d{4}`

/** The PDF links of a receipt's page, by kind, as a staff member clicks them. */
async function pdfLinks(staff: StaffSession, number: string) {
  const html = await (await staff.get(`/staff/recus/${number}`)).text()
  const links = Object.fromEntries(
    [
      ...html.matchAll(
        /<a [^>]*href="(\/staff\/api\/receipts\/[^"]+\/pdf\?kind=(\w+))"[^>]*>([^<]+)</g,
      ),
    ].map(([, href, kind, label]) => [
      kind as string,
      { href: href as string, label: (label as string).trim() },
    ]),
  )
  return { html, links }
}

async function follow(staff: StaffSession, href: string): Promise<string> {
  const response = await staff.get(href)
  expect(response.headers.get('content-type')).toBe('application/pdf')
  return extractPdfText(new Uint8Array(await response.arrayBuffer()))
}

describe('receipt page: the lifecycle on the paper', () => {
  it('a cancelled receipt’s page links a stamped original and duplicata, and the PDF as emailed, labelled « tel qu’envoyé (archive) »', async () => {
    await receiptFromFixture(fake, t, FIXTURE_01)
    const staff = await signInStaff(t.runtime.app)
    await staff.post('/staff/recus/2025-00001/annuler', { motif: 'Doublon', ...confirmed })
    const { html, links } = await pdfLinks(staff, '2025-00001')
    expect(links.original?.label).toBe('Télécharger (marqué ANNULÉ)')
    expect(links.emailed?.label).toBe('PDF tel qu’envoyé (archive)')
    expect(html).toContain('download="recu-fiscal-2025-00001-tel-qu-envoye-archive.pdf"')
    expect(html).toContain('download="recu-fiscal-2025-00001-annule.pdf"')
    expect(html).toContain('download="recu-fiscal-2025-00001-duplicata-annule.pdf"')
    expect(html).toContain('ne le renvoyez pas comme reçu valable')
    const stamp = new RegExp(`ANNULÉ le ${DAY} — annulation par l’équipe : Doublon`)
    expect(await follow(staff, links.original?.href ?? '')).toMatch(stamp)
    const duplicata = await follow(staff, links.duplicata?.href ?? '')
    expect(duplicata).toMatch(stamp)
    expect(duplicata).toContain('DUPLICATA')
    expect(await follow(staff, links.emailed?.href ?? '')).not.toContain('ANNULÉ')
  })

  it('a replaced receipt’s page links PDFs stamped « REMPLACÉ par le reçu n° … »', async () => {
    await receiptFromFixture(fake, t, FIXTURE_01)
    const staff = await signInStaff(t.runtime.app)
    const corrected = await staff.post('/staff/recus/2025-00001/corriger', {
      type: 'particulier',
      nom: 'Arnaud-Lefèvre',
      prenoms: 'Camille',
      rue: '7 rue de l’Horloge',
      code_postal: '26400',
      commune: 'Crest',
      pays: 'France',
      motif: 'Nom d’usage demandé par la donatrice',
      ...confirmed,
    })
    expect(corrected.status).toBe(303)
    const { html, links } = await pdfLinks(staff, '2025-00001')
    expect(links.original?.label).toBe('Télécharger (marqué REMPLACÉ)')
    expect(html).toContain('download="recu-fiscal-2025-00001-remplace.pdf"')
    expect(html).toContain('download="recu-fiscal-2025-00001-duplicata-remplace.pdf"')
    const stamp = new RegExp(`REMPLACÉ par le reçu n° 2025-00002 du ${DAY}`)
    expect(await follow(staff, links.original?.href ?? '')).toMatch(stamp)
    expect(await follow(staff, links.duplicata?.href ?? '')).toMatch(stamp)
  })

  it('a live receipt’s duplicata link gives a PDF marked DUPLICATA, its original none', async () => {
    await receiptFromFixture(fake, t, FIXTURE_01)
    const staff = await signInStaff(t.runtime.app)
    const { html, links } = await pdfLinks(staff, '2025-00001')
    expect(links.original?.label).toBe('Télécharger l’original')
    expect(html).toContain('download="recu-fiscal-2025-00001.pdf"')
    expect(html).toContain('download="recu-fiscal-2025-00001-duplicata.pdf"')
    const original = await follow(staff, links.original?.href ?? '')
    expect(original).not.toMatch(/DUPLICATA|ANNULÉ|REMPLACÉ/)
    expect(await follow(staff, links.duplicata?.href ?? '')).toMatch(
      new RegExp(`DUPLICATA[\\s\\S]*Duplicata édité le ${DAY}`),
    )
  })

  it('the resend form offers both choices in French; a cancelled receipt has no resend form', async () => {
    await receiptFromFixture(fake, t, FIXTURE_01)
    const staff = await signInStaff(t.runtime.app)
    const html = await (await staff.get('/staff/recus/2025-00001')).text()
    expect(html).toContain('name="motif" value="original"')
    expect(html).toContain('renvoyer l’original, tel qu’il a été émis')
    expect(html).toContain('name="motif" value="duplicata"')
    expect(html).toContain('envoyer un DUPLICATA')
    await staff.post('/staff/recus/2025-00001/annuler', { motif: 'Doublon', ...confirmed })
    const after = await (await staff.get('/staff/recus/2025-00001')).text()
    expect(after).not.toContain('action="/staff/recus/2025-00001/renvoyer"')
  })
})
