import { appendFileSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { loadEnv } from '../../shared/config/env.js'
import { errorSummary } from '../../shared/errors.js'
import { openCliStack } from '../../shared/local/open-cli-stack.js'
import { createJsonLogger } from '../../shared/log.js'
import { parseJobCommand, USAGE, UsageError } from './cli-args.js'
import { runOnboardingCommand } from './onboarding-cli.js'
import { runCommand } from './run-command.js'

/**
 * `npm run receipts -- <command>`: the treasurer's jobs, run locally against the same data as
 * `npm start` (its DynamoDB Local when running, else one started here on DATA_DIR).
 */
async function main(argv: string[]): Promise<number> {
  const onboarding = await runOnboardingCommand(argv)
  if (onboarding !== undefined) return onboarding
  let command: ReturnType<typeof parseJobCommand>
  try {
    command = parseJobCommand(argv)
  } catch (error) {
    const usage =
      error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    if (!usage) throw error
    console.error(`${(error as Error).message}\n\n${USAGE}`)
    return 64
  }
  const started = performance.now()
  const env = loadEnv()
  // The job's JSON log lines go to a file: the terminal keeps the progress bar and the report.
  const logFile = join(env.DATA_DIR, 'logs', `receipts-${command.command}.log`)
  mkdirSync(dirname(logFile), { recursive: true })
  const stack = await openCliStack(env, {
    log: createJsonLogger((line) => appendFileSync(logFile, `${line}\n`)),
  })
  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    await stack.stop()
  }
  // Ctrl-C: what is recorded stays recorded; the same command resumes the run.
  process.once('SIGINT', () => {
    console.error('\nInterrupted: run the same command again to resume.')
    void stop().finally(() => process.exit(130))
  })
  try {
    const code = await runCommand(stack.runtime.jobs, command, {
      out: (line) => console.info(line),
      progressStream: process.stderr,
    })
    // Emails queued by the job (summary receipts) go out before the process ends.
    await stack.runtime.queue.drain()
    console.info(
      `Log: ${logFile}. Finished in ${((performance.now() - started) / 1000).toFixed(1)} s, peak memory ${Math.round(process.resourceUsage().maxRSS / 1024)} MB.`,
    )
    return code
  } finally {
    await stop()
  }
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((error) => {
    console.error(errorSummary(error))
    process.exit(1)
  })
