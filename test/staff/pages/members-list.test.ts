import { UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { describe, expect, it } from 'vitest'
import { runCommand } from '../../../functions/jobs/run-command.js'
import type { MembershipRecord } from '../../../shared/domain/records.js'
import { keys } from '../../../shared/store/keys.js'
import { indexUnlistedMemberships } from '../../../shared/store/membership-queries.js'
import { putMembership } from '../../../shared/store/membership-store.js'
import { useFlowHarness } from '../../support/flow-harness.js'
import { receiptFromFixture } from '../../support/staff-receipts.js'
import { STAFF_VIEWER_TOKEN, signInStaff } from '../../support/staff-session.js'

/** « Membres » lists every membership a page at a time, and exports them all as CSV. */
const { fake, t } = useFlowHarness({ env: { STAFF_VIEWER_TOKEN } })

/** `count` memberships of invented members, one a day from 1 September 2025. */
async function seedMemberships(count: number): Promise<MembershipRecord[]> {
  const seeded: MembershipRecord[] = []
  for (let i = 0; i < count; i++) {
    const day = new Date(Date.UTC(2025, 8, 1 + i)).toISOString().slice(0, 10)
    const membership: MembershipRecord = {
      orgId: t.runtime.table.orgId,
      itemId: 900_000 + i,
      orderId: 800_000 + i,
      tierKey: i % 2 ? 'reduite' : 'individuelle',
      member: { firstName: `Prénom${i}`, lastName: `Membre-${String(i).padStart(2, '0')}` },
      payerKind: 'individual',
      validFrom: day,
      validTo: '2026-08-31',
      status: i === 3 ? 'ended' : 'active',
      ...(i === 3 ? { endedReason: 'refund' } : {}),
      firstPaymentId: 700_000 + i,
      updatedAt: '2025-09-01T10:00:00.000Z',
    }
    await putMembership(t.runtime.table, membership)
    seeded.push(membership)
  }
  return seeded
}

function rowsOf(html: string): string[] {
  return [...html.matchAll(/<td data-label="Membre">([^<]*)<\/td>/g)].map((m) =>
    (m[1] ?? '').replace(/\s+/g, ' ').trim(),
  )
}

describe('the members page', () => {
  it('lists every membership, newest first, fifty a page, with a link to the next', async () => {
    await seedMemberships(55)
    const staff = await signInStaff(t.runtime.app)
    const first = await (await staff.get('/staff/membres')).text()
    expect(first).toContain('Toutes les adhésions')
    const page1 = rowsOf(first)
    expect(page1).toHaveLength(50)
    expect(page1[0]).toBe('Prénom54 Membre-54')
    expect(page1[49]).toBe('Prénom5 Membre-05')
    const next = /href="(\/staff\/membres\?apres=[^"]+)"/.exec(first)?.[1] ?? ''
    expect(next).not.toBe('')
    // The cursor carries no name.
    expect(decodeURIComponent(next)).not.toMatch(/Membre|Prénom/)
    const second = await (await staff.get(next.replace(/&amp;/g, '&'))).text()
    expect(second).toContain('Adhésions (suite)')
    expect(rowsOf(second)).toEqual([
      'Prénom4 Membre-04',
      'Prénom3 Membre-03',
      'Prénom2 Membre-02',
      'Prénom1 Membre-01',
      'Prénom0 Membre-00',
    ])
    expect(second).not.toContain('Adhésions suivantes')
    expect(second).toContain('Terminée')
  })

  it('refuses a cursor it did not give, changing nothing', async () => {
    await seedMemberships(3)
    const staff = await signInStaff(t.runtime.app)
    const forged = await staff.get('/staff/membres?apres=eyJvIjoicnRsZCJ9.abc')
    expect(forged.status).toBe(400)
    expect(await forged.text()).toContain('Curseur de pagination invalide')
  })

  it('says so when there is no membership yet', async () => {
    const staff = await signInStaff(t.runtime.app)
    const html = await (await staff.get('/staff/membres')).text()
    expect(html).toContain('Aucune adhésion enregistrée pour l’instant.')
    expect(html).not.toContain('Adhésions suivantes')
  })

  it('exports every membership as CSV, for a viewer too', async () => {
    await receiptFromFixture(fake, t, '01_order_membership_individual_50eur_with_tip')
    await seedMemberships(60)
    const viewer = await signInStaff(t.runtime.app, STAFF_VIEWER_TOKEN)
    const response = await viewer.get('/staff/membres/export.csv')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="membres-\d{4}-\d{2}-\d{2}\.csv"$/,
    )
    const text = await response.text()
    const [header, ...rows] = text
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split('\r\n')
    expect(header).toBe(
      'nom;prenom;palier;payeur;debut_validite;fin_validite;statut;motif_fin;commande_helloasso;premier_paiement_helloasso',
    )
    expect(rows).toHaveLength(61)
    expect(rows).toContain(
      '"Arnaud";"Camille";"Adhésion individuelle";"particulier";"2025-09-01";"2026-08-31";"échue";"";"158201001";"149300101"',
    )
    expect(rows).toContain(
      '"Membre-03";"Prénom3";"Adhésion tarif réduit";"particulier";"2025-09-04";"2026-08-31";"terminée";"remboursement";"800003";"700003"',
    )
  })

  it('lists memberships recorded before the list existed once they are indexed', async () => {
    const [old] = await seedMemberships(1)
    if (!old) throw new Error('no membership')
    const { table } = t.runtime
    // As an older version wrote it: no list keys.
    await table.doc.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: keys.membership(table.orgId, old.itemId),
        UpdateExpression: 'REMOVE gsi1pk, gsi1sk',
      }),
    )
    const staff = await signInStaff(t.runtime.app)
    expect(rowsOf(await (await staff.get('/staff/membres')).text())).toEqual([])
    // `npm run receipts -- index-members`, once after the upgrade.
    const lines: string[] = []
    const io = {
      out: (line: string) => lines.push(line),
      progressStream: { isTTY: false, write: () => true } as unknown as NodeJS.WriteStream,
    }
    expect(await runCommand(t.runtime.jobs, { command: 'index-members' }, io)).toBe(0)
    expect(lines.join('\n').replace(/\u00a0/g, ' ')).toContain(
      'Liste des membres : 1 adhésion ajoutée (celles enregistrées avant la mise à jour).',
    )
    expect(await indexUnlistedMemberships(table)).toBe(0)
    expect(rowsOf(await (await staff.get('/staff/membres')).text())).toEqual(['Prénom0 Membre-00'])
  })
})
