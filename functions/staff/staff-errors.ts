import type { Context } from 'hono'
import type * as z from 'zod'
import { AppError, errorSummary } from '../../shared/errors.js'
import type { Logger } from '../../shared/log.js'
import { staffErrorStatus } from './staff-error-status.js'

/** The one place where failures become HTTP answers for the staff API (French messages). */
export function staffErrorResponse(c: Context, error: unknown, log: Logger): Response {
  if (error instanceof AppError) {
    const status = staffErrorStatus(error)
    if (status >= 500) log.error('staff.failed', { error: errorSummary(error) })
    return c.json(
      {
        error: status >= 500 ? 'Service momentanément indisponible : réessayez.' : error.message,
        code: error.code,
      },
      status,
    )
  }
  log.error('staff.failed', { error: errorSummary(error) })
  return c.json({ error: 'Erreur interne.', code: 'internal' }, 500)
}

/** Parses with a zod schema; a failure is a 400 that lists each field and what is wrong. */
export function parseOr400<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const details = result.error.issues.map(
    (issue) => `${issue.path.join('.') || 'requête'} : ${issue.message}`,
  )
  throw new AppError('input.invalid', `Requête invalide — ${details.join(' ; ')}`)
}
