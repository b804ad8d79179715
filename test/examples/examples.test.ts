import { type ChildProcess, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, inject, it } from 'vitest'
import type * as z from 'zod'
import type { AssociationConfigSchema } from '../../shared/config/association-config-schema.js'
import { defaultAssociationConfig } from '../../shared/config/default-association-config.js'
import {
  parseAssociationConfig,
  placeholderFields,
} from '../../shared/config/load-association-config.js'
import type { Order } from '../../shared/helloasso/schemas.js'
import { entryPointArgs } from '../support/entry-bundles.js'
import { type FakeHelloAssoServer, serveFakeHelloAsso } from '../support/fake-helloasso-server.js'
import { loadFixture, orderFromNotification } from '../support/fixtures.js'
import { aForm, aTier } from '../support/live-forms.js'

/** examples/: each file is valid, and the first two run the real `npm start` in verified mode. */
type ConfigInput = z.input<typeof AssociationConfigSchema>

const ROOT = new URL('../../', import.meta.url).pathname
const example = (name: string) =>
  JSON.parse(readFileSync(join(ROOT, 'examples', name), 'utf8')) as ConfigInput

describe('examples/', () => {
  it('le-labo-de-l-ess.json is the built-in profile, placeholders included', () => {
    const file = parseAssociationConfig(example('le-labo-de-l-ess.json'), 'example')
    expect(file).toEqual(parseAssociationConfig(defaultAssociationConfig, 'built-in'))
    expect(placeholderFields(file)).toEqual([
      'association.registrationNumber',
      'association.address.postalCode',
      'mail.from',
      'association.address.street',
      'association.signatory.name',
    ])
  })

  it('amis-de-la-mediatheque.json: donations with free amounts, one membership tier, company fields', () => {
    const file = parseAssociationConfig(example('amis-de-la-mediatheque.json'), 'example')
    expect(file.tiers).toHaveLength(1)
    expect(file.donations.eligible).toBe(true)
    expect(Object.keys(file.helloAsso.companyFields)).toEqual(['companyName', 'siren', 'legalForm'])
    expect(placeholderFields(file)).toEqual([
      'association.registrationNumber',
      'mail.from',
      'association.address.street',
      'association.signatory.name',
    ])
  })

  it('club-sportif.json: a membership that buys the use of facilities gives no receipt', () => {
    const file = parseAssociationConfig(example('club-sportif.json'), 'example')
    expect(file.tiers).toHaveLength(1)
    expect(file.tiers[0]).toMatchObject({ receipt: { kind: 'none' } })
    expect(file.donations.eligible).toBe(false)
  })
})

/** What the treasurer types in place of « À renseigner ». */
function filled(config: ConfigInput): ConfigInput {
  return {
    ...config,
    association: {
      ...config.association,
      registrationNumber: { kind: 'SIREN', value: '812345678' },
      address: { ...config.association.address, street: '12 rue des Tests', postalCode: '75011' },
      signatory: { ...config.association.signatory, name: 'Dominique Exemple' },
      // No signature image in the examples: the receipt is signed with the typed name, said so.
      typedSignature: true,
    },
    // The examples' sender is at example.org, reserved: a real association sends from its own domain.
    mail: { ...config.mail, from: `${config.association.name} <recus@asso-exemple.fr>` },
  }
}

function orderFor(slug: string, fixture: string, edit: (order: Order) => Order): Order {
  const order = orderFromNotification(loadFixture(fixture))
  return edit({ ...order, organizationSlug: slug })
}

let running: { child: ChildProcess; exited: Promise<number | null> }[] = []
let stand: FakeHelloAssoServer | undefined
afterEach(async () => {
  for (const server of running) {
    server.child.kill('SIGINT')
    await server.exited
  }
  running = []
  await stand?.close()
  stand = undefined
})

interface Place {
  dataDir: string
  tableName: string
}

/**
 * `npm start` with the example as ASSOCIATION_CONFIG, verified against the stand-in HelloAsso.
 * Given the `place` of a previous start, it starts again on the same data. Its table is on the
 * run's DynamoDB Local (DYNAMODB_ENDPOINT, as with a database already running): the examples
 * are about the configuration, and test/functions/local-server.test.ts starts npm start's own.
 */
