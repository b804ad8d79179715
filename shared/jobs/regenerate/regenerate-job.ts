import type { ChunkResult } from '../../domain/job-run.js'
import { receiptNumber } from '../../domain/receipt-number.js'
import { readCounter } from '../../store/counter-store.js'
import { receiptsByNumbers } from '../../store/receipt-queries.js'
import { type JobDefinition, sequenceChunks } from '../job-definition.js'
import { checkReceiptPdf, receiptPdfPath } from './check-receipt-pdf.js'

export interface RegenerateParams {
  year: number
}

/** Receipts per chunk: one BatchGet pair and a few seconds of rendering. */
export const REGENERATE_CHUNK_SIZE = 200

/**
 * Rebuilds every PDF of a year from its frozen snapshot, writes it to the job output, and
 * checks it against the hash recorded when it was sent. Never writes to a receipt: numbers and
 * snapshots stay as issued (corrections go through cancel-and-reissue).
 */
export const regenerateJob: JobDefinition<RegenerateParams> = {
  kind: 'regenerate',
  paramsKey: ({ year }) => String(year),
  async plan(deps, { year }) {
    // The series is gap-free, so `1..counter` is every receipt of the year, in order.
    const last = await readCounter(deps.process.table, year)
    return sequenceChunks(last, REGENERATE_CHUNK_SIZE)
  },
  async runChunk(deps, { year }, chunk) {
    const numbers: string[] = []
    for (let sequence = Number(chunk.first); sequence <= Number(chunk.last); sequence++)
      numbers.push(receiptNumber(year, sequence))
    const receipts = await receiptsByNumbers(deps.process.table, numbers)
    const result: ChunkResult = { counts: {}, findings: [] }
    const count = (name: string) => {
      result.counts[name] = (result.counts[name] ?? 0) + 1
    }
    const found = new Set(receipts.map((receipt) => receipt.number))
    for (const number of numbers) {
      if (found.has(number)) continue
      count('missing')
      result.findings.push({ key: number, kind: 'missing', detail: 'no receipt has this number' })
    }
    for (const receipt of receipts) {
      const check = await checkReceiptPdf(receipt)
      await deps.files.write(receiptPdfPath(receipt), check.pdf)
      count('written')
      count(check.outcome)
      if (check.finding) result.findings.push(check.finding)
    }
    return result
  },
}
