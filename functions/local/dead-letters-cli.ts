import { loadEnv } from '../../shared/config/env.js'
import { errorSummary } from '../../shared/errors.js'
import { listDeadLetters } from '../../shared/store/dead-letter-store.js'
import { replay } from './dead-letter-replay.js'
import { drainUnlessStuck } from './drain-unless-stuck.js'
import { openCliStack } from './open-cli-stack.js'

/**
 * `npm run dead-letters` lists what failed for good; `npm run dead-letters -- replay <id>|--all`
 * runs it again through the same handlers. Works with or without `npm start` running: it uses
 * the running DynamoDB Local when there is one.
 */
async function main(args: string[]): Promise<number> {
  const env = loadEnv()
  const stack = await openCliStack(env)
  try {
    const letters = await listDeadLetters(stack.runtime.table)
    const [command, target] = args
    if (command !== 'replay') {
      if (letters.length === 0) console.info('No dead letters.')
      for (const letter of letters)
        console.info(
          `${letter.id}\t${letter.failedAt}\t${letter.attempts} attempt(s)\t${letter.error}`,
        )
      return 0
    }
    const chosen = target === '--all' ? letters : letters.filter((letter) => letter.id === target)
    if (chosen.length === 0) {
      console.error(
        target ? `No dead letter ${target}.` : 'Usage: npm run dead-letters -- replay <id>|--all',
      )
      return 1
    }
    let failed = 0
    for (const letter of chosen) {
      const result = await replay(
        { table: stack.runtime.table, handle: stack.runtime.handle },
        letter,
        new Date(),
      )
      console.info(
        result.replayed ? `replayed ${letter.id}` : `still failing ${letter.id}: ${result.error}`,
      )
      if (!result.replayed) failed++
    }
    if ((await drainUnlessStuck(stack.runtime.queue)) === 'left-pending')
      console.error(
        'Some follow-up work waits for a service that is down: it stays pending for the next npm start.',
      )
    return failed === 0 ? 0 : 1
  } finally {
    await stack.stop()
  }
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((error) => {
    console.error(errorSummary(error))
    process.exit(1)
  })
