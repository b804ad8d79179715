import { Readable } from 'node:stream'
import { receiptNumber } from '../../domain/receipt-number.js'
import { ledgerLines } from '../../store/ledger-lines.js'
import type { TableContext } from '../../store/table-context.js'
import type { Progress } from '../progress.js'
import { receiptsByNumber } from './receipts-by-number.js'
import { REGISTER_HEADER, registerRow } from './register-csv.js'
import { seriesNumbers } from './series-numbers.js'
import { REGISTER_PATHS, type RegisterReceipt, seriesReceipts } from './series-receipts.js'
import type { YearAudit } from './year-audit.js'

const ROWS_PER_CHUNK = 200

/**
 * The year's register as CSV bytes, produced while the audit observes every number: one pass
 * over DynamoDB gives both, and the audit is complete when the stream has ended. Rows leave in
 * chunks, so memory holds one chunk, a few BatchGet batches and one page of the register.
 */
export function registerStream(
  table: TableContext,
  year: number,
  audit: YearAudit,
  counter: number,
  progress: Progress,
): Readable {
  return Readable.from(registerChunks(table, year, audit, counter, progress))
}

async function* registerChunks(
  table: TableContext,
  year: number,
  audit: YearAudit,
  counter: number,
  progress: Progress,
): AsyncGenerator<Buffer> {
  yield Buffer.from(REGISTER_HEADER, 'utf8')
  const receipts = seriesReceipts<RegisterReceipt>(table, seriesNumbers(year, counter), {
    paths: REGISTER_PATHS,
    batchSize: 100,
    ahead: 4,
  })
  const groups = receiptsByNumber(year, counter, receipts, ledgerLines(table, year))
  let rows: string[] = []
  let numbers = 0
  for await (const group of groups) {
    audit.observe(group)
    rows.push(registerRow(group))
    if (group.inSeries) numbers += 1
    if (rows.length >= ROWS_PER_CHUNK) {
      yield Buffer.from(rows.join(''), 'utf8')
      progress.advance(numbers)
      rows = []
      numbers = 0
    }
  }
  if (rows.length > 0) yield Buffer.from(rows.join(''), 'utf8')
  progress.advance(numbers)
  const beyond = await receiptBeyondCounter(table, year, counter)
  if (beyond) audit.beyondCounter(beyond)
}

/**
 * Receipts are read by the numbers the counter allocated, so a record past the counter (a
 * counter moved back) would go unseen: the next number is probed once.
 */
async function receiptBeyondCounter(
  table: TableContext,
  year: number,
  counter: number,
): Promise<string | undefined> {
  const next = [receiptNumber(year, counter + 1)]
  for await (const found of seriesReceipts(table, next, {
    paths: ['number'],
    batchSize: 1,
    ahead: 1,
  }))
    return found.number
  return undefined
}
