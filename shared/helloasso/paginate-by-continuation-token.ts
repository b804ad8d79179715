import { AppError } from '../errors.js'

/** One page of a HelloAsso list endpoint, reduced to what paging needs. */
export interface TokenPage<T> {
  data: T[]
  continuationToken?: string | null | undefined
}

/**
 * Walks a HelloAsso list endpoint page by page on `continuationToken`. Since April 2025
 * `totalCount`, `totalPages` and `pageIndex` are unreliable (helloasso-api.md §7), so they are
 * never read: the walk ends on an EMPTY page (HelloAsso keeps handing out a token after the last
 * one) or on a page without a token. A token seen before means the cursor is stuck: it stops
 * with an error instead of fetching the same pages forever.
 */
export async function* paginateByContinuationToken<T>(
  fetchPage: (continuationToken: string | undefined) => Promise<TokenPage<T>>,
  label: string,
): AsyncGenerator<T[], void, undefined> {
  const seen = new Set<string>()
  let token: string | undefined
  for (let page = 1; ; page++) {
    const answer = await fetchPage(token)
    if (answer.data.length === 0) return
    yield answer.data
    const next = answer.continuationToken ?? undefined
    if (!next) return
    if (seen.has(next)) {
      throw new AppError(
        'helloasso.invalidResponse',
        `HelloAsso gave page ${page} of ${label} a continuation token it had already given: stopped rather than read the same pages forever`,
      )
    }
    seen.add(next)
    token = next
  }
}