async function startVerified(config: ConfigInput, place?: Place) {
  stand ??= await serveFakeHelloAsso()
  const here = place ?? {
    dataDir: await mkdtemp(join(tmpdir(), 'example-')),
    tableName: `test-${randomUUID()}`,
  }
  await writeFile(join(here.dataDir, 'association.json'), JSON.stringify(config))
  let output = ''
  const child = spawn(process.execPath, entryPointArgs('functions/local/server.ts'), {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      DATA_DIR: here.dataDir,
      DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
      TABLE_NAME: here.tableName,
      ASSOCIATION_CONFIG: join(here.dataDir, 'association.json'),
      WEBHOOK_SECRET: 'example-secret',
      STAFF_TOKEN: 'example-staff-token-long-enough',
      HELLOASSO_API_URL: stand.apiUrl,
      HELLOASSO_TOKEN_URL: stand.tokenUrl,
      HELLOASSO_CLIENT_ID: stand.fake.clientId,
      HELLOASSO_CLIENT_SECRET: stand.fake.clientSecret,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout?.on('data', (chunk) => (output += chunk))
  child.stderr?.on('data', (chunk) => (output += chunk))
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
  const handle = { child, exited }
  running.push(handle)
  const url = await waitFor('listening', () => /Listening on (http:\/\/[\d.:]+)/.exec(output)?.[1])
  const outbox = join(here.dataDir, 'outbox')
  const emails = async () =>
    (await readdir(outbox).catch(() => [])).filter((n) => n.endsWith('.eml')).sort()
  return {
    place: here,
    fake: stand.fake,
    output: () => output,
    post: (order: Order) =>
      fetch(`${url}/webhooks/helloasso/example-secret`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ eventType: 'Order', data: order }),
      }),
    async reviews() {
      const response = await fetch(`${url}/staff/api/review`, {
        headers: { authorization: 'Bearer example-staff-token-long-enough' },
      })
      return ((await response.json()) as { items: { reasons: string[] }[] }).items
    },
    emails,
    /** The `count`-th email, once it is written. */
    email: (count = 1) =>
      waitFor(`email ${count}`, async () => {
        const name = (await emails())[count - 1]
        return name ? readFile(join(outbox, name), 'utf8') : undefined
      }),
    async stop() {
      child.kill('SIGINT')
      expect(await exited).toBe(0)
      running = running.filter((r) => r !== handle)
    },
  }
}

describe('the examples run the real server, verified, to an emailed receipt', () => {
  it('le-labo-de-l-ess.json: a « Base » membership; then an unknown tier, receipted once after the file is fixed and the server restarted', async () => {
    const server = await startVerified(filled(example('le-labo-de-l-ess.json')))
    const order = orderFor(
      'le-labo-de-l-ess',
      '01_order_membership_individual_50eur_with_tip',
      (o) => ({
        ...o,
        items: o.items.map((i) => ({ ...i, name: 'Base', tierId: 17000001 })),
      }),
    )
    server.fake.putOrder(order)
    expect((await server.post(order)).status).toBe(200)
    const email = await server.email()
    expect(email).toMatch(/recu-fiscal-2025-00001\.pdf/)
    expect(email).not.toMatch(/SPECIMEN/)
    expect(server.output()).not.toMatch(/unverified mode/)
    // No form of the Labo on the stand-in: the start-up check says so, and the server still runs.
    expect(server.output()).toMatch(
      /ATTENTION : la configuration ne correspond pas aux formulaires HelloAsso/,
    )

    // A tier the file does not know waits in review; its label added, a restart receipts it once.
    const solidaire = orderFor('le-labo-de-l-ess', '02_order_membership_reduced_25eur', (o) => ({
      ...o,
      items: o.items.map((i) => ({ ...i, name: 'Tarif solidaire', tierId: 17000002 })),
    }))
    server.fake.putOrder(solidaire)
    expect((await server.post(solidaire)).status).toBe(200)
    const [review] = await waitFor('the review item', async () => {
      const items = await server.reviews()
      return items.length > 0 ? items : undefined
    })
    expect(review?.reasons).toEqual(['tier-unknown'])
    await server.stop()
    const fixed = filled(example('le-labo-de-l-ess.json'))
    fixed.tiers.find((t) => t.key === 'reduit')?.match.labels?.push('Tarif solidaire')
    const again = await startVerified(fixed, server.place)
    expect(await again.email(2)).toMatch(/recu-fiscal-2025-00002\.pdf/)
    expect(again.output()).toMatch(/1 élément\(s\) à vérifier analysé\(s\) de nouveau/)
    expect(await again.reviews()).toEqual([])
    expect(await again.emails()).toHaveLength(2)
  }, 300_000)

  it('amis-de-la-mediatheque.json: a free-amount donation', async () => {
    const slug = 'amis-de-la-mediatheque-de-saillans'
    const server = await startVerified(filled(example('amis-de-la-mediatheque.json')))
    server.fake.putForm(
      aForm('adhesion', [aTier(18000001, 'Adhésion annuelle', 1500)], { organizationSlug: slug }),
    )
    const order = orderFor(slug, '16_order_donation_form', (o) => o)
    server.fake.putOrder(order)
    expect((await server.post(order)).status).toBe(200)
    const email = await server.email()
    expect(email).toMatch(/recu-fiscal-2025-00001\.pdf/)
    expect(email).not.toMatch(/SPECIMEN/)
  }, 180_000)
})

async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 90_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const value = await probe()
    if (value !== undefined) return value
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`timed out waiting for ${what}`)
}
