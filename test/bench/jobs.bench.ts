import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { defaultAssociationConfig } from '../../shared/config/default-association-config.js'
import { createDynamoDbClients } from '../../shared/store/create-dynamodb-clients.js'
import { ensureTable } from '../../shared/store/ensure-table.js'
import type { TableContext } from '../../shared/store/table-context.js'
import { seedReceipts } from '../support/seed-receipts.js'
import { benchDynamoDb } from './bench-dynamodb.js'
import { benchSize, printTable } from './load.js'

/**
 * `npm run bench:jobs`: the yearly jobs over 10 000 receipts in DynamoDB Local, each run as
 * the treasurer runs it (`npm run receipts -- <job> --year 2025`, a fresh process), so the
 * time includes start-up and the peak RSS is the job's own (getrusage, printed by the CLI).
 */
const RECEIPTS = benchSize('BENCH_RECEIPTS', 10_000, 8)
const YEAR = 2025
const ROOT = new URL('../../', import.meta.url).pathname
const NAMES: [string, string][] = [
  ['Martin', 'Camille'],
  ['Nguyễn-Ødegård', 'Łucja'],
  ['Dubois', 'Hugo'],
  ['Haddad', 'Aïcha'],
]
const JOBS: { job: string; target: string }[] = [
  { job: 'regenerate', target: '≤ 60 s, RSS ≤ 300 MB' },
  { job: 'declaration', target: '≤ 10 s' },
  { job: 'archive', target: '' },
]

async function main(): Promise<void> {
  const dynamo = await benchDynamoDb()
  const { client, doc } = createDynamoDbClients({ endpoint: dynamo.endpoint, region: 'eu-west-3' })
  const tableName = dynamo.tableName('bench-jobs')
  await ensureTable(client, tableName)
  const table: TableContext = { doc, tableName, orgId: defaultAssociationConfig.id }
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-jobs-'))
  const seedStart = performance.now()
  await seedReceipts(table, {
    year: YEAR,
    count: RECEIPTS,
    name: (i) => NAMES[i % NAMES.length] as [string, string],
  })
  const seedSeconds = (performance.now() - seedStart) / 1000
  const env = { DYNAMODB_ENDPOINT: dynamo.endpoint, TABLE_NAME: tableName, DATA_DIR: dataDir }
  const rows = []
  const only = process.env.BENCH_JOBS?.split(',')
  const jobs = JOBS.filter((j) => !only || only.includes(j.job))
  for (const { job } of jobs) {
    const started = performance.now()
    const output = await runCli([job, '--year', String(YEAR)], env)
    const seconds = (performance.now() - started) / 1000
    // The CLI's last line: « Terminé en 3 s, mémoire au plus haut 142 Mo. »
    const peak = /mémoire au plus haut (\d+) Mo/.exec(output)?.[1]
    if (!peak) throw new Error(`${job}: the CLI did not print its peak memory:\n${output}`)
    rows.push({
      job,
      items: RECEIPTS,
      seconds: seconds.toFixed(1),
      'items/s': (RECEIPTS / seconds).toFixed(0),
      'peak RSS MB': peak,
    })
  }
  console.info(
    `Seeded ${RECEIPTS} receipts of ${YEAR} in ${seedSeconds.toFixed(0)} s; each job is one \`npm run receipts\` process (start-up included).\n`,
  )
  printTable(rows)
  for (const { job, target } of jobs) if (target) console.info(`target for ${job}: ${target}`)
  await rm(dataDir, { recursive: true, force: true })
  await dynamo.stop()
  process.exit(0)
}

function runCli(args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = ''
    // Through npm, exactly as the README says: the script sets the CLI's heap limit.
    const child = spawn('npm', ['run', '--silent', 'receipts', '--', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    child.once('exit', (code) =>
      code === 0 || code === 2
        ? resolve(output)
        : reject(new Error(`${args[0]} exited ${code}:\n${output}`)),
    )
  })
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
