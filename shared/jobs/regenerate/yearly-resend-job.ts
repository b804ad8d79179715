import { createHash } from 'node:crypto'
import type { ChunkResult } from '../../domain/job-run.js'
import { receiptNumber } from '../../domain/receipt-number.js'
import type { ReceiptRecord } from '../../domain/records.js'
import { composeYearlyReceiptsEmail } from '../../mail/compose-yearly-receipts-email.js'
import { renderReceiptPdf } from '../../receipts/render-receipt-pdf.js'
import { readCounter } from '../../store/counter-store.js'
import { receiptNumbersByEmail, receiptsByNumbers } from '../../store/receipt-queries.js'
import type { TableContext } from '../../store/table-context.js'
import { markYearlyResend } from '../../store/yearly-resend-store.js'
import { type JobDefinition, sequenceChunks } from '../job-definition.js'
import type { JobDeps } from '../job-deps.js'

export interface YearlyResendParams {
  year: number
}

const RECEIPTS_PER_CHUNK = 100
/** A donor's receipts fetched per email: far above any real year (one a week is 52). */
const MAX_RECEIPTS_PER_DONOR = 500

/**
 * Sends each donor, in one email, every live receipt of the year (copies, same numbers).
 * It walks the year's series like regeneration; a donor's email goes out from their first live
 * receipt of the year, so each donor is handled once without listing donors up front.
 * At most once per donor and run: a marker is written before the email goes out, so a run
 * stopped and resumed never mails a donor twice (a crash between the two loses that one
 * email rather than risking a duplicate).
 */
export const yearlyResendJob: JobDefinition<YearlyResendParams> = {
  kind: 'resend',
  paramsKey: ({ year }) => String(year),
  async plan(deps, { year }) {
    return sequenceChunks(await readCounter(deps.process.table, year), RECEIPTS_PER_CHUNK)
  },
  async runChunk(deps, { year }, chunk, run) {
    const numbers: string[] = []
    for (let sequence = Number(chunk.first); sequence <= Number(chunk.last); sequence++)
      numbers.push(receiptNumber(year, sequence))
    const result: ChunkResult = { counts: {}, findings: [] }
    for (const receipt of await receiptsByNumbers(deps.process.table, numbers)) {
      if (receipt.status !== 'issued' || !receipt.payerEmail) continue
      const donorYear = await liveReceiptsOfDonor(deps.process.table, year, receipt.payerEmail)
      // Only the donor's first live receipt of the year speaks for them.
      if (donorYear[0]?.number !== receipt.number) continue
      const outcome = await resendDonorYear(deps, year, donorYear, run.run)
      result.counts[outcome] = (result.counts[outcome] ?? 0) + 1
    }
    return result
  },
}

/** The donor's live receipts of the year, in number order. */
async function liveReceiptsOfDonor(
  table: TableContext,
  year: number,
  email: string,
): Promise<ReceiptRecord[]> {
  const numbers = (await receiptNumbersByEmail(table, email, MAX_RECEIPTS_PER_DONOR))
    .filter((number) => number.startsWith(`${year}-`))
    .sort()
  return (await receiptsByNumbers(table, numbers)).filter((receipt) => receipt.status === 'issued')
}

async function resendDonorYear(
  deps: JobDeps,
  year: number,
  live: ReceiptRecord[],
  run: number,
): Promise<'sent' | 'already-sent'> {
  const table = deps.process.table
  const [first] = live as [ReceiptRecord]
  const donorRef = createHash('sha256')
    .update(first.payerEmail.toLowerCase())
    .digest('hex')
    .slice(0, 24)
  if (!(await markYearlyResend(table, year, run, donorRef))) return 'already-sent'
  const config = deps.process.config
  const message = await composeYearlyReceiptsEmail({
    year,
    receipts: await Promise.all(
      live.map(async (receipt) => ({
        snapshot: receipt.snapshot,
        pdf: await renderReceiptPdf(receipt.snapshot),
      })),
    ),
    from: config.mail.from,
    to: first.payerEmail,
    ...(config.mail.replyTo ? { replyTo: config.mail.replyTo } : {}),
    reference: `${year}-yearly-${donorRef}`,
  })
  await deps.mailer.send(message)
  deps.process.log.info('yearly-receipts.sent', { year, receipts: live.length })
  return 'sent'
}
