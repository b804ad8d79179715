import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { AppError } from '../../shared/errors.js'

/** What staff did wrong or asked for in vain; everything else is ours (500, or 503 if it may pass). */
const STATUS: Partial<Record<AppError['code'], ContentfulStatusCode>> = {
  'input.invalid': 400,
  'receipt.notFound': 404,
  'review.notFound': 404,
  'receipt.conflict': 409,
  'staff.unauthenticated': 401,
  'staff.forbidden': 403,
}

/** The one table from a failure to its HTTP status, for the staff API and the staff pages alike. */
export function staffErrorStatus(error: unknown): ContentfulStatusCode {
  if (!(error instanceof AppError)) return 500
  return STATUS[error.code] ?? (error.transient ? 503 : 500)
}
