import { HttpResponse, http } from 'msw'
import { describe, expect, it } from 'vitest'
import { createAwsJsonApi } from '../../shared/aws/aws-json-api.js'
import { SECRET_ARN_VARIABLES, withSecrets } from '../../shared/aws/load-secrets.js'
import { ENV_SETTINGS } from '../../shared/config/env.js'
import { AppError } from '../../shared/errors.js'
import { setupMswServer } from '../support/msw-server.js'

const ENDPOINT = 'https://secretsmanager.eu-west-3.amazonaws.com/'
const ARN = (name: string) => `arn:aws:secretsmanager:eu-west-3:123456789012:secret:${name}-AbCdEf`

const server = setupMswServer()

/** Secrets Manager as msw: answers GetSecretValue from `values`, records the ids asked for. */
function serveSecrets(values: Record<string, string | undefined>) {
  const asked: string[] = []
  server.use(
    http.post(ENDPOINT, async ({ request }) => {
      expect(request.headers.get('x-amz-target')).toBe('secretsmanager.GetSecretValue')
      const { SecretId } = (await request.json()) as { SecretId: string }
      asked.push(SecretId)
      if (!(SecretId in values)) {
        return HttpResponse.json(
          { __type: 'ResourceNotFoundException', message: 'not found' },
          { status: 400 },
        )
      }
      return HttpResponse.json({ ARN: SecretId, Name: 'x', SecretString: values[SecretId] })
    }),
  )
  return asked
}

const aClient = () =>
  createAwsJsonApi({
    service: 'secretsmanager',
    region: 'eu-west-3',
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' },
  })

describe('withSecrets', () => {
  it('replaces each *_ARN variable by the value of its secret, read once at start', async () => {
    const asked = serveSecrets({
      [ARN('client')]: 'helloasso-client-secret',
      [ARN('webhook')]: ' webhook-secret-value \n',
      [ARN('signature')]: 'signature-key',
    })
    const source = {
      TABLE_NAME: 't',
      HELLOASSO_CLIENT_SECRET_ARN: ARN('client'),
      WEBHOOK_SECRET_ARN: ARN('webhook'),
      HELLOASSO_SIGNATURE_KEY_ARN: ARN('signature'),
    }

    const env = await withSecrets(source, aClient)

    expect(env).toMatchObject({
      TABLE_NAME: 't',
      HELLOASSO_CLIENT_SECRET: 'helloasso-client-secret',
      WEBHOOK_SECRET: 'webhook-secret-value',
      HELLOASSO_SIGNATURE_KEY: 'signature-key',
    })
    expect(asked.sort()).toEqual([ARN('client'), ARN('signature'), ARN('webhook')])
    expect(source).not.toHaveProperty('WEBHOOK_SECRET')
  })

  it('resolves the staff secrets: the session key and, for a confidential client, its secret', async () => {
    const asked = serveSecrets({
      [ARN('session')]: 'k'.repeat(48),
      [ARN('cognito')]: 'cognito-client-secret',
    })
    const env = await withSecrets(
      {
        COGNITO_CLIENT_ID: 'client',
        STAFF_SESSION_KEY_ARN: ARN('session'),
        COGNITO_CLIENT_SECRET_ARN: ARN('cognito'),
      },
      aClient,
    )
    expect(env).toMatchObject({
      COGNITO_CLIENT_ID: 'client',
      STAFF_SESSION_KEY: 'k'.repeat(48),
      COGNITO_CLIENT_SECRET: 'cognito-client-secret',
    })
    expect(asked.sort()).toEqual([ARN('cognito'), ARN('session')])
  })

  it('resolves only into settings that loadEnv reads', () => {
    // A typo here would fetch a secret that nothing ever reads.
    for (const target of Object.values(SECRET_ARN_VARIABLES)) {
      expect(Object.keys(ENV_SETTINGS)).toContain(target)
    }
  })

  it('makes no call when no ARN is set (local runs, tests)', async () => {
    const source = { WEBHOOK_SECRET: 'plain' }
    const env = await withSecrets(source, () => {
      throw new Error('no client should be made')
    })
    expect(env).toBe(source)
  })

  it('fails the cold start with the variable name, never the value, when a secret is unreadable', async () => {
    serveSecrets({ [ARN('empty')]: '  ' })
    const missing = withSecrets({ WEBHOOK_SECRET_ARN: ARN('missing') }, aClient)
    await expect(missing).rejects.toBeInstanceOf(AppError)
    await expect(missing).rejects.toThrow('WEBHOOK_SECRET_ARN: the secret could not be read')
    await expect(withSecrets({ WEBHOOK_SECRET_ARN: ARN('empty') }, aClient)).rejects.toThrow(
      'WEBHOOK_SECRET_ARN: the secret has no text value',
    )
  })
})
