import type { Env } from '../../shared/config/env.js'
import { errorSummary } from '../../shared/errors.js'
import { checkConfig } from '../../shared/onboarding/check-config.js'
import { formatCheckLine } from '../../shared/onboarding/check-line.js'
import { currentTierMappings } from '../../shared/process/current-tier-mappings.js'
import { reexamineOpenReviews } from '../../shared/process/reexamine-review.js'
import type { LocalStack } from './start-local-stack.js'

/**
 * What `npm start` does once the server is up: in verified mode, the configuration is compared
 * with HelloAsso's forms (warnings only); review items a configuration change resolved go through
 * the flow again. A failure here is a warning: the server keeps serving.
 */
export async function runStartUpChecks(stack: LocalStack, _env: Env): Promise<void> {
  await warnConfigDrift(stack)
  try {
    const requeued = await reexamineOpenReviews(stack.runtime.jobs.process)
    if (requeued > 0)
      console.info(
        `${requeued} élément(s) à vérifier analysé(s) de nouveau avec la configuration actuelle : leur reçu est émis.`,
      )
  } catch (error) {
    console.warn(
      `Réexamen des éléments à vérifier impossible au démarrage : ${errorSummary(error)}`,
    )
  }
}

async function warnConfigDrift(stack: LocalStack): Promise<void> {
  const deps = stack.runtime.jobs.process
  if (!deps.helloAsso) return
  try {
    const mappings = await currentTierMappings(deps.table)
    const lines = await checkConfig(
      { client: deps.helloAsso, now: deps.now },
      deps.config,
      mappings,
    )
    const actions = lines.filter((line) => line.level === 'action')
    if (actions.length === 0) return
    console.warn(
      `ATTENTION : la configuration ne correspond pas aux formulaires HelloAsso (${actions.length} point(s) ; détail : npm run receipts -- check-config) :`,
    )
    for (const line of actions) console.warn(formatCheckLine(line))
  } catch (error) {
    console.warn(
      `Comparaison de la configuration aux formulaires HelloAsso impossible : ${errorSummary(error)}`,
    )
  }
}
