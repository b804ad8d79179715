import { createHash } from 'node:crypto'
import type { ReceiptRecord } from '../../domain/records.js'
import { renderReceiptPdf } from '../../receipts/render-receipt-pdf.js'
import { readCounter } from '../../store/counter-store.js'
import { declarationMeta } from '../declaration/build-declaration.js'
import { declarationCsv } from '../declaration/declaration-csv.js'
import { MAX_LISTED_PROBLEMS } from '../declaration/declaration-report.js'
import { declarationSummary } from '../declaration/declaration-summary.js'
import { registerStream } from '../declaration/register-stream.js'
import { seriesNumbers } from '../declaration/series-numbers.js'
import { seriesReceipts } from '../declaration/series-receipts.js'
import { createYearAudit } from '../declaration/year-audit.js'
import type { JobDeps } from '../job-deps.js'
import { type Progress, silentProgress } from '../progress.js'
import type { ArchiveReport } from './archive-report.js'
import { StreamingZip } from './streaming-zip.js'

export const archivePath = (year: number) => `archives/recus-fiscaux-${year}.zip`

/** Whole receipts read per BatchGet: a batch holds their snapshots while they are rendered. */
const RECEIPTS_PER_BATCH = 25

/**
 * `receipts archive --year Y`: one ZIP holding every receipt of the year as issued
 * (`recus/<number>.pdf`, cancelled and replaced included: they were issued, and receipts are
 * kept six years, LPF L 102 B), the register, the declaration (CSV and printable text) and a
 * SHA256SUMS manifest. PDFs are rendered from their frozen snapshots one at a time and
 * streamed into the ZIP: only ZIP's central directory grows with the year (see StreamingZip).
 */
export async function writeArchive(
  deps: JobDeps,
  year: number,
  progress: Progress = silentProgress,
): Promise<ArchiveReport> {
  const zip = new StreamingZip()
  const writing = deps.files.writeStream(archivePath(year), zip.output).catch((error: Error) => {
    zip.abort(error)
    throw error
  })
  // Awaited below; until then a failing writer must not count as an unhandled rejection.
  writing.catch(() => {})
  try {
    const filled = await fill(deps, year, zip, progress)
    zip.end()
    await writing
    deps.process.log.info('archive.written', { year, receipts: filled.receipts, bytes: zip.bytes })
    return {
      year,
      path: deps.files.locate(archivePath(year)),
      bytes: zip.bytes,
      sha256: zip.sha256,
      ...filled,
    }
  } catch (error) {
    zip.abort(error as Error)
    await writing.catch(() => {})
    throw error
  }
}

async function fill(deps: JobDeps, year: number, zip: StreamingZip, progress: Progress) {
  const table = deps.process.table
  const counter = await readCounter(table, year)
  const now = deps.process.now()
  progress.start(counter, 0)
  const pdfs = await addReceiptPdfs(deps, seriesNumbers(year, counter), zip, progress)
  progress.finish()
  // A second pass over the year for the register: PDFs and CSV cannot interleave in a ZIP.
  const audit = createYearAudit(year, counter)
  await zip.addStream(
    `registre-${year}.csv`,
    registerStream(table, year, audit, counter, silentProgress),
    now,
  )
  const result = audit.result()
  const meta = declarationMeta(deps)
  await zip.addBytes(`declaration-${year}.csv`, utf8(declarationCsv(result, meta)), now)
  await zip.addBytes(`declaration-${year}.txt`, utf8(declarationSummary(result, meta)), now)
  await zip.addBytes('SHA256SUMS', utf8(zip.manifest()), now)
  return { receipts: pdfs.receipts, checksOk: result.ok, pdfs: pdfs.sent }
}

async function addReceiptPdfs(
  deps: JobDeps,
  numbers: Iterable<string>,
  zip: StreamingZip,
  progress: Progress,
) {
  const sent = { identical: 0, different: [] as string[], differentCount: 0, neverSent: 0 }
  let receipts = 0
  const records = seriesReceipts(deps.process.table, numbers, {
    batchSize: RECEIPTS_PER_BATCH,
    ahead: 1,
  })
  for await (const { number, record } of records) {
    const pdf = await renderReceiptPdf(record.snapshot)
    compareWithSent(record, pdf, sent)
    await zip.addBytes(`recus/${number}.pdf`, pdf, new Date(record.issuedAt))
    receipts += 1
    progress.advance(1)
  }
  return { receipts, sent }
}

/** The archive must hold what the donor received: the rendering is checked against the email's hash. */
function compareWithSent(receipt: ReceiptRecord, pdf: Uint8Array, sent: ArchiveReport['pdfs']) {
  const recorded = receipt.delivery.pdfSha256
  if (!recorded) {
    sent.neverSent += 1
    return
  }
  if (createHash('sha256').update(pdf).digest('hex') === recorded) {
    sent.identical += 1
    return
  }
  sent.differentCount += 1
  if (sent.different.length < MAX_LISTED_PROBLEMS) sent.different.push(receipt.number)
}

function utf8(text: string): Uint8Array {
  return Buffer.from(text, 'utf8')
}
