import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { buffer } from 'node:stream/consumers'
import { describe, expect, it } from 'vitest'
import { openPromise } from 'yauzl'
import { writeArchive } from '../../shared/jobs/archive/write-archive.js'
import { renderReceiptPdf } from '../../shared/receipts/render-receipt-pdf.js'
import { cancelReceiptByStaff } from '../../shared/staff/cancel-receipt-by-staff.js'
import { correctReceipt } from '../../shared/staff/correct-receipt.js'
import { loadFixture, orderFromNotification } from '../support/fixtures.js'
import { useFlowHarness } from '../support/flow-harness.js'
import { withLegalForm } from '../support/order-variants.js'
import { NOE_NEW_ADDRESS, storySteps, TREASURER } from '../support/story-steps.js'

const { fake, t } = useFlowHarness()
const { deliver, staffDeps } = storySteps(fake, t)

/**
 * 2025-00001 Camille Arnaud 50 € (cancelled by staff), 2025-00002 Noé Guillot 25 € (replaced
 * by 00004), 2025-00003 Ressourcerie du Royans 334 € (Cerfa 16216), 2025-00004 Noé, corrected.
 */
async function buildYear2025(): Promise<void> {
  await deliver('01_order_membership_individual_50eur_with_tip')
  await deliver('02_order_membership_reduced_25eur')
  await deliver(
    '04_order_membership_org_1000eur_company_3_instalments',
    withLegalForm(
      orderFromNotification(loadFixture('04_order_membership_org_1000eur_company_3_instalments')),
      'SCIC SAS',
    ),
  )
  await correctReceipt(staffDeps(), TREASURER, '2025-00002', {
    donor: NOE_NEW_ADDRESS,
    reason: 'Nouvelle adresse',
  })
  await cancelReceiptByStaff(staffDeps(), TREASURER, '2025-00001', {
    reason: 'Adhésion enregistrée par erreur',
    notify: false,
  })
  await t.settle()
}

/** Every entry of a ZIP, in archive order, read with yauzl (an independent ZIP reader). */
async function readZip(path: string): Promise<[string, Buffer][]> {
  const zip = await openPromise(path, { lazyEntries: true })
  const entries: [string, Buffer][] = []
  for await (const entry of zip.eachEntry())
    entries.push([entry.fileName, await buffer(await zip.openReadStreamPromise(entry))])
  zip.close()
  return entries
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

describe('receipts archive --year', () => {
  it('writes one ZIP: every receipt PDF as issued, the register, the declaration and a SHA256SUMS that matches', async () => {
    await buildYear2025()

    const report = await writeArchive(t.runtime.jobs, 2025)

    expect(report.path).toMatch(/jobs\/archives\/recus-fiscaux-2025\.zip$/)
    const file = await readFile(report.path)
    expect(report).toMatchObject({
      year: 2025,
      receipts: 4,
      bytes: (await stat(report.path)).size,
      sha256: sha256(file),
      checksOk: true,
      // Each archived PDF is byte for byte the one emailed (hash recorded at sending).
      pdfs: { identical: 4, different: [], differentCount: 0, neverSent: 0 },
    })

    const entries = await readZip(report.path)
    expect(entries.map(([name]) => name)).toEqual([
      'recus/2025-00001.pdf',
      'recus/2025-00002.pdf',
      'recus/2025-00003.pdf',
      'recus/2025-00004.pdf',
      'registre-2025.csv',
      'declaration-2025.csv',
      'declaration-2025.txt',
      'SHA256SUMS',
    ])
    const content = new Map(entries)

    // Cancelled and replaced receipts are archived too: they were issued.
    const receipts = await t.receipts(2025)
    expect(receipts.map((r) => [r.number, r.status]).sort()).toEqual([
      ['2025-00001', 'cancelled'],
      ['2025-00002', 'replaced'],
      ['2025-00003', 'issued'],
      ['2025-00004', 'issued'],
    ])
    for (const receipt of receipts) {
      const archived = content.get(`recus/${receipt.number}.pdf`)
      expect(archived?.equals(await renderReceiptPdf(receipt.snapshot)), receipt.number).toBe(true)
    }

    const sums = (content.get('SHA256SUMS')?.toString('utf8') ?? '').trimEnd().split('\n')
    expect(sums).toHaveLength(entries.length - 1)
    for (const [name, bytes] of entries.filter(([name]) => name !== 'SHA256SUMS'))
      expect(sums).toContain(`${sha256(bytes)}  ${name}`)

    const declaration = content.get('declaration-2025.csv')?.toString('utf8') ?? ''
    // Live: 00003 (334 €, 16216) and 00004 (25 €, 11580); 00001 cancelled, 00002 replaced.
    expect(declaration).toContain('"Reçus retenus (à déclarer)";"Total";"2";"359,00"')
    expect(declaration).toContain('"Tous les reçus de la série";"Total";"4";"434,00"')
    const register = content.get('registre-2025.csv')?.toString('utf8') ?? ''
    expect(register.trimEnd().split('\r\n')).toHaveLength(1 + 4)
    const summary = content.get('declaration-2025.txt')?.toString('utf8') ?? ''
    expect(summary.replace(/\u00a0/g, ' ')).toContain('Nombre de reçus délivrés : 2')
  })

  it('fails cleanly, without hanging, when the output cannot be written', async () => {
    await deliver('01_order_membership_individual_50eur_with_tip')
    const jobs = t.runtime.jobs
    const failing = {
      ...jobs,
      files: {
        ...jobs.files,
        writeStream: async () => {
          throw new Error('disque plein')
        },
      },
    }

    await expect(writeArchive(failing, 2025)).rejects.toThrow('disque plein')
  })
})
