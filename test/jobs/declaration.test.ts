import { readFile } from 'node:fs/promises'
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { describe, expect, it } from 'vitest'
import type { Order } from '../../shared/helloasso/schemas.js'
import { buildDeclaration } from '../../shared/jobs/declaration/build-declaration.js'
import { cancelReceiptByStaff } from '../../shared/staff/cancel-receipt-by-staff.js'
import { correctReceipt } from '../../shared/staff/correct-receipt.js'
import { keys } from '../../shared/store/keys.js'
import { loadFixture, orderFromNotification, paymentFromNotification } from '../support/fixtures.js'
import { useFlowHarness } from '../support/flow-harness.js'
import { withIds, withLegalForm } from '../support/order-variants.js'
import { NOE_NEW_ADDRESS, storySteps, TREASURER } from '../support/story-steps.js'

/** A test clock that runs, set to a date of the story below. */
const clock = { at: Date.parse('2025-12-31T10:00:00Z'), since: Date.now() }
const setClock = (iso: string) => Object.assign(clock, { at: Date.parse(iso), since: Date.now() })
const { fake, t } = useFlowHarness({ now: () => new Date(clock.at + Date.now() - clock.since) })

const { deliver, deliverOrder, staffDeps } = storySteps(fake, t)

/**
 * Tax year 2025 through the real paths (notification → fake HelloAsso → processing → staff):
 *
 * | n°    | order                       | form  | amount   | what happens                          |
 * | 00001 | 01 Camille Arnaud           | 11580 |  50,00 € | refunded on HelloAsso (07): cancelled |
 * | 00002 | 02 Noé Guillot              | 11580 |  25,00 € | address corrected: replaced by 00007  |
 * | 00003 | 04 Ressourcerie du Royans   | 16216 | 334,00 € | issued (first instalment received)    |
 * | 00004 | 15 Mathilde Blanc           | 11580 |  50,00 € | paid for her firm: replaced by 00008  |
 * | 00005 | 16 Vincent Caron (donation) | 11580 | 100,00 € | issued                                |
 * | 00006 | 01 again, Lucie Martin      | 11580 |  50,00 € | cancelled by staff                    |
 * | 00007 | Noé Guillot, new address    | 11580 |  25,00 € | issued (annule et remplace 00002)     |
 * | 00008 | Blanc Conseil SARL          | 16216 |  50,00 € | issued (annule et remplace 00004)     |
 *
 * 00001–00006 are drawn up on 31 December 2025; the refund, the corrections (00007, 00008)
 * and the staff cancellation happen on 5 January 2026. Plus 17 (Nadia Colin, paid 1 January
 * 2026 Paris time): 2026-00001, not part of 2025.
 * (Fixture 12 is left out: under the test schedule it waits in review.)
 */
async function buildYear2025(): Promise<void> {
  setClock('2025-12-31T10:00:00Z')
  await deliver('01_order_membership_individual_50eur_with_tip')
  await deliver('02_order_membership_reduced_25eur')
  await deliver(
    '04_order_membership_org_1000eur_company_3_instalments',
    withLegalForm(
      orderFromNotification(loadFixture('04_order_membership_org_1000eur_company_3_instalments')),
      'SCIC SAS',
    ),
  )
  await deliver('15_order_membership_with_option')
  await deliver('16_order_donation_form')
  await deliverOrder(anotherPayerOf01())
  // January: the new year's first payment, a late refund, corrections of 2025 receipts.
  setClock('2026-01-05T09:00:00Z')
  await deliver('17_order_membership_individual_new_year_midnight')
  await refund('07_payment_refunded')
  await correctReceipt(staffDeps(), TREASURER, '2025-00002', {
    donor: NOE_NEW_ADDRESS,
    reason: 'Nouvelle adresse',
  })
  await correctReceipt(staffDeps(), TREASURER, '2025-00004', {
    donor: {
      kind: 'company',
      name: 'Blanc Conseil',
      legalForm: 'SARL',
      siren: '552100554',
      address: { street: '2 quai Vieux', postalCode: '26000', city: 'Valence', country: 'France' },
    },
    reason: 'Adhésion payée par la société',
  })
  await cancelReceiptByStaff(staffDeps(), TREASURER, '2025-00006', {
    reason: 'Adhésion enregistrée par erreur',
    notify: false,
  })
  await t.settle()
}

/** Order 01 under new ids, paid by someone else: a second 50 € individual receipt. */
function anotherPayerOf01(): Order {
  const order = withIds(
    orderFromNotification(loadFixture('01_order_membership_individual_50eur_with_tip')),
    158_209_001,
    8_000,
    8_000,
  )
  return { ...order, payer: { ...order.payer, firstName: 'Lucie', lastName: 'Martin' } } as Order
}

async function refund(fixture: string) {
  const payment = paymentFromNotification(loadFixture(fixture))
  fake.putPayment(payment)
  fake.setPaymentState(payment.id, 'Refunded', { refundOperations: payment.refundOperations })
  expect((await t.post(loadFixture(fixture))).status).toBe(200)
  await t.settle()
}

