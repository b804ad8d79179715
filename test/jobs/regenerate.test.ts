import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { describe, expect, it } from 'vitest'
import type { RunRef } from '../../shared/domain/job-run.js'
import { regenerateJob } from '../../shared/jobs/regenerate/regenerate-job.js'
import { yearlyResendJob } from '../../shared/jobs/regenerate/yearly-resend-job.js'
import { runJob } from '../../shared/jobs/run-job.js'
import { renderReceiptPdf } from '../../shared/receipts/render-receipt-pdf.js'
import { runFindings } from '../../shared/store/job-run-store.js'
import { keys } from '../../shared/store/keys.js'
import { loadFixture, orderFromNotification } from '../support/fixtures.js'
import { useFlowHarness } from '../support/flow-harness.js'
import { withIds } from '../support/order-variants.js'
import { extractPdfText } from '../support/pdf-text.js'

const { fake, t } = useFlowHarness()
const FIXTURE = '01_order_membership_individual_50eur_with_tip'

/** `count` distinct paid orders of the fixture's payer, posted and delivered. */
async function issueReceipts(count: number, payerEmail?: (i: number) => string) {
  const base = orderFromNotification(loadFixture(FIXTURE))
  for (let i = 0; i < count; i++) {
    const order = withIds(base, 700_000 + i, 10_000 + i * 10, 20_000 + i * 10)
    const payer = payerEmail ? { ...order.payer, email: payerEmail(i) } : order.payer
    fake.putOrder({ ...order, payer })
    await t.post({ eventType: 'Order', data: { ...order, payer } })
  }
  await t.settle()
}

async function findings(run: RunRef) {
  const list = []
  for await (const finding of runFindings(t.runtime.table, run)) list.push(finding)
  return list
}

describe('regenerate --year', () => {
  it('rebuilds every PDF byte for byte identical to the one emailed, from the snapshot', async () => {
    await issueReceipts(3)
    const { run, resumed } = await runJob(t.runtime.jobs, regenerateJob, { year: 2025 })
    expect(resumed).toBe(false)
    expect(run).toMatchObject({ status: 'done', totalItems: 3, doneItems: 3 })
    expect(run.counts).toEqual({ written: 3, identical: 3 })
    expect(await findings(run)).toEqual([])
    const sent = await t.outbox()
    expect(sent).toHaveLength(3)
    for (const mail of sent) {
      const attachment = mail.attachments[0]
      if (!attachment) throw new Error('no attachment')
      const rebuilt = await readFile(
        t.runtime.jobs.files.locate(`receipts/2025/${attachment.filename}`),
      )
      expect(Buffer.compare(rebuilt, attachment.content)).toBe(0)
    }
  })

  it('rebuilds a receipt emailed before layout versions (no layoutVersion: layout 1) to its recorded hash', async () => {
    await issueReceipts(1)
    const [receipt] = await t.receipts(2025)
    if (!receipt) throw new Error('no receipt')
    const { layoutVersion: _current, ...firstLayout } = receipt.snapshot
    // As stored by the code before layout versions: Helvetica bytes and their hash.
    const emailed = await renderReceiptPdf(firstLayout)
    await t.runtime.table.doc.send(
      new UpdateCommand({
        TableName: t.runtime.table.tableName,
        Key: keys.receipt(t.runtime.table.orgId, receipt.number),
        UpdateExpression: 'REMOVE #r.#s.layoutVersion SET #r.delivery.pdfSha256 = :sent',
        ExpressionAttributeNames: { '#r': 'record', '#s': 'snapshot' },
        ExpressionAttributeValues: { ':sent': createHash('sha256').update(emailed).digest('hex') },
      }),
    )

    const { run } = await runJob(t.runtime.jobs, regenerateJob, { year: 2025 })

    expect(run.counts).toEqual({ written: 1, identical: 1 })
    expect(Buffer.from(emailed).includes('/Helvetica')).toBe(true)
  })

  it('reports a receipt whose stored hash was tampered with, and changes no receipt', async () => {
    await issueReceipts(2)
    const [first] = await t.receipts(2025)
    if (!first) throw new Error('no receipt')
    await t.runtime.table.doc.send(
      new UpdateCommand({
        TableName: t.runtime.table.tableName,
        Key: keys.receipt(t.runtime.table.orgId, first.number),
        UpdateExpression: 'SET #r.delivery.pdfSha256 = :forged',
        ExpressionAttributeNames: { '#r': 'record' },
        ExpressionAttributeValues: { ':forged': 'f'.repeat(64) },
      }),
    )
    const before = await t.receipts(2025)
    const { run } = await runJob(t.runtime.jobs, regenerateJob, { year: 2025 })
    expect(run.counts).toEqual({ written: 2, identical: 1, different: 1 })
    expect(await findings(run)).toEqual([
      expect.objectContaining({ key: first.number, kind: 'hash-mismatch' }),
    ])
    expect(await t.receipts(2025)).toEqual(before)
  })

  it('a new run after a finished one starts over; an empty year finishes at once', async () => {
    await issueReceipts(1)
    const first = await runJob(t.runtime.jobs, regenerateJob, { year: 2025 })
    const second = await runJob(t.runtime.jobs, regenerateJob, { year: 2025 })
    expect(second.run.run).toBe(first.run.run + 1)
    expect(second.run.counts).toEqual({ written: 1, identical: 1 })
    const empty = await runJob(t.runtime.jobs, regenerateJob, { year: 2019 })
    expect(empty.run).toMatchObject({ status: 'done', totalItems: 0, counts: {} })
  })
})

describe('regenerate --resend', () => {
  it('emails each donor all their live receipts of the year in one message, once per run', async () => {
    await issueReceipts(3, (i) => (i < 2 ? 'meme.payeur@example.org' : 'autre@example.org'))
    const before = (await t.outboxFiles()).length
    const { run } = await runJob(t.runtime.jobs, yearlyResendJob, { year: 2025 })
    expect(run.counts).toEqual({ sent: 2 })
    const mails = (await t.outbox()).slice(before)
    const attachments = mails.map((mail) => mail.attachments.length).sort()
    expect(attachments).toEqual([1, 2])
    const twoReceipts = mails.find((mail) => mail.attachments.length === 2)
    expect(twoReceipts?.subject).toContain('Vos reçus fiscaux 2025')
    // It says what it attaches: the originals as issued, not duplicatas nor new receipts.
    expect(twoReceipts?.text).toContain(
      'vos 2 reçus fiscaux de l’année 2025, tels qu’ils ont été émis',
    )
    expect(twoReceipts?.text).toContain('ce sont les mêmes reçus originaux')
    expect(twoReceipts?.text).not.toMatch(/duplicata|copie/i)
    for (const attachment of twoReceipts?.attachments ?? []) {
      const text = await extractPdfText(new Uint8Array(attachment.content))
      expect(text).not.toMatch(/DUPLICATA|ANNULÉ|REMPLACÉ/)
      expect(text).toContain(attachment.filename?.replace(/^recu-fiscal-|\.pdf$/g, '') ?? '?')
    }
  })
})
