import { type ChildProcess, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ScanCommand } from '@aws-sdk/lib-dynamodb'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { createDynamoDbClients } from '../../shared/store/create-dynamodb-clients.js'
import { type EntryPoint, entryPointArgs } from '../support/entry-bundles.js'

/**
 * Issue 19, point 7: a data set knows itself. `npm start` and `npm run receipts` write a data
 * set id in DATA_DIR and in the table; a process that finds a DynamoDB holding another data set
 * refuses at once, in French, naming both folders, and writes nothing into either.
 */
const ROOT = new URL('../../', import.meta.url).pathname
const dirs: string[] = []
const children: ChildProcess[] = []
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
  for (const dir of dirs) await rm(dir, { recursive: true, force: true })
})

async function aFolder(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `${name}-`))
  dirs.push(dir)
  return dir
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/** An entry point in a process of its own (entry-bundles.ts); DYNAMODB_ENDPOINT only when given. */
function launch(script: EntryPoint, args: string[], env: Record<string, string>) {
  const { DYNAMODB_ENDPOINT: _, ...inherited } = process.env
  let output = ''
  const child = spawn(process.execPath, [...entryPointArgs(script), ...args], {
    cwd: ROOT,
    env: { ...inherited, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  child.stdout.on('data', (chunk) => (output += chunk))
  child.stderr.on('data', (chunk) => (output += chunk))
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
  return { child, exited, output: () => output }
}

async function run(script: EntryPoint, args: string[], env: Record<string, string>) {
  const process = launch(script, args, env)
  const code = await process.exited
  return { code, output: process.output() }
}

/** `npm start` until it listens. */
async function startServer(env: Record<string, string>) {
  const server = launch('functions/local/server.ts', [], env)
  const deadline = Date.now() + 90_000
  while (!/Listening on/.test(server.output())) {
    if (server.child.exitCode !== null || Date.now() > deadline)
      throw new Error(`npm start did not listen:\n${server.output()}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return server
}

/** Every file under `dir` with its size and modification time: what "nothing written" means. */
async function snapshot(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return Promise.all(
    entries.map(async (entry) => {
      const path = join(entry.parentPath, entry.name)
      const info = await stat(path)
      return `${path} ${entry.isDirectory() ? 'dir' : info.size} ${info.mtimeMs}`
    }),
  ).then((lines) => lines.sort())
}

async function scanAll(endpoint: string, tableName: string) {
  const { client, doc } = createDynamoDbClients({ endpoint, region: 'eu-west-3' })
  try {
    const page = await doc.send(new ScanCommand({ TableName: tableName, ConsistentRead: true }))
    return (page.Items ?? []).map((item) => JSON.stringify(item)).sort()
  } finally {
    client.destroy()
  }
}

describe('two data sets, one server on the DynamoDB Local port both use', () => {
  it('the other data set’s declaration is refused, names both folders, writes nothing', async () => {
    const first = await aFolder('first')
    const other = await aFolder('other')
    // The other data set, made by its own npm start (own DynamoDB Local, its own port).
    const otherServer = await startServer({
      DATA_DIR: other,
      DYNAMODB_LOCAL_PORT: String(await freePort()),
    })
    otherServer.child.kill('SIGINT')
    expect(await otherServer.exited).toBe(0)
    const otherId = JSON.parse(await readFile(join(other, 'data-set.json'), 'utf8')).id
    expect(otherId).toMatch(/^[0-9a-f-]{36}$/)

    // The first data set's npm start holds the port both would use.
    const port = String(await freePort())
    const server = await startServer({ DATA_DIR: first, DYNAMODB_LOCAL_PORT: port })
    const firstId = JSON.parse(await readFile(join(first, 'data-set.json'), 'utf8')).id
    expect(firstId).not.toBe(otherId)
    const endpoint = `http://127.0.0.1:${port}`
    const firstItems = await scanAll(endpoint, 'helloasso-receipts')
    expect(firstItems.join('\n')).toContain(firstId)
    const otherFiles = await snapshot(other)

    const refused = await run('functions/jobs/cli.ts', ['declaration', '--year', '2026'], {
      DATA_DIR: other,
      DYNAMODB_LOCAL_PORT: port,
    })
    expect(refused.code).not.toBe(0)
    expect(refused.output).toContain(first)
    expect(refused.output).toContain(other)
    expect(refused.output).toMatch(/appartient au jeu de données/)
    expect(refused.output).toMatch(/Rien n’a été écrit/)
    expect(refused.output).not.toMatch(/Contrôles|reçus/)
    expect(await snapshot(other)).toEqual(otherFiles)
    expect(await scanAll(endpoint, 'helloasso-receipts')).toEqual(firstItems)

    // A folder with no data set at all (a new user's) is refused the same way, and stays empty.
    const fresh = await aFolder('fresh')
    const deadLetters = await run('functions/local/dead-letters-cli.ts', [], {
      DATA_DIR: fresh,
      DYNAMODB_LOCAL_PORT: port,
    })
    expect(deadLetters.code).toBe(1)
    expect(deadLetters.output).toContain(first)
    expect(deadLetters.output).toContain(fresh)
    expect(await readdir(fresh)).toEqual([])
    expect(await scanAll(endpoint, 'helloasso-receipts')).toEqual(firstItems)

    // The server's own data set still works through the same port.
    const own = await run('functions/jobs/cli.ts', ['declaration', '--year', '2026'], {
      DATA_DIR: first,
      DYNAMODB_LOCAL_PORT: port,
    })
    expect(own.output).toMatch(/Aucune donnée/)
    expect(own.output).not.toMatch(/appartient au jeu de données/)

    server.child.kill('SIGINT')
    expect(await server.exited).toBe(0)
  }, 300_000)
})

describe('a table named by DYNAMODB_ENDPOINT and TABLE_NAME', () => {
  it('belongs to the folder that first used it: another DATA_DIR is refused and writes nothing', async () => {
    const owner = await aFolder('owner')
    const stranger = await aFolder('stranger')
    const env = { DYNAMODB_ENDPOINT: inject('dynamoEndpoint'), TABLE_NAME: `test-${randomUUID()}` }
    const first = await run('functions/local/dead-letters-cli.ts', [], { ...env, DATA_DIR: owner })
    expect(first.code).toBe(0)
    const items = await scanAll(env.DYNAMODB_ENDPOINT, env.TABLE_NAME)

    const refused = await run('functions/local/dead-letters-cli.ts', [], {
      ...env,
      DATA_DIR: stranger,
    })
    expect(refused.code).toBe(1)
    expect(refused.output).toContain(owner)
    expect(refused.output).toContain(stranger)
    expect(refused.output).toContain(env.TABLE_NAME)
    expect(await readdir(stranger)).toEqual([])
    expect(await scanAll(env.DYNAMODB_ENDPOINT, env.TABLE_NAME)).toEqual(items)

    // The owner comes back as before.
    expect(
      (await run('functions/local/dead-letters-cli.ts', [], { ...env, DATA_DIR: owner })).code,
    ).toBe(0)
  }, 120_000)
})
