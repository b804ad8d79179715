import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { loadavg } from 'node:os'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { benchSize, median, printTable, SMALL } from './load.js'

/**
 * `npm run bench:suite`: how long `npm test` takes, as a fresh clone runs it (no durations
 * cached by an earlier run), in wall time and in CPU (every process of the run: vitest, its
 * workers, the JVMs, Chromium and the tools the tests start).
 *
 * `BENCH_AGAINST=<another checkout>` (with its node_modules: `npm ci` there) measures that tree
 * too, the two alternating round by round and who goes first alternating as well: the same tree
 * moves by 15 % from one hour to the next on a shared machine, so only trees measured side by
 * side compare. `BENCH_ROUNDS` rounds (2 by default).
 *
 * `BENCH_SMALL=1` (the suite's own check) runs one small test file of this tree on the suite's
 * DynamoDB Local (`BENCH_DYNAMODB_ENDPOINT`), and keeps the cached durations: the suite running
 * it owns them.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const AGAINST = process.env.BENCH_AGAINST
const ROUNDS = benchSize('BENCH_ROUNDS', 2, 1)
const SMALL_RUN_FILE = 'test/domain/canonical-json.test.ts'
/** Clock ticks per second of /proc's times: 100 on every Linux this runs on. */
const TICKS_PER_SECOND = 100

interface Tree {
  name: string
  dir: string
  walls: number[]
  cpus: number[]
}

interface SuiteRun {
  wallSeconds: number
  cpuSeconds: number
  passed: number
  failed: number
  code: number | null
}

async function main(): Promise<void> {
  const trees: Tree[] = [{ name: 'this tree', dir: ROOT, walls: [], cpus: [] }]
  if (AGAINST) trees.push({ name: 'other tree', dir: resolve(AGAINST), walls: [], cpus: [] })
  const rows: Record<string, string | number>[] = []
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? trees : [...trees].reverse()
    for (const tree of order) {
      const run = await runSuite(tree.dir)
      tree.walls.push(run.wallSeconds)
      tree.cpus.push(run.cpuSeconds)
      rows.push({
        round: round + 1,
        tree: tree.name,
        'npm test wall s': run.wallSeconds.toFixed(1),
        'CPU s (every process)': run.cpuSeconds.toFixed(1),
        'tests passed': run.passed,
        failed: run.failed,
        'exit code': String(run.code),
      })
    }
  }
  console.info('')
  printTable(rows)
  if (trees.length === 2) printComparison(trees as [Tree, Tree])
  const failedRuns = rows.filter((row) => row['exit code'] !== '0').length
  if (failedRuns > 0) {
    // A failed run stops early: its time is no figure of the suite.
    console.error(`\n${failedRuns} run(s) of npm test failed: their times do not count.`)
    process.exitCode = 1
  }
  console.info(
    `\n${SMALL ? `Small run: ${SMALL_RUN_FILE} only, durations cache kept` : 'Each run without cached durations, as a fresh clone'}; load average ${loadavg()[0]?.toFixed(1)} at the end.`,
  )
}

function printComparison([self, other]: [Tree, Tree]): void {
  const ratio = (mine: number[], theirs: number[]) =>
    `${((median(mine) / median(theirs)) * 100).toFixed(0)} %`
  console.info('')
  printTable([
    {
      'this tree, median wall s': median(self.walls).toFixed(1),
      'other tree, median wall s': median(other.walls).toFixed(1),
      'wall, this / other': ratio(self.walls, other.walls),
      'CPU, this / other': ratio(self.cpus, other.cpus),
    },
  ])
}

/** One `npm test` in `dir`, its output kept for the counts and shown only if it failed. */
async function runSuite(dir: string): Promise<SuiteRun> {
  if (!SMALL) await rm(join(dir, 'node_modules/.vite/vitest'), { recursive: true, force: true })
  const args = SMALL ? ['test', '--', SMALL_RUN_FILE] : ['test']
  const cpuBefore = childrenCpuSeconds()
  const started = performance.now()
  const { code, output } = await spawnCollecting('npm', args, dir, suiteEnv())
  const wallSeconds = (performance.now() - started) / 1000
  const counts = testCounts(output)
  if (code !== 0) console.error(output.slice(-4_000))
  return { wallSeconds, cpuSeconds: childrenCpuSeconds() - cpuBefore, code, ...counts }
}

/**
 * The environment a person's shell would give `npm test`. None of the variables of the vitest
 * run this benchmark may itself run under (the small run in the suite), which would make the
 * run take itself for one of its workers; none of this benchmark's own either, which the run's
 * benchmarks-run.test.ts would pass on to its own small run of this one.
 */
function suiteEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' }
  for (const name of Object.keys(env)) if (/^(VITEST|TEST_|BENCH_)/.test(name)) delete env[name]
  delete env.NODE_ENV
  const endpoint = process.env.BENCH_DYNAMODB_ENDPOINT
  if (SMALL && endpoint) env.TEST_DYNAMODB_ENDPOINT = endpoint
  return env
}

function spawnCollecting(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    child.once('error', reject)
    child.once('close', (code) => resolvePromise({ code, output }))
  })
}

/** vitest's summary line, « Tests  1566 passed (1566) » or « Tests  2 failed | 1564 passed ». */
function testCounts(output: string): { passed: number; failed: number } {
  const line = output.split('\n').find((l) => /^\s*Tests\s+\d/.test(l)) ?? ''
  const count = (word: string) => Number(new RegExp(`(\\d+) ${word}`).exec(line)?.[1] ?? 0)
  return { passed: count('passed'), failed: count('failed') }
}

/**
 * CPU seconds of the children this process has waited for, and of theirs (Linux's cutime and
 * cstime): `npm test` and everything it starts, once it has ended.
 */
function childrenCpuSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8')
  // The fields after the command name, which may hold spaces, closed by the last « ) ».
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
