import type { ChunkResult } from '../../domain/job-run.js'
import { taxYearOf } from '../../domain/paris-time.js'
import { donorsWithAvailablePayments } from '../../store/eligible-payment-queries.js'
import type { JobDefinition } from '../job-definition.js'
import { availableByDonor, donorChunks } from './available-by-donor.js'
import { type DonorOutcome, issueDonorSummaries } from './issue-donor-summary.js'

export interface AnnualParams {
  year: number
}

/**
 * Summary receipts are issued once the tax year has ended (Europe/Paris): a run before would
 * leave later payments of the year to a second receipt, and « cumul » would then be wrong.
 * Returns the reason when `year` is not over at `now`.
 */
export function yearNotOver(year: number, now: Date): string | undefined {
  return taxYearOf(now) <= year
    ? `the tax year ${year} is not over (Europe/Paris): summary receipts are issued once it has ended`
    : undefined
}

/** Donors per chunk: one transaction and one queued email each. */
export const ANNUAL_CHUNK_DONORS = 25

/**
 * `receipts annual --year Y`: one summary receipt per donor (and form) for every payment of
 * tax year Y that no receipt covers yet, numbered in the year's single series. Running it again
 * only picks up what is still uncovered (late payments, payments freed by a refund), and a
 * chunk redone after a crash issues nothing twice: each payment's claim is written with its
 * receipt, in the same transaction.
 */
export const annualJob: JobDefinition<AnnualParams> = {
  kind: 'annual',
  paramsKey: ({ year }) => String(year),
  async plan(deps, { year }) {
    const donors = await donorsWithAvailablePayments(deps.process.table, year)
    return donorChunks(donors, ANNUAL_CHUNK_DONORS)
  },
  async runChunk(deps, { year }, chunk) {
    const donors = await availableByDonor(deps.process.table, year, chunk)
    const result: ChunkResult = { counts: {}, findings: [] }
    const add = (name: string, value = 1) => {
      result.counts[name] = (result.counts[name] ?? 0) + value
    }
    // Planned donors found with nothing left were covered meanwhile (a redone chunk).
    if (chunk.size > donors.size) add('nothing-left', chunk.size - donors.size)
    for (const [donorKey, payments] of donors) {
      for (const outcome of await issueDonorSummaries(deps.process, year, donorKey, payments)) {
        count(outcome, add)
        const finding = findingOf(donorKey, outcome)
        if (finding) result.findings.push(finding)
      }
    }
    return result
  },
}

function count(outcome: DonorOutcome, add: (name: string, value?: number) => void): void {
  add(outcome.kind)
  if (outcome.kind !== 'issued') return
  add('payments', outcome.payments)
  add('amountCents', outcome.amountCents)
}

/** Ids and counts only: donor keys are hashes, never names or emails (invariant 9). */
function findingOf(donorKey: string, outcome: DonorOutcome) {
  if (outcome.kind === 'too-many')
    return {
      key: donorKey,
      kind: 'too-many-payments',
      detail: `${outcome.payments} payments do not fit one transaction; review item opened`,
    }
  if (outcome.kind === 'conflict')
    return {
      key: donorKey,
      kind: 'conflict',
      detail: 'payments kept changing while issuing; run the job again',
    }
  return undefined
}
