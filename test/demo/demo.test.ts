import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { mkdtemp, readdir, readFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { simpleParser } from 'mailparser'
import { afterAll, describe, expect, it } from 'vitest'
import { extractPdfText } from '../support/pdf-text.js'

/**
 * `npm run demo` as a user runs it: it starts, then a payment simulated as its banner says
 * (`npm run demo -- paiement`) reaches the outbox as a verified receipt, not a SPECIMEN.
 */
const ROOT = new URL('../../', import.meta.url).pathname
let demo: { child: ChildProcess; exited: Promise<number | null> } | undefined

afterAll(async () => {
  demo?.child.kill('SIGINT')
  await demo?.exited
})

describe('npm run demo', () => {
  it('starts the stack against the stand-in HelloAsso, and a simulated payment is receipted, verified', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'demo-'))
    const env = {
      ...process.env,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      DEMO_HELLOASSO_PORT: String(await freePort()),
      DYNAMODB_LOCAL_PORT: String(await freePort()),
    }
    let output = ''
    const child = spawn(process.execPath, ['--import', 'tsx', 'functions/demo/demo.ts'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout?.on('data', (chunk) => (output += chunk))
    child.stderr?.on('data', (chunk) => (output += chunk))
    demo = { child, exited: new Promise((done) => child.once('exit', done)) }

    await waitFor('the banner', () => (output.includes('Ctrl-C arrête tout.') ? true : undefined))
    expect(output).toContain('Trois paiements reçus, trois reçus envoyés')
    expect(output).toMatch(
      /Page de l’équipe : http:\/\/127\.0\.0\.1:\d+\/staff {3}code d’accès : demo-[0-9a-f]{24}/,
    )
    expect(output).toContain('npm run demo -- paiement')
    expect(output).toContain('npm run demo -- remboursement')
    expect(output).toContain('npm run demo -- nouveau-palier')
    const outbox = join(dataDir, 'outbox')
    expect(await emails(outbox)).toHaveLength(3)

    const simulate = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'functions/demo/demo.ts', 'paiement'],
      {
        cwd: ROOT,
        env,
        encoding: 'utf8',
      },
    )
    expect(simulate.status).toBe(0)
    expect(simulate.stdout).toMatch(
      /^Paiement \d+ de 30,00 € \(Adhésion individuelle\) payé sur HelloAsso/,
    )

    const fourth = await waitFor('the fourth email', async () => (await emails(outbox))[3])
    const mail = await simpleParser(await readFile(join(outbox, fourth)))
    expect(mail.subject).not.toMatch(/SPECIMEN/)
    const pdf = mail.attachments.find((a) => a.contentType === 'application/pdf')
    const text = await extractPdfText(new Uint8Array(pdf?.content ?? []))
    expect(text).toContain('Les Amis du Moulin')
    expect(text).toContain('2026-00004')
    expect(text).not.toMatch(/SPECIMEN/)
    expect(await readFile(join(dataDir, 'logs', 'demo-server.log'), 'utf8')).not.toMatch(
      /unverified|non vérifié/i,
    )
  }, 240_000)

  it('asks for a running demo when there is none', () => {
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'functions/demo/demo.ts', 'paiement'],
      {
        cwd: ROOT,
        env: { ...process.env, DEMO_HELLOASSO_PORT: '1' },
        encoding: 'utf8',
      },
    )
    expect(run.status).toBe(1)
    expect(run.stderr).toContain(
      'Aucune démo ne tourne sur le port 1 : lancez d’abord « npm run demo »',
    )
  })
})

async function emails(outbox: string): Promise<string[]> {
  return (await readdir(outbox).catch(() => [])).filter((n) => n.endsWith('.eml')).sort()
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + 180_000
  while (Date.now() < deadline) {
    const value = await probe()
    if (value !== undefined) return value
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`timed out waiting for ${what}`)
}
