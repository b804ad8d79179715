import { statfsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { printTable } from '../bench/load.js'
import { DEFAULT_SOAK_OPTIONS, runSoak } from './run-soak.js'

/**
 * `npm run soak` in small: the same code and checks with 150 sales and one `kill -9` of the whole
 * local tree (node and DynamoDB Local's JVM), so CI proves the promises the 10 000-sale run
 * measures: every acknowledged paid order receipted and mailed once (no second copy of a
 * message either), a gap-free series, one cancellation mail per refund, never ahead of its
 * receipt, and a healthy server after the kill.
 */
/**
 * /dev/shm when it has room: DynamoDB Local's SQLite file syncs every write, which costs a
 * tenth of the run on a disk and nothing in memory. A kill -9 of the processes leaves the files
 * either way, which is all the restart needs.
 */
function memoryBackedFolder(): string | undefined {
  try {
    const { bavail, bsize } = statfsSync('/dev/shm')
    return bavail * bsize > 1024 ** 3 ? '/dev/shm' : undefined
  } catch {
    return undefined
  }
}

describe('soak: 150 sales, replays, HelloAsso and mailer faults, refunds, one kill -9', () => {
  it('loses nothing, doubles nothing (second copies included), leaves no gap, mails one cancellation per refund after its receipt and restarts healthy', async () => {
    const result = await runSoak({
      ...DEFAULT_SOAK_OPTIONS,
      // Half the sales of before, twice the refund rate: as many refunds (the run's rarest case),
      // and the numbering lane, the run's bound at about 11 numbers a second, has half the work.
      sales: 150,
      refundRate: 0.06,
      concurrency: 16,
      kills: 1,
      quietTimeoutMs: 240_000,
      // The claims the kill leaves are waited out in 8 s rather than 30: still a hundred times a
      // render's time here, and the run's tail was that wait.
      deliveryLeaseMs: 8_000,
      // Quiet is pending work gone (the real signal) and the outbox unchanged for 2 s, not 5.
      settleMs: 2_000,
      dataParent: memoryBackedFolder(),
      seed: 300,
    })
    printTable(result.rows.map((r) => ({ figure: r.figure, value: r.value, check: r.check })))

    const { figures } = result
    expect(figures.acknowledged).toBe(150)
    expect(figures.missing).toBe(0)
    expect(figures.duplicates).toBe(0)
    expect(figures.gaps).toBe(0)
    expect(figures.receipts).toBe(150)
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