const none = { count: 0, amountCents: 0 }

/** Computed by hand from the table above, not by the code under test. */
const FIGURES_2025 = {
  declared: {
    '11580': { count: 2, amountCents: 10_000 + 2_500 },
    '16216': { count: 2, amountCents: 33_400 + 5_000 },
  },
  cancelled: { '11580': { count: 2, amountCents: 5_000 + 5_000 }, '16216': none },
  replaced: { '11580': { count: 2, amountCents: 2_500 + 5_000 }, '16216': none },
  issued: {
    '11580': { count: 6, amountCents: 5_000 + 2_500 + 5_000 + 10_000 + 5_000 + 2_500 },
    '16216': { count: 2, amountCents: 33_400 + 5_000 },
  },
  /** 00007 and 00008, drawn up in January 2026 for 2025 payments. */
  declaredIssuedLater: 2,
}

const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ')

async function csvLines(path: string): Promise<string[]> {
  const text = await readFile(path, 'utf8')
  expect(text.startsWith('\ufeff')).toBe(true)
  return plain(text.slice(1))
    .split('\r\n')
    .filter((line) => line !== '')
}

describe('receipts declaration --year: the art. 222 bis figures', () => {
  it('counts live receipts only (a replacement once), shows cancelled and replaced apart, and every check passes', async () => {
    await buildYear2025()

    const report = await buildDeclaration(t.runtime.jobs, 2025)

    expect(report.figures).toEqual(FIGURES_2025)
    expect(report).toMatchObject({ year: 2025, counter: 8, receipts: 8, ok: true })
    expect(report.checks.map((check) => [check.name, check.ok, check.problemCount])).toEqual([
      ['series', true, 0],
      ['records', true, 0],
      ['totals', true, 0],
      ['specimen', true, 0],
    ])
    const summary = plain(report.summary)
    expect(summary).toContain('Montant des dons mentionnés sur les reçus : 509,00 €')
    expect(summary).toContain('Nombre de reçus délivrés : 4')
    expect(summary).toContain('dont Cerfa 11580 (particuliers) : 2 reçus, 125,00 €')
    expect(summary).toContain('dont Cerfa 16216 (entreprises) : 2 reçus, 384,00 €')
    expect(summary).toContain('Reçus annulés : 2 reçus, 100,00 €')
    expect(summary).toContain('Reçus remplacés : 2 reçus, 75,00 €')
    expect(summary).toContain('Dont reçus comptés délivrés après le 31/12/2025 : 2')
    expect(summary).toContain('n° 2025-00001 à 2025-00008')
    expect(summary).toContain('Contrôles : tous réussis.')
  })

  it('writes the declaration CSV (figures per form and total, checks) and the register, one line per receipt', async () => {
    await buildYear2025()

    const report = await buildDeclaration(t.runtime.jobs, 2025)

    expect(report.files.declaration).toMatch(/jobs\/declaration\/2025\/declaration-2025\.csv$/)
    const declaration = await csvLines(report.files.declaration)
    for (const row of [
      '"Reçus retenus (à déclarer)";"Cerfa 11580 (particuliers)";"2";"125,00"',
      '"Reçus retenus (à déclarer)";"Cerfa 16216 (entreprises)";"2";"384,00"',
      '"Reçus retenus (à déclarer)";"Total";"4";"509,00"',
      '"Reçus annulés (non retenus)";"Total";"2";"100,00"',
      '"Reçus remplacés (non retenus, le remplaçant est compté)";"Total";"2";"75,00"',
      '"Tous les reçus de la série";"Total";"8";"684,00"',
    ])
      expect(declaration).toContain(row)
    expect(declaration.filter((line) => line.includes('"OK";"0"'))).toHaveLength(4)

    const [header, ...rows] = await csvLines(report.files.register)
    expect(header).toBe(
      '"numero";"formulaire";"statut";"date_emission";"date_versement";"montant_eur";"donateur";"siren";"date_annulation";"motif_annulation";"note_annulation";"remplace";"remplace_par";"commande_helloasso";"paiement_helloasso";"specimen"',
    )
    const cells = rows.map((row) => row.slice(1, -1).split('";"'))
    expect(cells.map((row) => [row[0], row[1], row[2], row[3], row[5]])).toEqual([
      ['2025-00001', '11580*05', 'annulé', '2025-12-31', '50,00'],
      ['2025-00002', '11580*05', 'remplacé', '2025-12-31', '25,00'],
      ['2025-00003', '16216*02', 'émis', '2025-12-31', '334,00'],
      ['2025-00004', '11580*05', 'remplacé', '2025-12-31', '50,00'],
      ['2025-00005', '11580*05', 'émis', '2025-12-31', '100,00'],
      ['2025-00006', '11580*05', 'annulé', '2025-12-31', '50,00'],
      ['2025-00007', '11580*05', 'émis', '2026-01-05', '25,00'],
      ['2025-00008', '16216*02', 'émis', '2026-01-05', '50,00'],
    ])
    // date_annulation, motif, note, remplace, remplace_par
    expect(cells.map((row) => row.slice(8, 13))).toEqual([
      ['2026-01-05', 'remboursement', '', '', ''],
      ['2026-01-05', 'correction (annule et remplace)', '', '', '2025-00007'],
      ['', '', '', '', ''],
      ['2026-01-05', 'correction (annule et remplace)', '', '', '2025-00008'],
      ['', '', '', '', ''],
      ['2026-01-05', 'annulation par l’équipe', 'Adhésion enregistrée par erreur', '', ''],
      ['', '', '', '2025-00002', ''],
      ['', '', '', '2025-00004', ''],
    ])
    expect(cells[7]?.slice(6, 8)).toEqual(['Blanc Conseil', '552100554'])
    expect(cells[4]?.slice(6, 8)).toEqual(['Vincent Caron', ''])
  })

  it('keeps tax years apart: the 1 January 2026 payment is the only receipt of 2026', async () => {
    await buildYear2025()

    const report = await buildDeclaration(t.runtime.jobs, 2026)

    expect(report.figures.declared).toEqual({
      '11580': { count: 1, amountCents: 5_000 },
      '16216': none,
    })
    expect(report).toMatchObject({ counter: 1, receipts: 1, ok: true })
  })
})

