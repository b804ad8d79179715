import { AppError } from '../errors.js'
import { openValue, signValue } from './auth/signed-value.js'

const PURPOSE = 'receipts-page'

/** Which listing a cursor continues: one organisation's receipts of one year. */
export interface PageCursorScope {
  orgId: string
  year: number
}

/**
 * The cursor the staff listing hands to the browser: the receipt number to continue after,
 * with the listing it belongs to, under an HMAC of the staff session key. A browser can only
 * give back what we gave it.
 */
export function signPageCursor(key: string, scope: PageCursorScope, after: string): string {
  return signValue(PURPOSE, { o: scope.orgId, y: scope.year, a: after }, key)
}

export function openPageCursor(key: string, scope: PageCursorScope, cursor: string): string {
  const payload = openValue(PURPOSE, cursor, key) as { o?: unknown; y?: unknown; a?: unknown }
  if (payload?.o !== scope.orgId || payload.y !== scope.year || typeof payload.a !== 'string')
    throw new AppError(
      'input.invalid',
      'Curseur de pagination invalide : il ne vient pas de cette liste. Recommencez depuis la première page.',
    )
  return payload.a
}
