import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { printTable } from './load.js'
import { measurePipeline, type PipelineResult } from './pipeline-throughput.js'
import type { StandInHelloAsso } from './stand-in-helloasso-process.js'

type Measure = typeof measurePipeline

interface Tree {
  name: string
  measure: Measure
  cpuMs: number[]
  perSecond: number[]
}

export interface PairedOptions {
  dynamoEndpoint: string
  /** The tables' names on it (bench-dynamodb.ts); a tree that predates this option ignores it. */
  tableName: (base: string) => string
  /** Another checkout of the project, with its node_modules (`npm ci` there, or a link). */
  againstDir: string
  orders: number
  senders: number
  rounds: number
  warmUp: boolean
  /** One stand-in HelloAsso for every run (a small run's); else each run starts its own. */
  standIn?: StandInHelloAsso
}

/**
 * `BENCH_AGAINST=<another checkout> BENCH_PIPELINE_ONLY=1 npm run bench:webhook`: this tree's
 * pipelined shape against another checkout's, in one process on one DynamoDB Local, the two
 * alternating round by round (who goes first alternates too). On this machine the figure of one
 * tree moves by a quarter within an afternoon, more than most changes move it: two runs of the
 * bench made an hour apart do not compare, two trees measured side by side do. CPU is taken
 * around each whole run, setup included, the same way for both trees (an older tree's bench
 * may not count it); the per-round difference is what to read.
 */
export async function pairedPipelines(options: PairedOptions): Promise<void> {
  const againstDir = resolve(options.againstDir)
  const url = pathToFileURL(resolve(againstDir, 'test/bench/pipeline-throughput.ts')).href
  const other = (await import(url)) as { measurePipeline: Measure }
  const trees: Tree[] = [
    { name: 'this tree', measure: measurePipeline, cpuMs: [], perSecond: [] },
    { name: 'other tree', measure: other.measurePipeline, cpuMs: [], perSecond: [] },
  ]
  let firstOrderId = 700_000
  const run = async (tree: Tree, orders: number) => {
    firstOrderId += 10_000
    const cpuAtStart = process.cpuUsage()
    const result: PipelineResult = await tree.measure({
      shape: 'numbering-serial',
      orders,
      senders: options.senders,
      dynamoEndpoint: options.dynamoEndpoint,
      tableName: options.tableName,
      standIn: options.standIn,
      firstOrderId,
    })
    const cpu = process.cpuUsage(cpuAtStart)
    return { result, cpuMs: (cpu.user + cpu.system) / 1000 / Math.max(result.receipted, 1) }
  }
  // JIT (Node's and DynamoDB Local's) and fonts, for both trees before anything counts.
  if (options.warmUp) for (const tree of trees) await run(tree, options.orders * 2)
  const rows: Record<string, string | number>[] = []
  for (let round = 0; round < options.rounds; round++) {
    const order = round % 2 === 0 ? trees : [...trees].reverse()
    for (const tree of order) {
      const { result, cpuMs } = await run(tree, options.orders)
      tree.cpuMs.push(cpuMs)
      tree.perSecond.push(result.receiptedPerSecond)
      rows.push({
        round: round + 1,
        tree: tree.name,
        receipted: result.receipted,
        'receipted/s': result.receiptedPerSecond.toFixed(1),
        'CPU ms / receipted order (whole run)': cpuMs.toFixed(1),
      })
    }
  }
  console.info(`\nThis tree against ${againstDir}, ${options.orders} orders a run:\n`)
  printTable(rows)
  const [mine, theirs] = trees as [Tree, Tree]
  const differences = mine.cpuMs.map((cpu, i) => cpu - (theirs.cpuMs[i] as number))
  console.info('')
  printTable([
    {
      'CPU ms, this tree (median)': median(mine.cpuMs).toFixed(1),
      'CPU ms, other tree (median)': median(theirs.cpuMs).toFixed(1),
      'difference per round (median)': signed(median(differences)),
      rounds: differences.length,
      'rounds this tree used less CPU': differences.filter((d) => d < 0).length,
      'receipted/s, this tree / other': (median(mine.perSecond) / median(theirs.perSecond)).toFixed(
        2,
      ),
    },
  ])
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}

function signed(value: number): string {
  return `${value > 0 ? '+' : ''}${value.toFixed(1)}`
}