describe('receipts declaration --year: a tampered register fails a check that names the number', () => {
  const ledgerKey = (entry: string) => keys.ledgerEntry(t.runtime.table.orgId, 2025, entry)

  it('a deleted « issued » line is a gap in the series and a record that disagrees', async () => {
    await buildYear2025()
    await t.runtime.table.doc.send(
      new DeleteCommand({
        TableName: t.runtime.table.tableName,
        Key: ledgerKey('2025-00005#issued'),
      }),
    )

    const report = await buildDeclaration(t.runtime.jobs, 2025)

    expect(report.ok).toBe(false)
    const byName = Object.fromEntries(report.checks.map((check) => [check.name, check]))
    expect(byName.series?.problems).toEqual([
      { number: '2025-00005', detail: expect.stringContaining('trou dans la série') },
    ])
    expect(byName.records?.problems.map((p) => p.number)).toEqual(['2025-00005'])
    expect(byName.totals?.problems.map((p) => plain(p.detail))).toEqual([
      'Cerfa 11580 (particuliers) : registre 1 reçu, 25,00 € (émis − annulés − remplacés) ≠ 2 reçus retenus, 125,00 €',
    ])
    // The figures still come from the receipts; the checks say they cannot be trusted yet.
    expect(report.figures.declared).toEqual(FIGURES_2025.declared)
    const summary = plain(report.summary)
    expect(summary).toContain('Contrôles : ÉCHEC')
    expect(summary).toContain('2025-00005 : numéro attribué sans ligne « émis »')
  })

  it('an amount changed in the register is named with both amounts, and the form totals disagree', async () => {
    await buildYear2025()
    await t.runtime.table.doc.send(
      new UpdateCommand({
        TableName: t.runtime.table.tableName,
        Key: ledgerKey('2025-00003#issued'),
        UpdateExpression: 'SET amountCents = :amount',
        ExpressionAttributeValues: { ':amount': 43_400 },
      }),
    )

    const report = await buildDeclaration(t.runtime.jobs, 2025)

    const byName = Object.fromEntries(report.checks.map((check) => [check.name, check]))
    expect(byName.series?.ok).toBe(true)
    expect(byName.records?.problems).toHaveLength(1)
    expect(byName.records?.problems[0]?.number).toBe('2025-00003')
    expect(plain(byName.records?.problems[0]?.detail ?? '')).toBe(
      'montant au registre 434,00 € (ligne « émis ») ≠ 334,00 € sur le reçu',
    )
    expect(byName.totals?.problems.map((p) => plain(p.detail))).toEqual([
      'Cerfa 16216 (entreprises) : registre 2 reçus, 484,00 € (émis − annulés − remplacés) ≠ 2 reçus retenus, 384,00 €',
    ])
    expect(await readFile(report.files.declaration, 'utf8')).toContain('"ÉCHEC"')
  })

  it('a counter moved back leaves a receipt past the series, which the check names', async () => {
    await buildYear2025()
    await t.runtime.table.doc.send(
      new UpdateCommand({
        TableName: t.runtime.table.tableName,
        Key: keys.counter(t.runtime.table.orgId, 2025),
        UpdateExpression: 'SET #last = :last',
        ExpressionAttributeNames: { '#last': 'last' },
        ExpressionAttributeValues: { ':last': 7 },
      }),
    )

    const report = await buildDeclaration(t.runtime.jobs, 2025)

    const series = report.checks.find((check) => check.name === 'series')
    expect(series?.problems.map((p) => [p.number, plain(p.detail)])).toEqual([
      ['2025-00008', 'numéro hors de la série (le compteur de 2025 est à 7)'],
      ['2025-00008', 'reçu enregistré au-delà du compteur de 2025 (à 7) : le compteur a reculé'],
    ])
    expect(report.ok).toBe(false)
  })
})
