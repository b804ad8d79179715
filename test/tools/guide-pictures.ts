// The staff page pictures of docs/guide-tresorier.md (`npm run docs:guide-pictures`): npm run
// demo on a scratch folder, a payment, its refund and a new tier simulated as the demo's banner
// says, then the real staff page in Chromium at 1280 px (and the review queue at 390 px).

import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const OUT = join(ROOT, 'docs', 'guide-tresorier')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'guide-'))
  const env = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(await freePort()),
    DEMO_HELLOASSO_PORT: String(await freePort()),
    DYNAMODB_LOCAL_PORT: String(await freePort()),
  }
  let output = ''
  const demo: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'functions/demo/demo.ts'],
    {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  demo.stdout?.on('data', (chunk) => (output += chunk))
  try {
    await until(() => output.includes('Ctrl-C arrête tout.'))
    for (const command of ['paiement', 'remboursement', 'nouveau-palier']) {
      spawnSync(process.execPath, ['--import', 'tsx', 'functions/demo/demo.ts', command], {
        cwd: ROOT,
        env,
        stdio: 'inherit',
      })
      if (command === 'paiement') await until(() => emails(dataDir) >= 4)
    }
    await until(() => emails(dataDir) >= 5)
    const base = `http://127.0.0.1:${env.PORT}`
    const token = readFileSync(join(dataDir, 'demo-staff-token'), 'utf8').trim()
    await shoot(base, token)
  } finally {
    demo.kill('SIGINT')
  }
}

async function shoot(base: string, token: string): Promise<void> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu'],
  })
  const pages: [number, string, string][] = [
    [1280, 'accueil', '/staff'],
    [1280, 'recus', '/staff/recus'],
    [1280, 'recu', '/staff/recus/2026-00004'],
    [1280, 'a-verifier', '/staff/a-verifier'],
    [390, 'a-verifier-telephone', '/staff/a-verifier'],
  ]
  for (const [width, name, path] of pages) {
    const page = await browser.newPage({ viewport: { width, height: 900 }, locale: 'fr-FR' })
    await page.goto(`${base}/staff`)
    await page.fill('input[type=password]', token)
    await Promise.all([page.waitForNavigation(), page.press('input[type=password]', 'Enter')])
    await page.goto(`${base}${path}`)
    await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true })
    await page.close()
  }
  await browser.close()
}

function emails(dataDir: string): number {
  try {
    return readdirSync(join(dataDir, 'outbox')).filter((n) => n.endsWith('.eml')).length
  } catch {
    return 0
  }
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 600 && !check(); i++) await new Promise((done) => setTimeout(done, 300))
  if (!check()) throw new Error('the demo did not get there in three minutes')
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

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error)
    process.exit(1)
  },
)
