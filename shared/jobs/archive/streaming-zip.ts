import { createHash } from 'node:crypto'
import { Readable, Transform } from 'node:stream'
import { finished } from 'node:stream/promises'
import { ZipFile } from 'yazl'

/**
 * A ZIP written as it is filled, with a SHA-256 of every entry kept for the manifest. Each
 * `add` resolves once yazl has read the entry, so the caller makes the next one only then:
 * with the output's backpressure, memory holds one entry at a time whatever the archive's
 * size. What does grow is inherent to ZIP: the central directory, written last, plus the
 * manifest lines (about 2 KB an entry measured, 20 MB for 10 000 receipts).
 */
export class StreamingZip {
  private readonly zip = new ZipFile()
  private readonly sums: string[] = []
  private readonly counter = byteCounter()
  private readonly failure: Promise<never>
  private fail: (error: Error) => void = () => {}

  constructor() {
    this.failure = new Promise<never>((_, reject) => {
      this.fail = reject
    })
    // Nobody may be awaiting an entry when it fails: the output carries the error too.
    this.failure.catch(() => {})
    this.zip.on('error', (error: Error) => this.abort(error))
    const output = this.zip.outputStream as Readable
    output.on('error', (error) => this.counter.stream.destroy(error))
    output.pipe(this.counter.stream)
    // The writer reports output errors; without a writer (it failed first) they must not crash.
    this.counter.stream.on('error', () => {})
  }

  /** The archive's bytes, to hand to the writer once. */
  get output(): Readable {
    return this.counter.stream
  }

  get bytes(): number {
    return this.counter.bytes
  }

  /** SHA-256 of the whole archive, once it has been written. */
  get sha256(): string {
    return this.counter.digest()
  }

  async addBytes(path: string, bytes: Uint8Array, mtime: Date): Promise<void> {
    await this.addStream(path, Readable.from([Buffer.from(bytes)]), mtime)
  }

  async addStream(path: string, source: Readable, mtime: Date): Promise<void> {
    const hash = createHash('sha256')
    const hashing = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk)
        done(null, chunk)
      },
    })
    source.on('error', (error) => hashing.destroy(error))
    source.pipe(hashing)
    this.zip.addReadStreamLazy(path, { mtime }, handOnce(hashing))
    await Promise.race([finished(hashing), this.failure])
    this.sums.push(`${hash.digest('hex')}  ${path}\n`)
  }

  /** `sha256sum -c SHA256SUMS` format: every entry added so far. */
  manifest(): string {
    return this.sums.join('')
  }

  end(): void {
    this.zip.end()
  }

  /** Stops the archive: pending entries reject and the writer's stream fails with `error`. */
  abort(error: Error): void {
    this.fail(error)
    this.counter.stream.destroy(error)
  }
}

/**
 * yazl keeps an entry's callback until the archive ends: once the stream is handed over the
 * callback must not hold it (nor, through it, the entry's bytes). Built apart from the caller
 * so its closure holds nothing else.
 */
function handOnce(stream: Readable) {
  let pending: Readable | undefined = stream
  return (give: (error: null, stream: Readable) => void) => {
    const handed = pending as Readable
    pending = undefined
    give(null, handed)
  }
}

function byteCounter() {
  const hash = createHash('sha256')
  let bytes = 0
  let digest: string | undefined
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length
      hash.update(chunk)
      done(null, chunk)
    },
  })
  return {
    stream,
    get bytes() {
      return bytes
    },
    digest: () => {
      digest ??= hash.digest('hex')
      return digest
    },
  }
}
