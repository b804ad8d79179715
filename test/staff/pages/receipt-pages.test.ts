import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import { describe, expect, it } from 'vitest'
import type { ReceiptRecord } from '../../../shared/domain/records.js'
import { listAudit } from '../../../shared/store/audit-store.js'
import { keys } from '../../../shared/store/keys.js'
import { getReceipt } from '../../../shared/store/receipt-store.js'
import { useFlowHarness } from '../../support/flow-harness.js'
import { receiptFromFixture } from '../../support/staff-receipts.js'
import { signInStaff } from '../../support/staff-session.js'

const FIXTURE_01 = '01_order_membership_individual_50eur_with_tip'
const { fake, t } = useFlowHarness()

const confirmed = { confirme: 'oui' }
const DAY = String.raw`\d{2}/\d{2}/\d{4}`

describe('search page', () => {
  it('finds a receipt by part of a name typed without accents, and renders it with its badges', async () => {
    await receiptFromFixture(fake, t, FIXTURE_01, {
      lastName: 'Nguyễn-Ødegård',
      firstName: 'Łucja',
    })
    const staff = await signInStaff(t.runtime.app)
    const page = await staff.get('/staff/recus?q=nguyen')
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('<label for="q">Rechercher un reçu</label>')
    expect(html).toContain('value="nguyen"')
    expect(html).toContain('1\u00a0reçu trouvé — par nom')
    expect(html).toContain('href="/staff/recus/2025-00001"')
    expect(html).toContain('Łucja Nguyễn-Ødegård')
    expect(html).toContain('50,00\u00a0€')
    expect(html).toContain('<span class="badge issued">Émis</span>')
    expect(html).toContain('<span class="badge sent">Envoyé</span>')
    expect(html).toContain('versé le 18/09/2025')
    for (const q of ['lucja', 'ODEGARD', '2025-1', 'camille.arnaud@example.org', '158201001']) {
      const other = await (await staff.get(`/staff/recus?q=${encodeURIComponent(q)}`)).text()
      expect(other, q).toContain('href="/staff/recus/2025-00001"')
    }
    const none = await (await staff.get('/staff/recus?q=zzzz')).text()
    expect(none).toContain('Aucun reçu ne correspond')
  })

  it('filters by year, status and delivery with French parameters', async () => {
    await receiptFromFixture(fake, t, FIXTURE_01)
    const staff = await signInStaff(t.runtime.app)
    const year = await (await staff.get('/staff/recus?annee=2025')).text()
    expect(year).toContain('les plus récents d’abord')
    expect(year).toContain('2025-00001')
    expect(await (await staff.get('/staff/recus?annee=2025&statut=annule')).text()).toContain(
      'Aucun reçu ne correspond',
    )
    expect(await (await staff.get('/staff/recus?annee=2025&envoi=envoye')).text()).toContain(
      '2025-00001',
    )
    // Unknown values from an old link are ignored rather than refused.
    expect((await staff.get('/staff/recus?annee=abc&statut=zzz')).status).toBe(200)
  })
})

describe('receipt detail page', () => {
  it('shows summary, donor, amount provenance without the tip, history, deliveries, memberships and the PDF', async () => {
    await receiptFromFixture(fake, t, FIXTURE_01)
    const staff = await signInStaff(t.runtime.app)
    const page = await staff.get('/staff/recus/2025-00001')
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(page.headers.get('cache-control')).toBe('private, no-store')
    const html = await page.text()
    expect(html).toContain('<html lang="fr">')
    expect(html).toContain('<h1>Reçu n°\u00a02025-00001</h1>')
    expect(html).toContain('Cerfa 11580*05')
    expect(html).toContain('7 rue de l&#39;Horloge')
    expect(html).toContain('Pourboire à HelloAsso (exclu)')
    expect(html).toContain('5,00\u00a0€')
    expect(html).toContain('Montant du reçu')
    // The tier by its label, never its internal key (« palier individuelle »).
    expect(html).toContain('adhésion au palier «\u00a0Adhésion individuelle\u00a0»')
    expect(html).not.toContain('palier individuelle')
    // Which dated tax rules the receipt was issued under.
    expect(html).toContain('Règles fiscales')
    expect(html).toContain('version du 01/01/2021, réduction de 66\u00a0%')
    expect(html).toContain('E-mail du reçu envoyé')
    expect(html).toContain('Adhésions payées')
    expect(html).toContain('du 01/09/2025 au 31/08/2026')
    // The treasurer's word for the payment, not HelloAsso's enum.
    expect(html).toContain('— encaissé')
    expect(html).not.toContain('Authorized')
    expect(html).toContain('src="/staff/api/receipts/2025-00001/pdf?kind=original"')
    expect(html).toContain('href="/staff/api/receipts/2025-00001/pdf?kind=duplicata"')
    // A manager sees the three actions, each with CSRF and the « Je confirme » fallback.
    for (const action of ['renvoyer', 'annuler', 'corriger'])
      expect(html).toContain(`action="/staff/recus/2025-00001/${action}"`)
    expect(html.match(/name="confirme" value="oui" required/g)).toHaveLength(3)
    expect(html).toMatch(/<input type="checkbox" name="prevenir" value="oui" checked/)
  })

  it('names the tier by its label on receipts recorded with « adhésion, palier <key> »', async () => {
    await receiptFromFixture(fake, t, FIXTURE_01)
    const { table } = t.runtime
    const stored = await table.doc.send(
      new GetCommand({ TableName: table.tableName, Key: keys.receipt(table.orgId, '2025-00001') }),
    )
    const record = stored.Item?.record as ReceiptRecord
    const [line] = record.provenance.lines
    if (!line) throw new Error('no provenance line')
    line.why = 'adhésion, palier individuelle ; aucune contrepartie déclarée'
    await table.doc.send(
      new PutCommand({ TableName: table.tableName, Item: { ...stored.Item, record } }),
    )
    const staff = await signInStaff(t.runtime.app)
    const html = await (await staff.get('/staff/recus/2025-00001')).text()
    expect(html).toContain(
      'adhésion au palier «\u00a0Adhésion individuelle\u00a0» ; aucune contrepartie déclarée',
    )
    expect(html).not.toContain('palier individuelle')
  })

  it('answers 404 with a French page for an unknown or malformed number', async () => {
    const staff = await signInStaff(t.runtime.app)
    const missing = await staff.get('/staff/recus/2025-00999')
    expect(missing.status).toBe(404)
    expect(await missing.text()).toContain('Aucun reçu n° 2025-00999.')
    const malformed = await staff.get('/staff/recus/abc')
    expect(malformed.status).toBe(404)
    expect(await malformed.text()).toContain('un numéro s’écrit comme 2025-00042')
  })
})

