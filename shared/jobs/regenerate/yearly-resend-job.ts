import { createHash } from 'node:crypto'
import { PutCommand } from '@aws-sdk/lib-dynamodb'
import type { ReceiptRecord } from '../../domain/records.js'
import { composeYearlyReceiptsEmail } from '../../mail/compose-yearly-receipts-email.js'
import { renderReceiptPdf } from '../../receipts/render-receipt-pdf.js'
import { storeUnavailable } from '../../store/dynamo-errors.js'
import { keys } from '../../store/keys.js'
import { queryAll } from '../../store/query-all.js'
import { receiptNumbersByEmail, receiptsByNumbers } from '../../store/receipt-queries.js'
import type { TableContext } from '../../store/table-context.js'
import type { ChunkRef, ChunkResult, JobDefinition } from '../job-definition.js'
import type { JobDeps } from '../job-deps.js'

export interface YearlyResendParams {
  year: number
}

const DONORS_PER_CHUNK = 25
/** A donor's receipts fetched per email: far above any real year (one a week is 52). */
const MAX_RECEIPTS_PER_DONOR = 500

/**
 * Sends each donor, in one email, every live receipt of the year (copies, same numbers).
 * At most once per donor and run: a marker is written before the email goes out, so a run
 * stopped and resumed never mails a donor twice (a crash between the two loses that one
 * email, reported as a finding rather than risking a duplicate).
 */
export const yearlyResendJob: JobDefinition<YearlyResendParams> = {
  kind: 'resend',
  paramsKey: ({ year }) => String(year),
  async plan(deps, { year }) {
    const emails = await liveReceiptEmails(deps.process.table, year)
    const chunks: ChunkRef[] = []
    for (let start = 0; start < emails.length; start += DONORS_PER_CHUNK) {
      const slice = emails.slice(start, start + DONORS_PER_CHUNK)
      chunks.push({
        id: String(start),
        size: slice.length,
        first: slice[0] as string,
        last: slice[slice.length - 1] as string,
      })
    }
    return chunks
  },
  async runChunk(deps, { year }, chunk, run) {
    const emails = (await liveReceiptEmails(deps.process.table, year)).filter(
      (email) => email >= chunk.first && email <= chunk.last,
    )
    const result: ChunkResult = { counts: {}, findings: [] }
    for (const email of emails) {
      const outcome = await resendDonorYear(deps, year, email, run.run)
      result.counts[outcome] = (result.counts[outcome] ?? 0) + 1
    }
    return result
  },
}

type DonorOutcome = 'sent' | 'already-sent' | 'nothing-live'

async function resendDonorYear(
  deps: JobDeps,
  year: number,
  email: string,
  run: number,
): Promise<DonorOutcome> {
  const table = deps.process.table
  const numbers = (await receiptNumbersByEmail(table, email, MAX_RECEIPTS_PER_DONOR)).filter(
    (number) => number.startsWith(`${year}-`),
  )
  const live = (await receiptsByNumbers(table, numbers)).filter(
    (receipt) => receipt.status === 'issued',
  )
  if (live.length === 0) return 'nothing-live'
  const donorRef = createHash('sha256').update(email).digest('hex').slice(0, 24)
  if (!(await markSent(table, year, run, donorRef))) return 'already-sent'
  const config = deps.process.config
  const message = await composeYearlyReceiptsEmail({
    year,
    receipts: await Promise.all(
      live.map(async (receipt: ReceiptRecord) => ({
        snapshot: receipt.snapshot,
        pdf: await renderReceiptPdf(receipt.snapshot),
      })),
    ),
    from: config.mail.from,
    to: live[0]?.payerEmail ?? email,
    ...(config.mail.replyTo ? { replyTo: config.mail.replyTo } : {}),
    reference: `${year}-yearly-${donorRef}`,
  })
  await deps.mailer.send(message)
  deps.process.log.info('yearly-receipts.sent', { year, receipts: live.length })
  return 'sent'
}

/** Conditional marker: true for the one caller allowed to send this donor's email. */
async function markSent(
  table: TableContext,
  year: number,
  run: number,
  donorRef: string,
): Promise<boolean> {
  try {
    await table.doc.send(
      new PutCommand({
        TableName: table.tableName,
        Item: keys.yearlyResendMarker(table.orgId, year, run, donorRef),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    )
    return true
  } catch (error) {
    if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false
    throw storeUnavailable('mark yearly resend', error)
  }
}

/** Distinct payer emails (lower case, sorted) of the year's live receipts, from the year index. */
async function liveReceiptEmails(table: TableContext, year: number): Promise<string[]> {
  const emails = new Set<string>()
  const items = queryAll(
    table,
    {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.receiptsByYear(table.orgId, year) },
      ProjectionExpression: '#r.payerEmail, #r.#s',
      ExpressionAttributeNames: { '#r': 'record', '#s': 'status' },
    },
    'list yearly emails',
  )
  for await (const item of items) {
    const record = item.record as Pick<ReceiptRecord, 'payerEmail' | 'status'>
    if (record.status === 'issued' && record.payerEmail) emails.add(record.payerEmail.toLowerCase())
  }
  return [...emails].sort()
}
