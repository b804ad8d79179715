import { performance } from 'node:perf_hooks'

/**
 * `BENCH_SMALL=1`: every benchmark runs a few seconds on tiny inputs, so that the suite can check
 * it still runs and prints figures (test/bench/benchmarks-run.test.ts). Its figures mean nothing.
 */
export const SMALL = process.env.BENCH_SMALL === '1'

/** A size from the environment, else the full run's, else the small run's. */
export function benchSize(variable: string, full: number, small: number): number {
  const set = process.env[variable]
  return set ? Number(set) : SMALL ? small : full
}

/**
 * Requests a load phase makes at most. Unbounded in a full run; in a small run two per
 * connection of the small concurrency (4), because every notification a phase acknowledges is
 * then processed to the end (a receipt, its PDF and a dozen DynamoDB Local calls each): a phase
 * of 0.5 s used to leave hundreds for the run to drain, and 40 a phase still took most of it.
 */
const MAX_REQUESTS = SMALL ? 8 : Number.POSITIVE_INFINITY

export interface LoadResult {
  name: string
  requests: number
  errors: number
  seconds: number
  p50: number
  p99: number
  perSecond: number
}

/**
 * A closed-loop load generator: `concurrency` workers each run `op` back to back for
 * `durationMs`. Bounded in count and time, loopback only. The same generator drives every
 * scenario so their figures compare.
 */
export async function runLoad(
  name: string,
  concurrency: number,
  durationMs: number,
  op: (i: number) => Promise<boolean>,
): Promise<LoadResult> {
  const latencies: number[] = []
  let errors = 0
  let next = 0
  const start = performance.now()
  const deadline = start + durationMs
  const worker = async () => {
    while (performance.now() < deadline && next < MAX_REQUESTS) {
      const i = next++
      const t0 = performance.now()
      const ok = await op(i).catch(() => false)
      latencies.push(performance.now() - t0)
      if (!ok) errors++
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  const seconds = (performance.now() - start) / 1000
  return {
    name,
    requests: latencies.length,
    errors,
    seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    perSecond: latencies.length / seconds,
  }
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number
}

/** The middle value; of an even count, the mean of the middle two. NaN when there is none. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  if (sorted.length % 2 === 1) return sorted[middle] as number
  return ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

export function printTable(rows: Record<string, string | number>[]): void {
  const headers = Object.keys(rows[0] ?? {})
  const cells = rows.map((row) => headers.map((h) => String(row[h])))
  const widths = headers.map((h, i) =>
    Math.max(h.length, ...cells.map((c) => (c[i] as string).length)),
  )
  const line = (values: string[]) =>
    `| ${values.map((v, i) => v.padEnd(widths[i] as number)).join(' | ')} |`
  console.info(line(headers))
  console.info(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`)
  for (const c of cells) console.info(line(c))
}
