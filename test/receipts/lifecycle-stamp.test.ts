import { describe, expect, it } from 'vitest'
import { renderReceiptPdf } from '../../shared/receipts/render-receipt-pdf.js'
import { anAssociationSnapshot, aReceiptSnapshot } from '../support/builders/a-receipt-snapshot.js'
import { extractPdfText, extractPdfTextItems } from '../support/pdf-text.js'

const CANCELLED = {
  status: 'cancelled',
  cancelledOn: '2026-03-12',
  reason: 'remboursement',
} as const

describe('the lifecycle stamp (RenderOptions.lifecycle)', () => {
  it('stamps every page of a cancelled receipt, inside the page, with the word across it', async () => {
    // An absurdly long object pushes the receipt onto a second page.
    const snapshot = aReceiptSnapshot({
      association: anAssociationSnapshot({ object: 'Faire vivre un jardin partagé. '.repeat(90) }),
    })
    const bytes = await renderReceiptPdf(snapshot, { lifecycle: CANCELLED })
    const pages = (await extractPdfText(bytes)).split('\f')
    expect(pages).toHaveLength(2)
    for (const page of pages) expect(page).toContain('ANNULÉ le 12/03/2026 — remboursement')
    const items = await extractPdfTextItems(bytes)
    const stamps = items.filter((item) => item.text.startsWith('ANNULÉ le'))
    expect(stamps.map((s) => s.page)).toEqual([1, 2])
    for (const stamp of stamps) {
      expect(stamp.rotated).toBe(false)
      expect(stamp.x).toBeGreaterThan(0)
      expect(stamp.x + stamp.width).toBeLessThan(stamp.pageWidth)
    }
    expect(items.filter((item) => item.rotated).map((item) => item.text)).toEqual([
      'ANNULÉ',
      'ANNULÉ',
    ])
  })

  it('says which receipt replaces a replaced one, and keeps a long reason on one line', async () => {
    const replaced = await extractPdfText(
      await renderReceiptPdf(aReceiptSnapshot(), {
        lifecycle: { status: 'replaced', replacedBy: '2026-00043', replacedOn: '2026-03-12' },
      }),
    )
    expect(replaced).toContain('REMPLACÉ par le reçu n° 2026-00043 du 12/03/2026')
    const long = await extractPdfTextItems(
      await renderReceiptPdf(aReceiptSnapshot(), {
        lifecycle: { ...CANCELLED, reason: `annulation par l’équipe : ${'très long '.repeat(40)}` },
      }),
    )
    const [stamp] = long.filter((item) => item.text.startsWith('ANNULÉ le'))
    expect(stamp?.text.endsWith('…')).toBe(true)
    expect((stamp?.x ?? -1) + (stamp?.width ?? Number.POSITIVE_INFINITY)).toBeLessThan(
      stamp?.pageWidth ?? 0,
    )
  })

  it('leaves the receipt as issued byte for byte without it', async () => {
    const snapshot = aReceiptSnapshot()
    expect(
      Buffer.from(await renderReceiptPdf(snapshot, {})).equals(
        Buffer.from(await renderReceiptPdf(snapshot)),
      ),
    ).toBe(true)
    expect(await extractPdfText(await renderReceiptPdf(snapshot))).not.toMatch(/ANNULÉ|REMPLACÉ/)
  })
})
