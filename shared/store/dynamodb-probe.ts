import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb'

export interface DynamoDbProbe {
  /** Whether the endpoint answers a request now (one ListTables, one attempt). */
  answers(): Promise<boolean>
  destroy(): void
}

/**
 * Asks a DynamoDB endpoint that may not be listening yet (DynamoDB Local starting) whether it
 * answers: no retries, a short connect timeout, and room for a cold JVM's slow first answer.
 */
export function createDynamoDbProbe(endpoint: string): DynamoDbProbe {
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
    // A cold JVM on a loaded machine can take seconds to answer its first request.
    requestHandler: {
      connectionTimeout: 1_000,
      requestTimeout: 10_000,
      throwOnRequestTimeout: true,
    },
  })
  return {
    answers: () =>
      client.send(new ListTablesCommand({ Limit: 1 })).then(
        () => true,
        () => false,
      ),
    destroy: () => client.destroy(),
  }
}
