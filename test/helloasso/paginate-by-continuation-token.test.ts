import { describe, expect, it } from 'vitest'
import { AppError } from '../../shared/errors.js'
import {
  paginateByContinuationToken,
  type TokenPage,
} from '../../shared/helloasso/paginate-by-continuation-token.js'

/** A scripted list endpoint: answers the pages in order and records the token of each request. */
function scripted(pages: TokenPage<number>[]) {
  const asked: (string | undefined)[] = []
  const fetchPage = async (token: string | undefined) => {
    asked.push(token)
    const page = pages[asked.length - 1]
    if (!page) throw new Error(`asked for page ${asked.length}, only ${pages.length} scripted`)
    return page
  }
  return { fetchPage, asked }
}

async function collect(pages: AsyncIterable<number[]>): Promise<number[]> {
  const all: number[] = []
  for await (const page of pages) all.push(...page)
  return all
}

describe('paginateByContinuationToken', () => {
  it('follows the token until an empty page, even though that page still has a token', async () => {
    const api = scripted([
      { data: [1, 2], continuationToken: 'a' },
      { data: [3, 4], continuationToken: 'b' },
      { data: [5], continuationToken: 'c' },
      { data: [], continuationToken: 'd' },
    ])

    expect(await collect(paginateByContinuationToken(api.fetchPage, 'list'))).toEqual([
      1, 2, 3, 4, 5,
    ])
    expect(api.asked).toEqual([undefined, 'a', 'b', 'c'])
  })

  it('stops on a page without a token, without asking for another', async () => {
    const api = scripted([
      { data: [1], continuationToken: 'a' },
      { data: [2], continuationToken: null },
    ])

    expect(await collect(paginateByContinuationToken(api.fetchPage, 'list'))).toEqual([1, 2])
    expect(api.asked).toHaveLength(2)
  })

  it('yields nothing for an empty first page', async () => {
    const api = scripted([{ data: [], continuationToken: 'a' }])

    expect(await collect(paginateByContinuationToken(api.fetchPage, 'list'))).toEqual([])
  })

  it('stops with a clear error when the token does not advance', async () => {
    const api = scripted([
      { data: [1], continuationToken: 'a' },
      { data: [2], continuationToken: 'a' },
      { data: [3], continuationToken: 'a' },
    ])
    const seen: number[] = []

    const error = await (async () => {
      for await (const page of paginateByContinuationToken(api.fetchPage, 'GET /orders'))
        seen.push(...page)
    })().catch((reason: unknown) => reason)

    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).code).toBe('helloasso.invalidResponse')
    expect((error as AppError).message).toMatch(/page 2 of GET \/orders .*already given/)
    expect(seen).toEqual([1, 2])
    expect(api.asked).toEqual([undefined, 'a'])
  })

  it('catches a cursor that cycles back to an older token', async () => {
    const api = scripted([
      { data: [1], continuationToken: 'a' },
      { data: [2], continuationToken: 'b' },
      { data: [3], continuationToken: 'a' },
    ])

    await expect(collect(paginateByContinuationToken(api.fetchPage, 'list'))).rejects.toMatchObject(
      {
        code: 'helloasso.invalidResponse',
      },
    )
    expect(api.asked).toHaveLength(3)
  })

  it('never reads the totals: a page of 1 of 1 is followed like any other', async () => {
    const lying = (data: number[], token: string | null) =>
      ({ data, continuationToken: token, totalPages: 1, pageIndex: 1 }) as TokenPage<number>
    const api = scripted([lying([1], 'a'), lying([2], 'b'), lying([], 'c')])

    expect(await collect(paginateByContinuationToken(api.fetchPage, 'list'))).toEqual([1, 2])
  })
})
