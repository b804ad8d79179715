import { hasHelloAssoCredentials } from '../config/env.js'
import { AppError } from '../errors.js'
import { createHttpHelloAssoClient } from '../helloasso/http-helloasso-client.js'
import type { ProcessDeps } from '../process/process-deps.js'
import { createKeyedMutex } from '../queue/keyed-mutex.js'
import type { AwsBase } from './aws-composition.js'

export function awsProcessDeps(base: AwsBase): ProcessDeps {
  if (!hasHelloAssoCredentials(base.env))
    throw new AppError(
      'config.invalid',
      'HELLOASSO_CLIENT_ID and HELLOASSO_CLIENT_SECRET are required on AWS',
    )
  return {
    config: base.association.config,
    ...(base.association.signatureImagePng
      ? { signatureImagePng: base.association.signatureImagePng }
      : {}),
    table: base.table,
    helloAsso: createHttpHelloAssoClient({
      apiUrl: base.env.HELLOASSO_API_URL,
      tokenUrl: base.env.HELLOASSO_TOKEN_URL,
      clientId: base.env.HELLOASSO_CLIENT_ID as string,
      clientSecret: base.env.HELLOASSO_CLIENT_SECRET as string,
      timeoutMs: base.env.HELLOASSO_TIMEOUT_MS,
    }),
    queue: base.queue,
    now: base.now,
    // Within one invocation (the jobs number inline); the flow numbers on the FIFO queue.
    serialize: createKeyedMutex(),
    log: base.log,
  }
}
