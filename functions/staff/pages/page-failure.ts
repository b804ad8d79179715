import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { AppError, errorSummary } from '../../../shared/errors.js'
import type { Logger } from '../../../shared/log.js'
import { staffErrorStatus } from '../staff-error-status.js'

export interface PageFailure {
  status: ContentfulStatusCode
  /** French, safe to show: the use case's own message, or a generic one for our failures. */
  message: string
}

/** What a page says when an action or a read fails; ours are logged, the user's are not. */
export function pageFailure(error: unknown, log: Logger): PageFailure {
  const status = staffErrorStatus(error)
  if (status < 500 && error instanceof AppError) return { status, message: error.message }
  log.error('staff.page.failed', { error: errorSummary(error) })
  return {
    status,
    message:
      status === 503
        ? 'Service momentanément indisponible : réessayez dans un instant.'
        : 'Erreur interne : l’action n’a pas abouti. Réessayez, et si cela recommence, prévenez la personne qui gère l’outil.',
  }
}
