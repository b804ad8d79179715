import { describe, expect, it } from 'vitest'
import { recordDelivery } from '../../../shared/store/receipt-delivery-store.js'
import { getReceipt } from '../../../shared/store/receipt-store.js'
import { getReview } from '../../../shared/store/review-updates.js'
import { loadFixture, paymentFromNotification } from '../../support/fixtures.js'
import { useFlowHarness } from '../../support/flow-harness.js'
import { receiptFromFixture } from '../../support/staff-receipts.js'
import { signInStaff } from '../../support/staff-session.js'

const { fake, t } = useFlowHarness()

const ADDRESS_MISSING = '14_order_membership_payer_without_address'

async function openReviewId(): Promise<string> {
  const [item] = await t.reviews()
  if (!item) throw new Error('no review item')
  return item.id
}

describe('home page', () => {
  it('gives the year’s receipts and amounts by form and by month, the review count and failed deliveries', async () => {
    await receiptFromFixture(fake, t, '01_order_membership_individual_50eur_with_tip')
    await receiptFromFixture(fake, t, '02_order_membership_reduced_25eur')
    await receiptFromFixture(fake, t, ADDRESS_MISSING)
    // A refused address, recorded the way the deliver step records it.
    await recordDelivery(
      t.runtime.table,
      '2025-00002',
      'receipt',
      { status: 'failed', attempts: 1, lastError: 'mail.rejected: address unknown' },
      { at: new Date().toISOString(), event: 'receipt-email-failed' },
    )
    const staff = await signInStaff(t.runtime.app)
    const page = await staff.get('/staff?annee=2025')
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('<h1>Tableau de bord 2025</h1>')
    expect(html).toContain(
      '<div class="label">Particuliers</div><div class="value">75,00\u00a0€</div><div class="sub">2\u00a0reçus · Cerfa 11580</div>',
    )
    expect(html).toContain('0\u00a0reçu · Cerfa 16216')
    expect(html).toContain('75,00\u00a0€')
    expect(html).toMatch(
      /<svg[^>]* role="img" aria-label="Graphique en barres des montants par mois en 2025, 75,00\u00a0€ au total/,
    )
    expect(html).toContain('<th scope="row">septembre</th>')
    expect(html).toContain('Adresse manquante<strong class="num">1</strong>')
    expect(html).toContain('href="/staff/a-verifier"')
    expect(html).toContain('href="/staff/recus?envoi=echec&amp;annee=2025"')
    expect(html).toMatch(/Envois en échec<\/div><div class="value">1<\/div>/)
    expect(html).toContain('<a href="/staff/recus/2025-00002">2025-00002 — Noé Guillot</a>')
    const failed = await (await staff.get('/staff/recus?envoi=echec&annee=2025')).text()
    expect(failed).toContain('1\u00a0reçu trouvé')
    expect(failed).toContain('<span class="badge failed">Échec d’envoi</span>')
    // The current year is the default; a year in the future is not offered.
    const current = await (await staff.get('/staff')).text()
    expect(current).toMatch(/<h1>Tableau de bord 20\d\d<\/h1>/)
    expect(current).not.toContain('<span aria-hidden="true">›</span>')
    expect(html).toContain('<span aria-hidden="true">›</span>')
    expect(html).toContain('href="/staff/api/export.csv?year=2025"')
  })
})

