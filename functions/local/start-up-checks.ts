import type { Env } from '../../shared/config/env.js'
import { errorSummary } from '../../shared/errors.js'
import type { LocalStack } from '../../shared/local/start-local-stack.js'
import { reexamineOpenReviews } from '../../shared/process/reexamine-review.js'

/**
 * What `npm start` does once the server is up: review items a configuration change resolved go
 * through the flow again. A failure here is a warning: the server keeps serving.
 */
export async function runStartUpChecks(stack: LocalStack, _env: Env): Promise<void> {
  try {
    const requeued = await reexamineOpenReviews(stack.runtime.jobs.process)
    if (requeued > 0)
      console.info(
        `${requeued} élément(s) à vérifier analysé(s) de nouveau avec la configuration actuelle : leur reçu est émis.`,
      )
  } catch (error) {
    console.warn(`Réexamen des éléments à vérifier impossible au démarrage : ${errorSummary(error)}`)
  }
}
