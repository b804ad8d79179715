import { createHash, timingSafeEqual } from 'node:crypto'

/**
 * Constant-time comparison of a presented secret (URL segment, bearer token) with the
 * configured one. Comparing SHA-256 digests gives equal-length inputs to timingSafeEqual, so
 * neither the content nor the length of the expected secret leaks through timing.
 */
export function secretMatches(given: string, expected: string): boolean {
  // An unset secret must never be matched by an empty one.
  if (expected.length === 0) return false
  return timingSafeEqual(digest(given), digest(expected))
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest()
}
