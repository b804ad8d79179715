import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  createDynamoDbClients,
  isLocalEndpoint,
} from '../../shared/store/create-dynamodb-clients.js'

afterEach(() => {
  vi.unstubAllEnvs()
})

describe('createDynamoDbClients', () => {
  it('gives a local endpoint dummy credentials when the environment has none', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', '')
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', '')
    const { client } = createDynamoDbClients({
      endpoint: 'http://127.0.0.1:8000',
      region: 'eu-west-3',
    })

    await expect(client.config.credentials()).resolves.toMatchObject({ accessKeyId: 'local' })
  })

  it('keeps credentials from the environment, even for a local endpoint', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDFROMENV')
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret-from-env')
    const { client } = createDynamoDbClients({
      endpoint: 'http://localhost:8000',
      region: 'eu-west-3',
    })

    await expect(client.config.credentials()).resolves.toMatchObject({
      accessKeyId: 'AKIDFROMENV',
    })
  })

  it('tells local endpoints from remote ones', () => {
    expect(isLocalEndpoint('http://127.0.0.1:8000')).toBe(true)
    expect(isLocalEndpoint('http://localhost:8000')).toBe(true)
    expect(isLocalEndpoint('http://[::1]:8000')).toBe(true)
    expect(isLocalEndpoint('https://dynamodb.eu-west-3.amazonaws.com')).toBe(false)
  })
})
