import { describe, expect, it } from 'vitest'
import { printTable } from '../bench/load.js'
import { DEFAULT_SOAK_OPTIONS, runSoak } from './run-soak.js'

/**
 * `npm run soak` in small: the same code and checks with 300 sales and one `kill -9` of the whole
 * local tree (node and DynamoDB Local's JVM), so CI proves the promises the 10 000-sale run
 * measures: every acknowledged paid order receipted and mailed once (no second copy of a
 * message either), a gap-free series, one cancellation mail per refund, never ahead of its
 * receipt, and a healthy server after the kill.
 */
describe('soak: 300 sales, replays, HelloAsso and mailer faults, refunds, one kill -9', () => {
  it('loses nothing, doubles nothing (second copies included), leaves no gap, mails one cancellation per refund after its receipt and restarts healthy', async () => {
    const result = await runSoak({
      ...DEFAULT_SOAK_OPTIONS,
      sales: 300,
      concurrency: 16,
      kills: 1,
      quietTimeoutMs: 240_000,
      seed: 300,
    })
    printTable(result.rows.map((r) => ({ figure: r.figure, value: r.value, check: r.check })))

    const { figures } = result
    expect(figures.acknowledged).toBe(300)
    expect(figures.missing).toBe(0)
    expect(figures.duplicates).toBe(0)
    expect(figures.gaps).toBe(0)
    expect(figures.receipts).toBe(300)
    expect(figures.refunds).toBeGreaterThan(0)
    expect(figures.cancellationMails).toBe(figures.refunds)
    // One email per sending even across the kill: no message written twice, and no
    // cancellation notice ahead of the receipt it cancels.
    expect(figures.writtenAgain).toBe(0)
    expect(figures.noticesFirst).toBe(0)
    expect(figures.healthyRestarts).toBe(1)
    // Every invariant of the table (quiet at the end, mails to the right payer too), with examples.
    expect(result.failures, result.details.join('\n')).toEqual([])
  }, 600_000)
})
