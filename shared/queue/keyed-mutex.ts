/** Runs work one at a time per key; different keys run in parallel. */
export function createKeyedMutex() {
  const tails = new Map<string, Promise<unknown>>()
  return function serialize<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve()
    const run = previous.then(work, work)
    const tail = run.catch(() => undefined)
    tails.set(key, tail)
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key)
    })
    return run
  }
}