describe('review queue page', () => {
  it('lists the items with their reason in French, their message and links, and counts per reason', async () => {
    await receiptFromFixture(fake, t, ADDRESS_MISSING)
    const staff = await signInStaff(t.runtime.app)
    const html = await (await staff.get('/staff/a-verifier')).text()
    expect(html).toContain('<h1>À vérifier</h1>')
    expect(html).toContain('1\u00a0élément ouvert')
    expect(html).toContain('Adresse manquante')
    expect(html).toMatch(/Commande HelloAsso <a href="\/staff\/recus\?q=\d+">/)
    // HelloAsso's numbers, never our internal key (« Référence payment-… »).
    expect(html).toMatch(/Paiement n°\u00a0\d+/)
    expect(html).not.toMatch(/Référence payment-/)
    expect(html).toContain('Compléter et émettre le reçu')
    expect(html).toContain('Classer sans suite')
    // The payer HelloAsso gave is the starting point: only the address is left to type.
    expect(html).toMatch(/name="nom" [^>]*value="[^"]+"/)
  })

  it('a receipt cancelled by a refund offers « Classer » alone: no new receipt for money paid back', async () => {
    await receiptFromFixture(fake, t, '01_order_membership_individual_50eur_with_tip')
    const payment = paymentFromNotification(loadFixture('07_payment_refunded'))
    fake.putPayment(payment)
    fake.setPaymentState(payment.id, 'Refunded', { refundOperations: payment.refundOperations })
    expect((await t.post(loadFixture('07_payment_refunded'))).status).toBe(200)
    await t.settle()
    const staff = await signInStaff(t.runtime.app)
    const html = await (await staff.get('/staff/a-verifier')).text()
    expect(html).toContain('Reçu annulé après remboursement ou contestation')
    expect(html).toContain('Classer sans suite')
    expect(html).not.toContain('Compléter et émettre le reçu')
    expect(html).not.toContain('Rattacher à un palier')
  })

  it('dismisses an item with a reason through the form', async () => {
    await receiptFromFixture(fake, t, ADDRESS_MISSING)
    const id = await openReviewId()
    const staff = await signInStaff(t.runtime.app)
    const refused = await staff.post(`/staff/a-verifier/${encodeURIComponent(id)}/classer`, {
      motif: 'x',
      confirme: 'oui',
    })
    expect(refused.status).toBe(400)
    expect(await refused.text()).toContain('Motif\u00a0: le motif est obligatoire')
    const response = await staff.post(`/staff/a-verifier/${encodeURIComponent(id)}/classer`, {
      motif: 'Adhésion remboursée à la main',
      confirme: 'oui',
    })
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/staff/a-verifier?ok=classe')
    expect(await getReview(t.runtime.table, id)).toMatchObject({
      status: 'dismissed',
      decision: { note: 'Adhésion remboursée à la main' },
    })
    const html = await (await staff.get('/staff/a-verifier?ok=classe')).text()
    expect(html).toContain('Élément classé sans suite.')
    expect(html).toContain('Rien à vérifier')
  })

  it('completes the missing address and issues the receipt through the form', async () => {
    await receiptFromFixture(fake, t, ADDRESS_MISSING)
    const id = await openReviewId()
    const staff = await signInStaff(t.runtime.app)
    const page = await (await staff.get('/staff/a-verifier')).text()
    const lastName = /name="nom" [^>]*value="([^"]+)"/.exec(page)?.[1] ?? ''
    const firstNames = /name="prenoms" [^>]*value="([^"]+)"/.exec(page)?.[1] ?? ''
    const response = await staff.post(`/staff/a-verifier/${encodeURIComponent(id)}/emettre`, {
      type: 'particulier',
      nom: lastName,
      prenoms: firstNames,
      rue: '3 place du Marché',
      code_postal: '26150',
      commune: 'Die',
      pays: 'France',
      montant: '',
      note: 'Adresse donnée par téléphone',
      confirme: 'oui',
    })
    expect(response.status).toBe(303)
    const location = response.headers.get('location') ?? ''
    const number = /recu=(\d{4}-\d{5})/.exec(location)?.[1] ?? ''
    expect(number).not.toBe('')
    await t.settle()
    expect((await getReceipt(t.runtime.table, number))?.snapshot.donor.address).toMatchObject({
      street: '3 place du Marché',
      city: 'Die',
    })
    expect(await (await staff.get(location)).text()).toContain(
      `Reçu n°\u00a0${number} émis\u00a0; il est envoyé au donateur.`,
    )
  })
})

describe('members page', () => {
  it('finds a member by the start of a name and shows memberships with their validity', async () => {
    await receiptFromFixture(fake, t, '01_order_membership_individual_50eur_with_tip')
    const staff = await signInStaff(t.runtime.app)
    const empty = await (await staff.get('/staff/membres')).text()
    expect(empty).toContain('<label for="membre-q">Rechercher un membre</label>')
    expect(await (await staff.get('/staff/membres?q=a')).text()).toContain(
      'Tapez au moins 2 caractères.',
    )
    const html = await (await staff.get('/staff/membres?q=arn')).text()
    expect(html).toContain('1\u00a0membre trouvé')
    expect(html).toContain('<h2 id="membre-0">Camille Arnaud</h2>')
    expect(html).toContain('du 01/09/2025 au 31/08/2026')
    expect(html).toContain('href="/staff/recus?q=158201001"')
  })
})
