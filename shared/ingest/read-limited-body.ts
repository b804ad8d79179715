/** Beyond this, a sender is not worth listening to: the connection is closed instead. */
export const DRAIN_LIMIT_BYTES = 32 * 1024 * 1024

export type LimitedBody =
  | { fits: true; bytes: Uint8Array }
  /**
   * `bytes`: how much was sent, or declared when it was not all read. `drained`: every byte went
   * through `onChunk` (not so past DRAIN_LIMIT_BYTES).
   */
  | { fits: false; bytes: number; drained: boolean }

/**
 * The body, or how large it was when it exceeds `maxBytes`. An oversized body is still read to
 * its end (and thrown away, up to DRAIN_LIMIT_BYTES): a server that answers and stops reading
 * while the client is still sending resets the connection, and the client never sees the 413.
 */
export async function readLimitedBody(
  request: Request,
  maxBytes: number,
  /** Sees every byte read, kept or drained (a signature check). */
  onChunk: (chunk: Uint8Array) => void = () => {},
): Promise<LimitedBody> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN)
  if (Number.isFinite(declared) && declared > DRAIN_LIMIT_BYTES) {
    await request.body?.cancel()
    return { fits: false, bytes: declared, drained: false }
  }
  const reader = request.body?.getReader()
  if (!reader) return { fits: true, bytes: new Uint8Array() }
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > DRAIN_LIMIT_BYTES) {
      await reader.cancel()
      return { fits: false, bytes: total, drained: false }
    }
    onChunk(value)
    if (total <= maxBytes) chunks.push(value)
  }
  if (total > maxBytes) return { fits: false, bytes: total, drained: true }
  return { fits: true, bytes: Buffer.concat(chunks) }
}
