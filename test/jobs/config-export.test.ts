import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { AssociationConfig } from '../../shared/config/association-config-schema.js'
import { loadAssociationConfig } from '../../shared/config/load-association-config.js'
import { entryPointArgs } from '../support/entry-bundles.js'
import { loadFixture, orderFromNotification } from '../support/fixtures.js'
import { useFakeHelloAsso } from '../support/flow-harness.js'
import { testConfigWithIndividualTierMatch } from '../support/test-association-config.js'
import { createTestRuntime, STAFF_TEST_TOKEN, type TestRuntime } from '../support/test-runtime.js'

/**
 * `npm run receipts -- config export`, as the treasurer types it, after a tier was attached from
 * the staff page: the file it writes holds the mapping in `tiers[].match.tierIds`.
 */
const ROOT = new URL('../../', import.meta.url).pathname
const { fake } = useFakeHelloAsso()
const order = orderFromNotification(loadFixture('01_order_membership_individual_50eur_with_tip'))

let folder: string
let configPath: string
let runtime: TestRuntime

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'config-export-'))
  configPath = join(folder, 'association.json')
  await writeFile(configPath, JSON.stringify(testConfigWithIndividualTierMatch(), null, 2))
  runtime = await createTestRuntime({ config: testConfigWithIndividualTierMatch() })
  fake.putOrder(order)
  await runtime.post({ eventType: 'Order', data: order })
  await runtime.settle()
  const [review] = await runtime.reviews()
  const mapped = await runtime.runtime.app.request(`/staff/api/review/${review?.id}/map-tier`, {
    method: 'POST',
    headers: { authorization: `Bearer ${STAFF_TEST_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ tierKey: 'individuelle' }),
  })
  expect(mapped.status).toBe(200)
  await runtime.settle()
})
afterAll(async () => {
  await runtime?.stop()
  await rm(folder, { recursive: true, force: true })
})

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { DYNAMODB_ENDPOINT: _, ...inherited } = process.env
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...entryPointArgs('functions/jobs/cli.ts'), ...args], {
      cwd: ROOT,
      env: {
        ...inherited,
        DATA_DIR: folder,
        DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
        TABLE_NAME: runtime.runtime.table.tableName,
        ASSOCIATION_CONFIG: configPath,
        HELLOASSO_CLIENT_ID: 'fake-client-id',
        HELLOASSO_CLIENT_SECRET: 'fake-client-secret',
        HELLOASSO_API_URL: 'http://127.0.0.1:9/v5',
        HELLOASSO_TOKEN_URL: 'http://127.0.0.1:9/oauth2/token',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.once('exit', (code) => resolve({ code, stdout, stderr }))
  })
}

describe('npm run receipts -- config export', () => {
  it('writes the configuration with the attached tier in tiers[].match.tierIds', async () => {
    const outPath = join(folder, 'exportee.json')
    const run = await cli(['config', 'export', '--out', outPath])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(
      `Configuration écrite dans ${outPath} (depuis ${configPath}) : 1 rattachement ajouté.`,
    )
    expect(run.stdout).toContain(
      'id HelloAsso 16402811 (« Adhésion individuelle », 50,00 €) → palier « individuelle », rattaché le',
    )
    const written = JSON.parse(await readFile(outPath, 'utf8')) as ReturnType<
      typeof testConfigWithIndividualTierMatch
    >
    const tier = written.tiers.find((t) => t.key === 'individuelle')
    expect(tier?.match).toEqual({ tierIds: [16409999, 16402811], labels: ['Adhésion solo'] })
    // Everything else as the treasurer wrote it.
    const { tiers: _a, ...rest } = written
    const { tiers: _b, ...before } = testConfigWithIndividualTierMatch()
    expect(rest).toEqual(before)
    // The exported file alone now matches the payment, with no table to help.
    const exported: AssociationConfig = loadAssociationConfig(outPath).config
    expect(exported.tiers.find((t) => t.match.tierIds.includes(16402811))?.key).toBe('individuelle')
  }, 120_000)

  it('never overwrites a file, and refuses an unknown sub-command', async () => {
    const run = await cli(['config', 'export', '--out', configPath])
    expect(run.code).toBe(64)
    expect(run.stdout).toContain(`${configPath} existe déjà : rien n’a été écrit.`)
    expect(JSON.parse(await readFile(configPath, 'utf8'))).toEqual(
      testConfigWithIndividualTierMatch(),
    )
    const unknown = await cli(['config', 'import'])
    expect(unknown.code).toBe(64)
    expect(unknown.stdout).toContain('Sous-commande inconnue : « import ».')
  }, 120_000)
})

describe('npm run receipts -- check-config, with a data set', () => {
  it('lists the tier attached from the staff page, read from the data set', async () => {
    const run = await cli(['check-config', '--config', configPath])
    expect(run.stdout).toMatch(
      /^OK {7}Palier HelloAsso « Adhésion individuelle » \(id 16402811, 50,00 €\) rattaché au palier individuelle depuis la page de l’équipe, par .+ le \d\d\/\d\d\/\d{4}/m,
    )
    // The stand-in address of HelloAsso answers nothing here: the live comparison says so.
    expect(run.stdout).toContain('Comparaison avec les formulaires HelloAsso impossible')
    expect(run.code).toBe(2)
  }, 120_000)
})
