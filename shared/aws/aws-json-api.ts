import { AwsClient } from 'aws4fetch'

/** The AWS JSON-protocol APIs the functions call without the SDK. */
const PROTOCOLS = {
  sqs: { targetPrefix: 'AmazonSQS', contentType: 'application/x-amz-json-1.0' },
  secretsmanager: { targetPrefix: 'secretsmanager', contentType: 'application/x-amz-json-1.1' },
} as const

export type AwsJsonService = keyof typeof PROTOCOLS

export interface AwsCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string | undefined
}

/** One operation of one API: `call('SendMessage', { QueueUrl, MessageBody })`. */
export interface AwsJsonApi {
  call(operation: string, input: Record<string, unknown>): Promise<Record<string, unknown>>
}

/** An error answer of an AWS API: its type (`QueueDoesNotExist`) and HTTP status. */
export class AwsApiError extends Error {
  constructor(
    readonly type: string,
    readonly status: number,
    message: string,
  ) {
    super(message)
    this.name = 'AwsApiError'
  }
}

export interface AwsJsonApiOptions {
  service: AwsJsonService
  region: string
  credentials: AwsCredentials
}

/**
 * SQS SendMessage and Secrets Manager GetSecretValue over fetch, signed (SigV4) by aws4fetch:
 * the same POST the SDK sends (test/aws/aws-json-api.test.ts compares them), for 3 KB instead
 * of the SDK clients' 40 KB in every bundle that queues work or reads a secret. Retries about as
 * the SDK's standard mode does: 3 attempts on 5xx and 429, with a jittered, doubling pause.
 */
export function createAwsJsonApi(options: AwsJsonApiOptions): AwsJsonApi {
  const { targetPrefix, contentType } = PROTOCOLS[options.service]
  const endpoint = `https://${options.service}.${options.region}.amazonaws.com/`
  const client = new AwsClient({
    accessKeyId: options.credentials.accessKeyId,
    secretAccessKey: options.credentials.secretAccessKey,
    ...(options.credentials.sessionToken ? { sessionToken: options.credentials.sessionToken } : {}),
    service: options.service,
    region: options.region,
    retries: 2,
    initRetryMs: 100,
  })
  return {
    async call(operation, input) {
      const response = await client.fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': contentType, 'x-amz-target': `${targetPrefix}.${operation}` },
        body: JSON.stringify(input),
      })
      const text = await response.text()
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : {}
      if (response.ok) return body
      // `__type` is `QueueDoesNotExist` or `com.amazonaws.sqs#QueueDoesNotExist`.
      const type = String(body.__type ?? 'UnknownError').replace(/^.*#/, '')
      const message = String(body.message ?? body.Message ?? '')
      throw new AwsApiError(
        type,
        response.status,
        `${operation}: ${type} (${response.status}) ${message}`,
      )
    },
  }
}
