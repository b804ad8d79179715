import { Agent as HttpAgent } from 'node:http'
import { Agent as HttpsAgent } from 'node:https'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { environmentCredentials, hasEnvironmentCredentials } from '../config/env.js'
import { createLeanDocumentClient, type TableDoc } from './lean-document-client.js'

export interface StaticCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
}

export interface DynamoDbClientsOptions {
  region: string
  /** DynamoDB Local or another emulator; absent means the real regional endpoint. */
  endpoint?: string | undefined
  credentials?: StaticCredentials | undefined
  /** Default 64: the process step's fan-out has about that many requests in flight. */
  maxSockets?: number | undefined
}

export interface DynamoDbClients {
  /** The SDK's client, for the table's own operations (create, describe, TTL). */
  client: DynamoDBClient
  /** What the store sends its commands to. */
  doc: TableDoc
}

const LOCAL_CREDENTIALS: StaticCredentials = {
  accessKeyId: 'local',
  secretAccessKey: 'local',
}

export function createDynamoDbClients(options: DynamoDbClientsOptions): DynamoDbClients {
  // Keep-alive saves a TCP (and on AWS a TLS) handshake per call. The SDK's own agent caps
  // at 50 sockets and queues the rest, which would throttle the process step's fan-out.
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 64 }
  const client = new DynamoDBClient({
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.credentials ?? localCredentials(options.endpoint),
    // The SDK turns these options into its NodeHttpHandler, so no direct @smithy dependency.
    requestHandler: {
      httpAgent: new HttpAgent(agentOptions),
      httpsAgent: new HttpsAgent(agentOptions),
    },
  })
  const credentials =
    options.credentials ??
    localCredentials(options.endpoint) ??
    (hasEnvironmentCredentials() ? environmentCredentials() : undefined)
  // Static credentials (Lambda's role, DynamoDB Local): the lean client. Others (a profile,
  // SSO) need the SDK's provider chain, and get its DocumentClient.
  const doc: TableDoc = credentials
    ? createLeanDocumentClient({
        endpoint: options.endpoint ?? `https://dynamodb.${options.region}.amazonaws.com`,
        region: options.region,
        credentials,
        maxSockets: agentOptions.maxSockets,
      })
    : DynamoDBDocumentClient.from(client, {
        // Optional fields of domain objects are `undefined`, which DynamoDB cannot store.
        marshallOptions: { removeUndefinedValues: true },
      })
  return { client, doc }
}

/**
 * DynamoDB Local accepts any credentials, but without some the SDK walks its provider chain
 * (files, then the instance metadata service), which is slow or fails on a laptop and in CI.
 * Credentials from the environment still win so a non-shared DynamoDB Local keeps its
 * per-credential databases apart.
 */
function localCredentials(endpoint: string | undefined): StaticCredentials | undefined {
  if (endpoint === undefined || !isLocalEndpoint(endpoint)) return undefined
  if (hasEnvironmentCredentials()) return undefined
  return LOCAL_CREDENTIALS
}

export function isLocalEndpoint(endpoint: string): boolean {
  const { hostname } = new URL(endpoint)
  return (
    hostname === 'localhost' ||
    hostname === '[::1]' ||
    hostname.startsWith('127.') ||
    hostname.endsWith('.localhost')
  )
}
