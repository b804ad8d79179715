import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadFixtureText } from '../support/fixtures.js'
import { testAssociationConfig } from '../support/test-association-config.js'

/** `npm start` as a user runs it: a real process, real ports, Ctrl-C, and a second start. */
const ROOT = new URL('../../', import.meta.url).pathname

function startServer(env: Record<string, string>): {
  child: ChildProcess
  output: () => string
  exited: Promise<number | null>
} {
  let output = ''
  const child = spawn(process.execPath, ['--import', 'tsx', 'functions/local/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout?.on('data', (chunk) => (output += chunk))
  child.stderr?.on('data', (chunk) => (output += chunk))
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  )
  return { child, output: () => output, exited }
}

async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 45_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const value = await probe()
    if (value !== undefined) return value
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`timed out waiting for ${what}`)
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

describe('npm start', () => {
  it('refuses an invalid schedule at start, naming the bad field', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bad-config-'))
    const config = testAssociationConfig() as { tiers: { advertisedCostCents?: number }[] }
    ;(config.tiers[0] as { advertisedCostCents?: number }).advertisedCostCents = 1800
    await writeFile(join(dir, 'asso.json'), JSON.stringify(config))
    const server = startServer({ ASSOCIATION_CONFIG: join(dir, 'asso.json'), DATA_DIR: dir })
    expect(await server.exited).toBe(1)
    expect(server.output()).toMatch(/tiers\[0\]\.advertisedCostCents/)
  }, 60_000)

  it('serves the webhook, writes the receipt email, stops on Ctrl-C and finds its data again', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'npm-start-'))
    const env = {
      DATA_DIR: dataDir,
      DYNAMODB_LOCAL_PORT: String(await freePort()),
      WEBHOOK_SECRET: 'it-secret',
      STAFF_TOKEN: 'it-staff-token-long-enough-24',
    }
    const first = startServer(env)
    const url = await waitFor(
      'listening',
      () => /Listening on (http:\/\/[\d.:]+)/.exec(first.output())?.[1],
    )
    expect(first.output()).toMatch(/unverified mode/)
    // The start-up lines say where the staff page is (never the token).
    await waitFor('staff address', () =>
      first.output().includes(`Staff page: ${url}/staff`) ? true : undefined,
    )
    expect(first.output()).not.toContain('it-staff-token')
    const post = (base: string, body: string) =>
      fetch(`${base}/webhooks/helloasso/it-secret`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      })
    expect((await post(url, loadFixtureText('../quickstart/order-paid'))).status).toBe(200)
    const outbox = join(dataDir, 'outbox')
    const emails = () =>
      readdir(outbox)
        .then((names) => names.filter((n) => n.endsWith('.eml')))
        .catch(() => [])
    const [file] = await waitFor('the email', async () =>
      (await emails()).length === 1 ? await emails() : undefined,
    )
    expect(file).toMatch(/2026-00001-receipt\.eml$/)
    expect(await readFile(join(outbox, file as string), 'utf8')).toMatch(/SPECIMEN/)
    first.child.kill('SIGINT')
    expect(await first.exited).toBe(0)

    const second = startServer(env)
    const url2 = await waitFor(
      'listening again',
      () => /Listening on (http:\/\/[\d.:]+)/.exec(second.output())?.[1],
    )
    const another = loadFixtureText('../quickstart/order-paid')
      .replaceAll('200000001', '200000002')
      .replaceAll('210000001', '210000002')
    expect((await post(url2, another)).status).toBe(200)
    const files = await waitFor('the second email', async () =>
      (await emails()).length === 2 ? await emails() : undefined,
    )
    expect(files[1]).toMatch(/2026-00002-receipt\.eml$/)
    second.child.kill('SIGINT')
    expect(await second.exited).toBe(0)
  }, 180_000)
})
