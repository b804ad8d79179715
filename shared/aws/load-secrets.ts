import { environmentCredentials } from '../config/env.js'
import { AppError } from '../errors.js'
import { type AwsJsonApi, createAwsJsonApi } from './aws-json-api.js'

/**
 * On AWS the secrets live in Secrets Manager and the functions only get their ARNs. Each
 * `<NAME>_ARN` variable is resolved once, at cold start, into `<NAME>`, before loadEnv reads the
 * settings: the rest of the code never knows where a secret came from.
 */
export const SECRET_ARN_VARIABLES = {
  HELLOASSO_CLIENT_SECRET_ARN: 'HELLOASSO_CLIENT_SECRET',
  WEBHOOK_SECRET_ARN: 'WEBHOOK_SECRET',
  HELLOASSO_SIGNATURE_KEY_ARN: 'HELLOASSO_SIGNATURE_KEY',
  STAFF_SESSION_KEY_ARN: 'STAFF_SESSION_KEY',
  RECEIPT_SIGNING_KEY_ARN: 'RECEIPT_SIGNING_KEY',
  // Only for a confidential staff app client; the stack's client is public (PKCE, no secret).
  COGNITO_CLIENT_SECRET_ARN: 'COGNITO_CLIENT_SECRET',
} as const

type SecretArnVariable = keyof typeof SECRET_ARN_VARIABLES

/** Returns a copy of `source` with the secrets' values; no client is made when no ARN is set. */
export async function withSecrets(
  source: NodeJS.ProcessEnv,
  createClient: () => AwsJsonApi = () =>
    createAwsJsonApi({
      service: 'secretsmanager',
      region: source.AWS_REGION ?? 'eu-west-3',
      credentials: environmentCredentials(source),
    }),
): Promise<NodeJS.ProcessEnv> {
  const wanted = (Object.keys(SECRET_ARN_VARIABLES) as SecretArnVariable[]).filter((variable) =>
    source[variable]?.trim(),
  )
  if (wanted.length === 0) return source
  const client = createClient()
  const values = await Promise.all(
    wanted.map((variable) => readSecret(client, variable, source[variable] as string)),
  )
  const resolved: NodeJS.ProcessEnv = { ...source }
  wanted.forEach((variable, index) => {
    resolved[SECRET_ARN_VARIABLES[variable]] = values[index]
  })
  return resolved
}

async function readSecret(
  client: AwsJsonApi,
  variable: SecretArnVariable,
  arn: string,
): Promise<string> {
  // Messages name the variable, never the value.
  const output = await client.call('GetSecretValue', { SecretId: arn }).catch((cause) => {
    throw new AppError('config.invalid', `${variable}: the secret could not be read`, { cause })
  })
  const value = typeof output.SecretString === 'string' ? output.SecretString.trim() : undefined
  if (!value) throw new AppError('config.invalid', `${variable}: the secret has no text value`)
  return value
}
