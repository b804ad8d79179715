import { createHash, createHmac } from 'node:crypto'
import type { AwsCredentials } from './aws-json-api.js'

export interface SignedRequest {
  /** Host, with its port when not the default one. */
  host: string
  /** Lower-case header names; `host` and `x-amz-*` are added here. */
  headers: Record<string, string>
  body: string
}

const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest()
const sha256 = (data: string) => createHash('sha256').update(data).digest('hex')

/**
 * AWS Signature Version 4 of a POST to `/` (the JSON-protocol APIs), with node:crypto, which is
 * synchronous and several times cheaper per request than the SDK's signer. The derived key is
 * kept for its day. test/aws/sign-v4.test.ts checks it against the SDK's SignatureV4.
 */
export function createSignerV4(credentials: AwsCredentials, region: string, service: string) {
  let keyDay = ''
  let key: Buffer = Buffer.alloc(0)
  return (request: SignedRequest, now: Date = new Date()): Record<string, string> => {
    const amzDate = now.toISOString().replace(/[-:]|\.\d{3}/g, '')
    const day = amzDate.slice(0, 8)
    if (day !== keyDay) {
      key = hmac(
        hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), region), service),
        'aws4_request',
      )
      keyDay = day
    }
    const payloadHash = sha256(request.body)
    // The SDK's signer sends the payload hash as a header too; so do we, to sign alike.
    const headers: Record<string, string> = {
      ...request.headers,
      host: request.host,
      'x-amz-content-sha256': payloadHash,
      'x-amz-date': amzDate,
      ...(credentials.sessionToken ? { 'x-amz-security-token': credentials.sessionToken } : {}),
    }
    const names = Object.keys(headers).sort()
    const signedHeaders = names.join(';')
    const canonical = [
      'POST',
      '/',
      '',
      ...names.map((name) => `${name}:${String(headers[name]).trim()}`),
      '',
      signedHeaders,
      payloadHash,
    ].join('\n')
    const scope = `${day}/${region}/${service}/aws4_request`
    const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n')
    const signature = createHmac('sha256', key).update(toSign).digest('hex')
    headers.authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`
    return headers
  }
}