describe('receipt actions through the forms', () => {
  it('resends to a corrected address: receipt and audit change, redirect with a message, new email', async () => {
    await receiptFromFixture(fake, t, FIXTURE_01)
    const before = (await t.outboxFiles()).length
    const staff = await signInStaff(t.runtime.app)
    const response = await staff.post('/staff/recus/2025-00001/renvoyer', {
      motif: 'original',
      email: 'Camille.Nouvelle@example.org',
      ...confirmed,
    })
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/staff/recus/2025-00001?ok=renvoye')
    await t.settle()
    const receipt = await getReceipt(t.runtime.table, '2025-00001')
    expect(receipt).toMatchObject({
      payerEmail: 'camille.nouvelle@example.org',
      delivery: { status: 'sent' },
    })
    const audit = await listAudit(t.runtime.table, '2025-00001')
    expect(audit.at(-1)).toMatchObject({
      action: 'receipt.resend',
      actor: { id: 'local:manager' },
      after: { payerEmail: 'camille.nouvelle@example.org' },
    })
    expect((await t.outboxFiles()).length).toBe(before + 1)
    const mails = await t.outbox()
    expect(mails.at(-1)?.to).toMatchObject({ text: 'camille.nouvelle@example.org' })
    const html = await (await staff.get(response.headers.get('location') ?? '')).text()
    expect(html).toContain('role="status"')
    expect(html).toContain('Le reçu va être renvoyé à camille.nouvelle@example.org.')
    expect(html).toContain(
      'Adresse\u00a0: camille.arnaud@example.org → camille.nouvelle@example.org',
    )
  })

  it('cancels with a reason, the donor told by default; the status changes on the page', async () => {
    await receiptFromFixture(fake, t, FIXTURE_01)
    const staff = await signInStaff(t.runtime.app)
    const response = await staff.post('/staff/recus/2025-00001/annuler', {
      motif: 'Doublon avec un don par chèque',
      prevenir: 'oui',
      ...confirmed,
    })
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/staff/recus/2025-00001?ok=annule')
    await t.settle()
    const receipt = await getReceipt(t.runtime.table, '2025-00001')
    expect(receipt).toMatchObject({
      status: 'cancelled',
      cancellation: { reason: 'staff', note: 'Doublon avec un don par chèque' },
      cancellationDelivery: { status: 'sent' },
    })
    const html = await (await staff.get('/staff/recus/2025-00001?ok=annule')).text()
    expect(html).toContain('Le reçu est annulé. Le donateur va en être prévenu par e-mail.')
    expect(html).toContain('<span class="badge cancelled">Annulé</span>')
    expect(html).toContain('«\u00a0Doublon avec un don par chèque\u00a0»')
    expect(html).toContain('il ne peut plus être renvoyé, annulé ni corrigé')
    expect(html).not.toContain('action="/staff/recus/2025-00001/annuler"')
    // « Envoyé » and « En cours » say why: it was sent before, the membership is untouched.
    expect(html).toContain('<span class="badge sent">Envoyé avant l’annulation</span>')
    const notice = /<div class="notice info" id="annulation">(.*?)<\/div>/s.exec(html)?.[1] ?? ''
    const text = notice.replace(/<[^>]+>/g, '').replace(/[ \n]+/g, ' ')
    expect(text).toMatch(
      new RegExp(
        `Annulé le ${DAY} \\(par l’équipe\\)\u00a0: ce reçu ne vaut plus\\. Le donateur l’avait reçu par e-mail le ${DAY}\u00a0; l’avis d’annulation lui a été envoyé le ${DAY}\\.`,
      ),
    )
    expect(text).toContain(
      'L’adhésion payée reste «\u00a0En cours\u00a0»\u00a0: annuler un reçu ne met pas fin à l’adhésion, le paiement restant encaissé chez HelloAsso. Un remboursement y mettrait fin.',
    )
  })

  it('cancels without telling the donor when the box is unticked', async () => {
    await receiptFromFixture(fake, t, FIXTURE_01)
    const staff = await signInStaff(t.runtime.app)
    const response = await staff.post('/staff/recus/2025-00001/annuler', {
      motif: 'Déjà prévenu par téléphone',
      ...confirmed,
    })
    expect(response.headers.get('location')).toBe('/staff/recus/2025-00001?ok=annule-sans-email')
    const receipt = await getReceipt(t.runtime.table, '2025-00001')
    expect(receipt?.status).toBe('cancelled')
    expect(receipt?.cancellationDelivery).toBeUndefined()
    const html = await (await staff.get('/staff/recus/2025-00001')).text()
    expect(html).toContain('le donateur n’en a pas été prévenu par e-mail')
  })

  it('corrects the donor: a new number replaces the old one, and the page links both', async () => {
    await receiptFromFixture(fake, t, FIXTURE_01)
    const staff = await signInStaff(t.runtime.app)
    const response = await staff.post('/staff/recus/2025-00001/corriger', {
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
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/staff/recus/2025-00002?ok=corrige')
    await t.settle()
    expect(await getReceipt(t.runtime.table, '2025-00001')).toMatchObject({
      status: 'replaced',
      replacedBy: { number: '2025-00002' },
    })
    expect((await getReceipt(t.runtime.table, '2025-00002'))?.snapshot.donor).toMatchObject({
      kind: 'individual',
      lastName: 'Arnaud-Lefèvre',
    })
    const html = await (await staff.get('/staff/recus/2025-00002?ok=corrige')).text()
    expect(html).toContain(
      'Reçu corrigé\u00a0: ce reçu n°\u00a02025-00002 annule et remplace le n°\u00a02025-00001',
    )
    expect(html).toContain('href="/staff/recus/2025-00001"')
    const old = await (await staff.get('/staff/recus/2025-00001')).text()
    expect(old).toContain('annulé et remplacé par le reçu')
    expect(old).toContain('href="/staff/recus/2025-00002"')
  })

  it('shows refusals in French on the receipt page, with the status and what was typed', async () => {
    await receiptFromFixture(fake, t, FIXTURE_01)
    const staff = await signInStaff(t.runtime.app)

    const unconfirmed = await staff.post('/staff/recus/2025-00001/annuler', { motif: 'Doublon' })
    expect(unconfirmed.status).toBe(400)
    const unconfirmedHtml = await unconfirmed.text()
    expect(unconfirmedHtml).toContain('Cochez «\u00a0Je confirme\u00a0» pour valider cette action.')
    expect(unconfirmedHtml).toContain('>Doublon</textarea>')
    expect((await getReceipt(t.runtime.table, '2025-00001'))?.status).toBe('issued')

    const noReason = await staff.post('/staff/recus/2025-00001/annuler', {
      motif: ' ',
      ...confirmed,
    })
    expect(noReason.status).toBe(400)
    expect(await noReason.text()).toContain('Motif\u00a0: le motif est obligatoire')

    const badEmail = await staff.post('/staff/recus/2025-00001/renvoyer', {
      motif: 'original',
      email: 'pas-une-adresse',
      ...confirmed,
    })
    expect(badEmail.status).toBe(400)
    expect(await badEmail.text()).toContain('E-mail\u00a0: adresse e-mail invalide')

    const badSiren = await staff.post('/staff/recus/2025-00001/corriger', {
      type: 'entreprise',
      denomination: 'Atelier',
      forme_juridique: 'SAS',
      siren: '12 34',
      rue: '1 rue',
      code_postal: '26000',
      commune: 'Valence',
      motif: 'Reçu au nom de l’entreprise',
      ...confirmed,
    })
    expect(badSiren.status).toBe(400)
    const badSirenHtml = await badSiren.text()
    expect(badSirenHtml).toContain('SIREN\u00a0: un SIREN a 9 chiffres')
    expect(badSirenHtml).toMatch(/<details class="action" open="">\s*<summary>Corriger le donateur/)

    await staff.post('/staff/recus/2025-00001/annuler', { motif: 'Doublon', ...confirmed })
    const again = await staff.post('/staff/recus/2025-00001/renvoyer', {
      motif: 'original',
      ...confirmed,
    })
    expect(again.status).toBe(409)
    expect(await again.text()).toContain(
      'Le reçu n° 2025-00001 est annulé : il ne peut pas être renvoyé.',
    )

    const unknown = await staff.post('/staff/recus/2025-00999/renvoyer', confirmed)
    expect(unknown.status).toBe(404)
  })
})
