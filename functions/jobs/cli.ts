import { appendFileSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { loadEnv } from '../../shared/config/env.js'
import { errorSummary } from '../../shared/errors.js'
import { createJsonLogger } from '../../shared/log.js'
import { parseJobCommand, readsRecordedData, UsageError, usage } from './cli-args.js'

/**
 * `npm run receipts -- <command>`: the treasurer's jobs, run locally against the same data as
 * `npm start` (its DynamoDB Local when running, else one started here on DATA_DIR).
 */
async function main(argv: string[]): Promise<number> {
  const own = await runCommandOfItsOwnModule(argv)
  if (own !== undefined) return own
  let command: ReturnType<typeof parseJobCommand>
  try {
    command = parseJobCommand(argv)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    console.error(`${(error as Error).message}\n\n${usage()}`)
    return 64
  }
  if (command.command === 'help') {
    console.info(usage())
    return 0
  }
  // Loaded past the usage checks: `--help` or a mistyped command answers at once.
  const [
    { tableIsEmpty },
    { drainUnlessStuck },
    { emptyLocalDataFolder, openCliStack },
    { runCommand },
  ] = await Promise.all([
    import('../../shared/store/table-is-empty.js'),
    import('../local/drain-unless-stuck.js'),
    import('../local/open-cli-stack.js'),
    import('./run-command.js'),
  ])
  const started = performance.now()
  const env = loadEnv()
  // A job on an empty database is most likely pointed at the wrong data: say where it looked,
  // before starting anything when that is a DATA_DIR with no database in it.
  const checkEmpty = readsRecordedData(command) && !command.allowEmpty
  const emptyFolder = checkEmpty ? await emptyLocalDataFolder(env) : undefined
  if (emptyFolder) {
    console.error(emptyDataMessage(`le dossier ${emptyFolder}`))
    return 64
  }
  // The job's JSON log lines go to a file: the terminal keeps the progress bar and the report.
  // Created with its first line: a data set refused at start leaves nothing in DATA_DIR.
  const logFile = join(env.DATA_DIR, 'logs', `receipts-${command.command}.log`)
  let logFolderMade = false
  const stack = await openCliStack(env, {
    log: createJsonLogger((line) => {
      if (!logFolderMade) mkdirSync(dirname(logFile), { recursive: true })
      logFolderMade = true
      appendFileSync(logFile, `${line}\n`)
    }),
  })
  if (checkEmpty && (await tableIsEmpty(stack.runtime.table))) {
    await stack.stop()
    console.error(emptyDataMessage(stack.dataLocation))
    return 64
  }
  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    await stack.stop()
  }
  // Ctrl-C: what is recorded stays recorded; the same command resumes the run.
  process.once('SIGINT', () => {
    console.error(
      '\nInterrompu : relancez la même commande pour reprendre là où elle s’est arrêtée.',
    )
    void stop().finally(() => process.exit(130))
  })
  try {
    const code = await runCommand(stack.runtime.jobs, command, {
      out: (line) => console.info(line),
      progressStream: process.stderr,
    })
    // Emails queued by the job (summary receipts) go out before the process ends, unless a
    // service is down: then they stay pending for the next start.
    if ((await drainUnlessStuck(stack.runtime.queue)) === 'left-pending')
      console.error(LEFT_PENDING)
    const seconds = ((performance.now() - started) / 1000).toFixed(1).replace('.', ',')
    console.info(
      `Journal : ${logFile}. Terminé en ${seconds} s, mémoire au plus haut ${Math.round(process.resourceUsage().maxRSS / 1024)} Mo.`,
    )
    return code
  } finally {
    await stop()
  }
}

/**
 * The commands with a module of their own (setup, check-config, config export, verifier),
 * each loaded only when asked for: the onboarding and config modules alone took a second of
 * CPU to load, which every `--help` and every job paid.
 */
async function runCommandOfItsOwnModule(argv: string[]): Promise<number | undefined> {
  switch (argv[0]) {
    case 'setup':
    case 'check-config':
      return (await import('./onboarding-cli.js')).runOnboardingCommand(argv)
    case 'config':
      return (await import('./config-export-command.js')).runConfigCommand(argv)
    case 'verifier':
      return (await import('./verify-command.js')).runVerifyCommand(argv, {
        env: loadEnv(),
        out: (line) => console.info(line),
      })
    default:
      return undefined
  }
}

const LEFT_PENDING =
  'Des envois attendent encore un service indisponible : ils restent en attente et repartiront au prochain lancement de npm start.'

function emptyDataMessage(where: string): string {
  return `Aucune donnée dans ${where} : rien à traiter. Lancez la commande avec le DATA_DIR de npm start (DATA_DIR=… npm run receipts -- …), ou ajoutez --allow-empty pour travailler sur une base vide.`
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((error) => {
    console.error(errorSummary(error))
    process.exit(1)
  })
