import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Order } from '../../shared/helloasso/schemas.js'
import { DEMO_ORGANIZATION, demoAssociationConfig, demoForms } from './demo-association.js'
import { demoControls } from './demo-controls.js'
import { demoOrder } from './demo-orders.js'
import { startStandInHelloAsso } from './stand-in-helloasso.js'

/**
 * `npm run demo`: the whole stack, verified, against a stand-in HelloAsso holding an example
 * organisation (« Les Amis du Moulin »), its forms and three payments; then it prints where the
 * staff page is and how to simulate a payment, a refund and a new tier.
 * `npm run demo -- paiement | remboursement | nouveau-palier` asks the running demo to do it.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const CONTROLS = ['paiement', 'remboursement', 'nouveau-palier'] as const

function settings(env: NodeJS.ProcessEnv) {
  const dataDir = resolve(env.DATA_DIR ?? '.data-demo')
  return {
    port: Number(env.PORT ?? 3000),
    helloAssoPort: Number(env.DEMO_HELLOASSO_PORT ?? 3001),
    dynamoPort: Number(env.DYNAMODB_LOCAL_PORT ?? 8766),
    dataDir,
  }
}

async function main(argv: string[]): Promise<number> {
  const s = settings(process.env)
  const [command, ...rest] = argv
  if (command) return control(command, rest, s.helloAssoPort)
  mkdirSync(join(s.dataDir, 'logs'), { recursive: true })
  const staffToken = process.env.STAFF_TOKEN ?? readOrCreate(join(s.dataDir, 'demo-staff-token'))
  const configPath = join(s.dataDir, 'association.json')
  writeFileSync(configPath, `${JSON.stringify(demoAssociationConfig(), null, 2)}\n`)
  const base = `http://127.0.0.1:${s.port}`
  const orders = new Map<number, Order>()
  let sequence = Math.floor(Date.now() / 1000) % 10_000_000
  const state = {
    fake: undefined as never,
    webhookUrl: `${base}/webhooks/helloasso/demo-secret`,
    orders,
    next: () => 10 + sequence++,
  }
  const standIn = await startStandInHelloAsso({
    port: s.helloAssoPort,
    handlers: (origin) => demoControls(state, origin),
  }).catch((error: NodeJS.ErrnoException) => {
    throw new Error(
      error.code === 'EADDRINUSE'
        ? `Le port ${s.helloAssoPort} (HelloAsso de démonstration) est pris : une démo tourne déjà ? Sinon, choisissez-en un autre avec DEMO_HELLOASSO_PORT.`
        : error.message,
    )
  })
  Object.assign(state, { fake: standIn.fake })
  standIn.fake.putOrganization(DEMO_ORGANIZATION)
  for (const form of demoForms()) standIn.fake.putForm(form)

  const log = join(s.dataDir, 'logs', 'demo-server.log')
  const server = spawn(process.execPath, ['--import', 'tsx', 'functions/local/server.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      PORT: String(s.port),
      DATA_DIR: s.dataDir,
      DYNAMODB_LOCAL_PORT: String(s.dynamoPort),
      ASSOCIATION_CONFIG: configPath,
      WEBHOOK_SECRET: 'demo-secret',
      STAFF_TOKEN: staffToken,
      HELLOASSO_API_URL: standIn.apiUrl,
      HELLOASSO_TOKEN_URL: standIn.tokenUrl,
      HELLOASSO_CLIENT_ID: standIn.fake.clientId,
      HELLOASSO_CLIENT_SECRET: standIn.fake.clientSecret,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const logStream = createWriteStream(log)
  server.stdout?.pipe(logStream)
  server.stderr?.pipe(logStream)
  const exited = new Promise<number | null>((done) => server.once('exit', done))
  const stop = async () => {
    server.kill('SIGINT')
    await exited
    await standIn.close()
  }
  process.once('SIGINT', () => void stop().then(() => process.exit(0)))
  process.once('SIGTERM', () => void stop().then(() => process.exit(0)))

  console.info(`Démarrage du serveur (journal : ${log})…`)
  const up = await Promise.race([waitUntil(() => healthy(base), 180), exited.then(() => false)])
  if (!up) {
    console.error(`Le serveur n’a pas démarré. Fin de son journal (${log}) :`)
    console.error(readFileSync(log, 'utf8').split('\n').slice(-15).join('\n'))
    await stop()
    return 1
  }
  // Three payments of the example organisation; on a second run they are replays: nothing new.
  const day = 86_400_000
  const seeds = [
    demoOrder(1, 'base', new Date(Date.now() - 3 * day)),
    demoOrder(2, 'reduit', new Date(Date.now() - 2 * day)),
    demoOrder(3, 'don', new Date(Date.now() - day)),
  ]
  for (const order of seeds) {
    standIn.fake.putOrder(order)
    orders.set((order.payments[0] as { id: number }).id, order)
    await fetch(state.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ eventType: 'Order', data: order }),
    })
  }
  const outbox = join(s.dataDir, 'outbox')
  const mailed = await waitUntil(async () => (await emails(outbox)) >= seeds.length, 120)
  console.info(banner({ ...s, base, staffToken, configPath, standIn, mailed }))
  return new Promise<number>(() => {})
}

function banner(b: {
  base: string
  staffToken: string
  configPath: string
  dataDir: string
  helloAssoPort: number
  mailed: boolean
  standIn: { apiUrl: string; tokenUrl: string; fake: { clientId: string; clientSecret: string } }
}): string {
  const ha = `HELLOASSO_API_URL=${b.standIn.apiUrl} HELLOASSO_TOKEN_URL=${b.standIn.tokenUrl} HELLOASSO_CLIENT_ID=${b.standIn.fake.clientId} HELLOASSO_CLIENT_SECRET=${b.standIn.fake.clientSecret}`
  return `
Démo prête : « Les Amis du Moulin », vérifiée auprès d’un HelloAsso de démonstration (${b.standIn.apiUrl}).
${b.mailed ? 'Trois paiements reçus, trois reçus envoyés' : 'Les trois premiers reçus sont encore en route'} : ${join(b.dataDir, 'outbox')}

Page de l’équipe : ${b.base}/staff   code d’accès : ${b.staffToken}

Dans un autre terminal :
  npm run demo -- paiement                        un paiement de 30 € (--palier reduit, ou --palier don --montant 5000)
  npm run demo -- remboursement                   rembourse le dernier paiement (ou --paiement <id>)
  npm run demo -- nouveau-palier                  un palier ajouté sur HelloAsso, inconnu du fichier, et payé
  ${ha} npm run receipts -- check-config --config ${b.configPath}
  ${ha} npm run receipts -- setup --slug ${DEMO_ORGANIZATION.organizationSlug} --out /tmp/amis-du-moulin.json

Données : ${b.dataDir} (une seconde démo les retrouve). Ctrl-C arrête tout.`
}

/** `npm run demo -- paiement [--palier base|reduit|don] [--montant centimes]`, and the others. */
async function control(command: string, args: string[], port: number): Promise<number> {
  if (!(CONTROLS as readonly string[]).includes(command)) {
    console.error(`Commande inconnue : ${command}. Commandes : ${CONTROLS.join(', ')}.`)
    return 64
  }
  const body: Record<string, string | number> = {}
  for (let i = 0; i < args.length; i += 2) {
    const [name, value] = [args[i]?.replace(/^--/, ''), args[i + 1]]
    if (name && value !== undefined) body[name] = /^\d+$/.test(value) ? Number(value) : value
  }
  const answer = await fetch(`http://127.0.0.1:${port}/demo/${command}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).catch(() => undefined)
  if (!answer) {
    console.error(
      `Aucune démo ne tourne sur le port ${port} : lancez d’abord « npm run demo » dans un autre terminal.`,
    )
    return 1
  }
  console.info(((await answer.json()) as { message: string }).message)
  return answer.ok ? 0 : 1
}

function readOrCreate(path: string): string {
  if (existsSync(path)) return readFileSync(path, 'utf8').trim()
  const token = `demo-${randomBytes(12).toString('hex')}`
  writeFileSync(path, `${token}\n`, { mode: 0o600 })
  return token
}

async function healthy(base: string): Promise<boolean> {
  return (await fetch(`${base}/healthz`).catch(() => undefined))?.ok === true
}

async function emails(outbox: string): Promise<number> {
  return (await readdir(outbox).catch(() => [])).filter((name) => name.endsWith('.eml')).length
}

/** Polls `check` every half second for up to `seconds`. */
async function waitUntil(check: () => Promise<boolean>, seconds: number): Promise<boolean> {
  for (let i = 0; i < seconds * 2; i++) {
    if (await check()) return true
    await new Promise((done) => setTimeout(done, 500))
  }
  return false
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((error) => {
    console.error((error as Error).message)
    process.exit(1)
  })
