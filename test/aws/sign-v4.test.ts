import { createHash, createHmac } from 'node:crypto'
// The SDK's own signer (a dependency of every @aws-sdk client): the reference to agree with.
import { SignatureV4 } from '@smithy/signature-v4'
import { describe, expect, it } from 'vitest'
import { createSignerV4 } from '../../shared/aws/sign-v4.js'

/** node:crypto behind the SDK's hash interface. */
class NodeSha256 {
  private readonly hash
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret ? createHmac('sha256', bytes(secret)) : createHash('sha256')
  }
  update(data: string | ArrayBuffer | ArrayBufferView) {
    this.hash.update(bytes(data))
  }
  async digest() {
    return new Uint8Array(this.hash.digest())
  }
}

const bytes = (data: string | ArrayBuffer | ArrayBufferView) =>
  typeof data === 'string'
    ? data
    : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data)

const CREDENTIALS = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'session-token',
}

async function sdkAuthorization(
  host: string,
  headers: Record<string, string>,
  body: string,
  at: Date,
) {
  const signer = new SignatureV4({
    credentials: CREDENTIALS,
    region: 'eu-west-3',
    service: 'dynamodb',
    sha256: NodeSha256,
    uriEscapePath: true,
  })
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: 'https:',
      hostname: host,
      path: '/',
      headers: { ...headers, host },
      body,
    },
    { signingDate: at },
  )
  return signed.headers.authorization
}

describe('SigV4 with node:crypto', () => {
  it('signs a DynamoDB call exactly as the SDK does, session token included', async () => {
    const at = new Date('2026-12-07T03:04:05.678Z')
    const host = 'dynamodb.eu-west-3.amazonaws.com'
    const headers = {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': 'DynamoDB_20120810.GetItem',
    }
    const body =
      '{"TableName":"t","Key":{"pk":{"S":"ORG#rtld#RECEIPT#2026-00001"},"sk":{"S":"RECEIPT"}}}'
    const ours = createSignerV4(CREDENTIALS, 'eu-west-3', 'dynamodb')({ host, headers, body }, at)
    expect(ours.authorization).toBe(await sdkAuthorization(host, headers, body, at))
    expect(ours['x-amz-date']).toBe('20261207T030405Z')
    expect(ours['x-amz-security-token']).toBe('session-token')
  })

  it('keeps the derived key for its day only', async () => {
    const sign = createSignerV4(CREDENTIALS, 'eu-west-3', 'dynamodb')
    const request = { host: 'localhost:8000', headers: { 'content-type': 'x' }, body: '{}' }
    for (const at of [new Date('2026-12-07T23:59:59Z'), new Date('2026-12-08T00:00:01Z')]) {
      expect(sign(request, at).authorization).toBe(
        await sdkAuthorization('localhost:8000', request.headers, '{}', at),
      )
    }
  })
})
