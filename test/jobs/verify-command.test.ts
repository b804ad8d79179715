import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { PDFDocument, StandardFonts } from 'pdf-lib'
import { afterAll, describe, expect, it } from 'vitest'
import { runVerifyCommand } from '../../functions/jobs/verify-command.js'
import { loadEnv } from '../../shared/config/env.js'
import type { ReceiptSnapshot } from '../../shared/receipts/receipt-snapshot.js'
import { renderReceiptPdf } from '../../shared/receipts/render-receipt-pdf.js'
import { getReceipt } from '../../shared/store/receipt-store.js'
import { loadFixture, paymentFromNotification } from '../support/fixtures.js'
import { useFlowHarness } from '../support/flow-harness.js'
import { extractPdfText } from '../support/pdf-text.js'
import { storySteps } from '../support/story-steps.js'

const { fake, t } = useFlowHarness()
const { deliver } = storySteps(fake, t)
const folders: string[] = []
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true })
})

/**
 * The receipt as its donor holds it. Layout 3 prints the link beside its QR code; a layout
 * that does not gets it written at the foot of page 1, as layout 3 would show it in the text.
 */
async function receiptPdf(snapshot: ReceiptSnapshot): Promise<string> {
  let bytes = await renderReceiptPdf(snapshot)
  const url = snapshot.verification?.url as string
  if (!(await extractPdfText(bytes)).replace(/\s+/g, '').includes(url)) {
    const pdf = await PDFDocument.load(bytes)
    const font = await pdf.embedFont(StandardFonts.Helvetica)
    pdf.getPage(0).drawText(url, { x: 20, y: 12, size: 5, font })
    bytes = await pdf.save()
  }
  const folder = await mkdtemp(join(tmpdir(), 'verifier-'))
  folders.push(folder)
  const file = join(folder, `recu-${snapshot.number}.pdf`)
  await writeFile(file, bytes)
  return file
}

async function verify(args: string[], online = true) {
  const lines: string[] = []
  const code = await runVerifyCommand(['verifier', ...args], {
    env: loadEnv({ DATA_DIR: dirname(t.runtime.outboxDir) }),
    out: (line) => lines.push(line),
    fetch: (async (url: string) => {
      if (!online) throw new Error('offline')
      return t.runtime.app.request(new URL(url).pathname)
    }) as typeof fetch,
  })
  return { code, text: lines.join('\n').replace(/[\u00a0\u202f]/g, ' ') }
}

describe('npm run receipts -- verifier <fichier.pdf | lien>', () => {
  it('accepts an issued PDF: signature, number, amount and date as signed, state « valide »', async () => {
    await deliver('01_order_membership_individual_50eur_with_tip')
    const receipt = await getReceipt(t.runtime.table, '2025-00001')
    const result = await verify([await receiptPdf(receipt?.snapshot as ReceiptSnapshot)])
    expect(result.text).toContain('OK  signature de l’association')
    expect(result.text).toContain('OK  numéro 2025-00001 : identique au PDF')
    expect(result.text).toContain('OK  montant 50,00 € : identique au PDF')
    expect(result.text).toMatch(/OK {2}date d’émission \d{2}\/\d{2}\/\d{4} : identique au PDF/)
    expect(result.text).toContain('OK  état : Ce reçu est valide')
    expect(result.text).toContain('Reçu authentique.')
    expect(result.code).toBe(0)
  })

  it('rejects a PDF whose amount was edited, though it carries the genuine link', async () => {
    await deliver('01_order_membership_individual_50eur_with_tip')
    const receipt = await getReceipt(t.runtime.table, '2025-00001')
    const snapshot = receipt?.snapshot as ReceiptSnapshot
    const forged = await receiptPdf({ ...snapshot, amountCents: 500_000 })
    const result = await verify([forged])
    expect(result.text).toContain('OK  signature de l’association')
    expect(result.text).toContain('NON montant 50,00 € : différent dans le PDF (modifié ?)')
    expect(result.code).toBe(2)
  })

  it('works offline with the published public key; says « annulé » online after a refund; refuses an altered link', async () => {
    await deliver('01_order_membership_individual_50eur_with_tip')
    const receipt = await getReceipt(t.runtime.table, '2025-00001')
    const file = await receiptPdf(receipt?.snapshot as ReceiptSnapshot)
    const page = await (await t.runtime.app.request('/verifier')).text()
    const pem = /-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/.exec(page)?.[0]
    const keyFile = join(dirname(file), 'cle.pem')
    await writeFile(keyFile, `${pem}\n`)
    const offline = await verify([file, '--cle', keyFile, '--hors-ligne'], false)
    expect(offline.text).toContain(`OK  signature de l’association (clé`)
    expect(offline.text).not.toContain('état')
    expect(offline.code).toBe(0)

    const refund = paymentFromNotification(loadFixture('07_payment_refunded'))
    fake.putPayment(refund)
    fake.setPaymentState(refund.id, 'Refunded', { refundOperations: refund.refundOperations })
    expect((await t.post(loadFixture('07_payment_refunded'))).status).toBe(200)
    await t.settle()
    const cancelled = await verify([file])
    expect(cancelled.text).toMatch(
      /NON état : Ce reçu est annulé le \d{2}\/\d{2}\/\d{4} \(remboursement\)/,
    )
    expect(cancelled.code).toBe(2)

    const link = receipt?.snapshot.verification?.url as string
    const altered = `${link.slice(0, -10)}${link.at(-10) === 'A' ? 'B' : 'A'}${link.slice(-9)}`
    const result = await verify([altered])
    expect(result.code).toBe(2)
    expect(result.text).toMatch(/NON/)
  })
})
