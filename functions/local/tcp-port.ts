import { createServer } from 'node:net'

/**
 * Probes by listening on the wildcard address, as DynamoDB Local does: on Linux that also
 * collides with a listener bound to 127.0.0.1 only.
 */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', (error: NodeJS.ErrnoException) =>
      // EACCES and the like are not "busy": let the caller report them as they are.
      error.code === 'EADDRINUSE' ? resolve(false) : reject(error),
    )
    server.listen({ port, exclusive: true }, () => server.close(() => resolve(true)))
  })
}

/** A port the kernel just handed out; another process may still take it before we use it. */
export function pickFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen({ port: 0, exclusive: true }, () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}
