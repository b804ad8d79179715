import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { ReceiptSnapshot } from '../../shared/receipts/receipt-snapshot.js'
import { renderReceiptPdf } from '../../shared/receipts/render-receipt-pdf.js'
import {
  aCompanyReceiptSnapshot,
  anIndividualDonor,
  aReceiptSnapshot,
} from '../support/builders/a-receipt-snapshot.js'
import { VERIFICATION_URL } from '../support/qr-codes.js'

const work = mkdtempSync(join(tmpdir(), 'receipt-pixels-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

/**
 * A fontconfig that knows DejaVu only, as on many minimal Linux images: a viewer that has to
 * substitute a non-embedded Helvetica picks DejaVu Sans here and Liberation Sans (metric-
 * compatible) with the machine's own configuration.
 */
function dejaVuOnlyConfig(): string {
  const path = join(work, 'fonts-dejavu-only.conf')
  writeFileSync(
    path,
    `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>/usr/share/fonts/truetype/dejavu</dir>
  <cachedir>${join(work, 'fontconfig-cache')}</cachedir>
</fontconfig>
`,
  )
  return path
}

function rasterise(pdf: string, name: string, fontconfig?: string): Buffer {
  const env = { ...process.env }
  if (fontconfig) env.FONTCONFIG_FILE = fontconfig
  else delete env.FONTCONFIG_FILE
  const prefix = join(work, name)
  execFileSync('pdftoppm', ['-r', '60', '-gray', '-singlefile', pdf, prefix], { env })
  return readFileSync(`${prefix}.pgm`)
}

async function pixelsUnderBothSetups(snapshot: ReceiptSnapshot, name: string) {
  const pdf = join(work, `${name}.pdf`)
  writeFileSync(pdf, await renderReceiptPdf(snapshot))
  const machine = rasterise(pdf, `${name}-machine`)
  const dejaVuOnly = rasterise(pdf, `${name}-dejavu`, dejaVuOnlyConfig())
  return { machine, dejaVuOnly }
}

describe('the same receipt, whatever fonts the machine has', () => {
  it.each([
    ['11580', aReceiptSnapshot()],
    ['16216', aCompanyReceiptSnapshot({ amountCents: 100_000_000 })],
    [
      '11580, Vietnamese, Greek, Cyrillic',
      aReceiptSnapshot({
        donor: anIndividualDonor({ lastName: 'Nguyễn-Παπαδοπούλου', firstNames: 'Иван Thị' }),
      }),
    ],
    [
      '11580, hostile names and the QR code',
      aReceiptSnapshot({
        verification: { url: VERIFICATION_URL },
        donor: anIndividualDonor({
          lastName: 'الخطيب (ليلى)\u00ad',
          firstNames: 'ليلى Παπαδοπούλου \u202eכהן 34\u202c\u2060',
          address: {
            street: 'شارع 12 النخيل',
            postalCode: '69003',
            city: 'Lyon',
            country: 'France',
          },
        }),
      }),
    ],
    ['16216, the QR code', aCompanyReceiptSnapshot({ verification: { url: VERIFICATION_URL } })],
    [
      '11580, layout 2',
      aReceiptSnapshot({ layoutVersion: 2, donor: anIndividualDonor({ lastName: 'الخطيب' }) }),
    ],
  ])(
    'gives identical pixels under a DejaVu-only fontconfig and the default one (%s)',
    async (name, snapshot) => {
      const { machine, dejaVuOnly } = await pixelsUnderBothSetups(
        snapshot,
        name.replace(/\W+/g, '-'),
      )

      expect(machine.length).toBeGreaterThan(10_000)
      expect(dejaVuOnly.equals(machine)).toBe(true)
    },
  )

  it('did not with layout 1, whose Helvetica each machine substitutes (the proof can fail)', async () => {
    const { machine, dejaVuOnly } = await pixelsUnderBothSetups(
      aReceiptSnapshot({ layoutVersion: 1 }),
      'layout1',
    )

    expect(dejaVuOnly.equals(machine)).toBe(false)
  })
})
