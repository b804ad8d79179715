import { rm } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { printTable } from '../bench/load.js'
import { DEFAULT_SOAK_OPTIONS, runSoak, type SoakOptions } from './run-soak.js'

/**
 * `npm run soak [-- --sales 10000 --concurrency 32 --kills 3 --seed 1 --keep]`: the chaos
 * benchmark. Prints a table; exits 1 when an invariant fails (the data is then kept).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sales: { type: 'string', short: 'n' },
      concurrency: { type: 'string', short: 'c' },
      kills: { type: 'string', short: 'k' },
      'replay-rate': { type: 'string' },
      'refund-rate': { type: 'string' },
      'mail-fault-rate': { type: 'string' },
      'helloasso-fault-every': { type: 'string' },
      seed: { type: 'string' },
      'quiet-timeout-s': { type: 'string' },
      keep: { type: 'boolean' },
    },
  })
  const number = (value: string | undefined, fallback: number) => {
    if (value === undefined) return fallback
    const parsed = Number(value)
    if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`not a number: ${value}`)
    return parsed
  }
  const d = DEFAULT_SOAK_OPTIONS
  const options: SoakOptions = {
    sales: number(values.sales, d.sales),
    concurrency: number(values.concurrency, d.concurrency),
    kills: number(values.kills, d.kills),
    replayRate: number(values['replay-rate'], d.replayRate),
    refundRate: number(values['refund-rate'], d.refundRate),
    mailFaultRate: number(values['mail-fault-rate'], d.mailFaultRate),
    helloAssoFaultEvery: number(values['helloasso-fault-every'], d.helloAssoFaultEvery),
    seed: number(values.seed, d.seed),
    quietTimeoutMs: number(values['quiet-timeout-s'], d.quietTimeoutMs / 1000) * 1000,
    keepData: true,
    progress: (line) => console.info(`[${new Date().toISOString().slice(11, 19)}] ${line}`),
  }
  const result = await runSoak(options)
  console.info('')
  printTable(result.rows.map((r) => ({ figure: r.figure, value: r.value, check: r.check })))
  console.info(
    `\nload average (1 min): ${result.loadAverage.map((l) => l.toFixed(2)).join(' → ')}; seed ${options.seed}`,
  )
  for (const line of result.details) console.info(`  ${line}`)
  if (result.failures.length > 0) {
    console.error(`\nFAILED: ${result.failures.join(', ')}`)
    console.error(`data, outbox and server log kept in ${result.dataDir}`)
    process.exitCode = 1
    return
  }
  if (values.keep) console.info(`data kept in ${result.dataDir}`)
  else await rm(result.dataDir, { recursive: true, force: true })
}

// Ctrl-C: exit through process.exit so the 'exit' hooks kill the server's process group.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130))

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error))
  process.exitCode = 1
})
