import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, inject, it } from 'vitest'

/**
 * Benchmarks cannot rot: each `npm run bench:*` runs in its small mode (BENCH_SMALL=1, a few
 * seconds) and must print its tables with a figure in every cell. What the figures are is not
 * checked here: that is for a person reading a full run (docs/benchmarks.md).
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const SCRIPTS = Object.keys(
  (JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { scripts: Record<string, string> })
    .scripts,
).filter((name) => name.startsWith('bench:'))

function runSmall(
  script: string,
  env: Record<string, string> = {},
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], {
      cwd: ROOT,
      env: {
        ...process.env,
        ...env,
        BENCH_SMALL: '1',
        NO_COLOR: '1',
        // The suite's DynamoDB Local: no JVM to start and warm up per benchmark.
        BENCH_DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    child.once('exit', (code) => resolve({ code, output }))
  })
}

/** The markdown tables of an output: header and data rows, cells trimmed. */
function tablesOf(output: string): { header: string[]; rows: string[][] }[] {
  const tables: { header: string[]; rows: string[][] }[] = []
  let current: { header: string[]; rows: string[][] } | undefined
  for (const line of output.split('\n')) {
    if (!line.startsWith('|')) {
      current = undefined
      continue
    }
    const cells = line
      .slice(1, -1)
      .split('|')
      .map((cell) => cell.trim())
    if (cells.every((cell) => /^-+$/.test(cell))) continue
    if (!current) {
      current = { header: cells, rows: [] }
      tables.push(current)
    } else current.rows.push(cells)
  }
  return tables
}

const NOT_A_FIGURE = /^(\?|-|–|)$|NaN|Infinity|undefined|null|fail|error/i

/** A cell that holds a number holds a finite one, units and thousands separators aside. */
function badCells(table: { header: string[]; rows: string[][] }): string[] {
  const bad: string[] = []
  for (const row of table.rows) {
    row.forEach((cell, column) => {
      const where = `${row[0]} / ${table.header[column]}: « ${cell} »`
      if (NOT_A_FIGURE.test(cell)) bad.push(where)
      else if (column > 0 && /\d/.test(cell)) {
        const number = Number(cell.replace(/[,\s]/g, '').replace(/(%|×|ms|s|KiB|MB|Mo)$/, ''))
        if (!Number.isFinite(number)) bad.push(where)
      }
    })
  }
  return bad
}

describe('every benchmark still runs and prints figures (small mode)', () => {
  it('finds the benchmarks in package.json', () => {
    expect(SCRIPTS).toEqual(
      expect.arrayContaining([
        'bench:bundle',
        'bench:jobs',
        'bench:pdf',
        'bench:staff',
        'bench:suite',
        'bench:webhook',
      ]),
    )
  })

  it('tells a figure from a hole', () => {
    const [table] = tablesOf(
      '| job | s | RSS |\n|---|---|---|\n| a | 1.5 | ? |\n| b | 2,048 | 3 Mo |',
    )
    expect(table && badCells(table)).toEqual(['a / RSS: « ? »'])
  })

  // bench:suite runs below, side by side, which measures this tree too.
  it.each(SCRIPTS.filter((script) => script !== 'bench:suite'))(
    '%s',
    async (script) => {
      const { code, output } = await runSmall(script)
      expect(code, output).toBe(0)
      expectFigures(output)
    },
    180_000,
  )

  it('bench:webhook measures the pipeline side by side with another checkout (BENCH_AGAINST)', async () => {
    // Against itself here: what counts is that both trees run, alternate and get their figures.
    const { code, output } = await runSmall('bench:webhook', {
      BENCH_PIPELINE_ONLY: '1',
      BENCH_AGAINST: ROOT,
    })
    expect(code, output).toBe(0)
    expectFigures(output)
    const [runs, summary] = tablesOf(output)
    expect(runs?.rows.map((row) => row[1])).toEqual(['this tree', 'other tree'])
    expect(summary?.header).toContain('difference per round (median)')
  }, 180_000)

  it('bench:suite measures npm test side by side with another checkout (BENCH_AGAINST)', async () => {
    // Against itself, as above: both trees' runs, their order, their counts and the ratios.
    const { code, output } = await runSmall('bench:suite', { BENCH_AGAINST: ROOT })
    expect(code, output).toBe(0)
    expectFigures(output)
    const [runs, summary] = tablesOf(output)
    expect(runs?.rows.map((row) => row[1])).toEqual(['this tree', 'other tree'])
    const passed = runs?.header.indexOf('tests passed') ?? -1
    for (const row of runs?.rows ?? []) expect(Number(row[passed])).toBeGreaterThan(0)
    expect(summary?.header).toContain('wall, this / other')
  }, 180_000)
})

function expectFigures(output: string): void {
  const tables = tablesOf(output)
  expect(tables.length, output).toBeGreaterThan(0)
  for (const table of tables) {
    expect(table.rows.length, output).toBeGreaterThan(0)
    expect(badCells(table), output).toEqual([])
  }
}
