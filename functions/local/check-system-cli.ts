import { errorSummary } from '../../shared/errors.js'
import {
  browserTestsSkipped,
  ensureSystemDependencies,
  type SystemPurpose,
  systemDependenciesFor,
} from './system-dependencies.js'
import { createSystemProbe } from './system-probe.js'

/**
 * `npm test` runs this first (`check-system-cli.ts test`): what the tests need besides Node is
 * there, installed (as root on Debian/Ubuntu), or named with the command to run (exit 1).
 */
async function main(): Promise<number> {
  const purpose = process.argv[2]
  if (purpose !== 'start' && purpose !== 'test') {
    console.error('usage: check-system-cli.ts start|test')
    return 64
  }
  const check = await ensureSystemDependencies(
    purpose as SystemPurpose,
    systemDependenciesFor(purpose, process.env),
    createSystemProbe(),
  )
  if (!check.ok) {
    console.error(check.message)
    return 1
  }
  if (purpose === 'test' && browserTestsSkipped(process.env))
    console.info('SKIP_BROWSER_TESTS=1: the browser tests will be skipped.')
  return 0
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(errorSummary(error))
    process.exit(1)
  },
)
