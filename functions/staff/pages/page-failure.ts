import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { AppError, errorSummary } from '../../../shared/errors.js'
import type { Logger } from '../../../shared/log.js'

const STATUS: Partial<Record<AppError['code'], ContentfulStatusCode>> = {
  'input.invalid': 400,
  'receipt.notFound': 404,
  'review.notFound': 404,
  'receipt.conflict': 409,
  'staff.unauthenticated': 401,
  'staff.forbidden': 403,
}

export interface PageFailure {
  status: ContentfulStatusCode
  /** French, safe to show: the use case's own message, or a generic one for our failures. */
  message: string
}

/** What a page says when an action or a read fails; ours are logged, the user's are not. */
export function pageFailure(error: unknown, log: Logger): PageFailure {
  if (error instanceof AppError) {
    const status = STATUS[error.code] ?? (error.transient ? 503 : 500)
    if (status < 500) return { status, message: error.message }
    log.error('staff.page.failed', { error: errorSummary(error) })
    return {
      status,
      message:
        status === 503
          ? 'Service momentanément indisponible : réessayez dans un instant.'
          : 'Erreur interne : l’action n’a pas abouti. Réessayez, et si cela recommence, prévenez la personne qui gère l’outil.',
    }
  }
  log.error('staff.page.failed', { error: errorSummary(error) })
  return {
    status: 500,
    message:
      'Erreur interne : l’action n’a pas abouti. Réessayez, et si cela recommence, prévenez la personne qui gère l’outil.',
  }
}
