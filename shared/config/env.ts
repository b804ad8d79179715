import { AppError } from '../errors.js'
import {
  csv,
  fraction,
  nonNegativeInt,
  optionalText,
  optionalUrl,
  positiveInt,
  readSettings,
  text,
  url,
} from './env-settings.js'

/**
 * The only reader of process.env. Every setting is validated once, at start, with a message that
 * names the variable to fix (the kinds are in env-settings.ts).
 */
export const ENV_SETTINGS = {
  PORT: nonNegativeInt(3000),
  HOST: text('127.0.0.1'),
  DATA_DIR: text('.data'),
  WEBHOOK_SECRET: optionalText,
  /** Key for HelloAsso's optional x-ha-signature (HMAC-SHA256 of the raw body). */
  HELLOASSO_SIGNATURE_KEY: optionalText,
  /** Comma-separated IPs/CIDRs, or "helloasso" for HelloAsso's published addresses. */
  HELLOASSO_IP_ALLOWLIST: csv,
  /** Reverse proxies in front of the app whose X-Forwarded-For entries are trusted. */
  TRUSTED_PROXY_HOPS: nonNegativeInt(0),
  /** IPs/CIDRs of those proxies (default loopback): X-Forwarded-For is read only from them. */
  TRUSTED_PROXIES: csv,
  MAX_BODY_BYTES: positiveInt(256 * 1024),
  HELLOASSO_API_URL: url('https://api.helloasso.com/v5'),
  HELLOASSO_TOKEN_URL: url('https://api.helloasso.com/oauth2/token'),
  HELLOASSO_CLIENT_ID: optionalText,
  HELLOASSO_CLIENT_SECRET: optionalText,
  HELLOASSO_TIMEOUT_MS: positiveInt(10_000),
  ASSOCIATION_CONFIG: optionalText,
  /** Manager bearer token for the staff API and sign-in form (local mode). */
  STAFF_TOKEN: optionalText,
  /** Optional read-only (viewer) token. */
  STAFF_VIEWER_TOKEN: optionalText,
  /** HMAC key of staff session cookies and CSRF tokens (≥ 32 chars); derived from STAFF_TOKEN locally. */
  STAFF_SESSION_KEY: optionalText,
  /** Public base URL of the app (https://…), for the Cognito hosted-UI callback. */
  STAFF_BASE_URL: optionalText,
  COGNITO_USER_POOL_ID: optionalText,
  COGNITO_CLIENT_ID: optionalText,
  COGNITO_CLIENT_SECRET: optionalText,
  /** Hosted UI host, e.g. asso.auth.eu-west-3.amazoncognito.com. */
  COGNITO_DOMAIN: optionalText,
  TABLE_NAME: text('helloasso-receipts'),
  AWS_REGION: text('eu-west-3'),
  /** Use an already running DynamoDB (Local) instead of starting one. */
  DYNAMODB_ENDPOINT: optionalText,
  DYNAMODB_LOCAL_PORT: nonNegativeInt(8765),
  /** Attempts an error of unknown kind gets (at most 3); a transient one is retried until it passes. */
  QUEUE_MAX_ATTEMPTS: positiveInt(3),
  /** The local queue's backoff: from the base, doubling, up to the ceiling for as long as an outage lasts. */
  QUEUE_BASE_DELAY_MS: positiveInt(1000),
  QUEUE_MAX_DELAY_MS: positiveInt(5 * 60_000),
  /**
   * How long a local sending holds its claim on an email. A local send writes a file in
   * milliseconds; 30 s still covers a render on a saturated machine. After a kill, the restarted
   * queue waits out the dead process's claims (at most this long) before sending what they held.
   */
  DELIVERY_LEASE_MS: positiveInt(30_000),
  QUEUE_CONCURRENCY: positiveInt(16),
  /** Test knob (`npm run soak`): the share of local outbox sends that fail as a mail server would. */
  OUTBOX_FAULT_RATE: fraction(0),
  PROCESS_QUEUE_URL: optionalText,
  NUMBER_QUEUE_URL: optionalText,
  DELIVER_QUEUE_URL: optionalText,
  SES_CONFIGURATION_SET: optionalText,
  /** Jobs on AWS: output bucket, and the queues their chunks fan out on (parallel / one at a time). */
  ARCHIVE_BUCKET: optionalText,
  JOBS_QUEUE_URL: optionalText,
  JOBS_SERIAL_QUEUE_URL: optionalText,
  /** The deployment's stage on AWS; a dev stage (dev, test, dev-…) may keep placeholder identity. */
  DEPLOYMENT_STAGE: optionalText,
  /** CloudWatch namespace of the metrics the jobs publish (the pending-work age). */
  METRICS_NAMESPACE: optionalText,
  /** Days back the nightly reconciliation looks (orders by date placed; instalments and refunds come months later). */
  RECONCILE_LOOKBACK_DAYS: positiveInt(400),
  /**
   * Base of the links printed on receipts and sent to donors (https://recus.example.org);
   * locally it defaults to the server's own address (see publicBaseUrl).
   */
  PUBLIC_BASE_URL: optionalUrl,
  /**
   * The association's receipt signing key (Ed25519 PKCS#8 PEM, or a random secret string whose
   * SHA-256 seeds it). On AWS it comes from Secrets Manager; locally it is made once in DATA_DIR.
   */
  RECEIPT_SIGNING_KEY: optionalText,
  /** Years a receipt's personal data are kept after its year of issue (LPF art. L102 E: six). */
  PERSONAL_DATA_RETENTION_YEARS: positiveInt(6),
  /** `POST /mes-recus` answers after this long, whether a link was sent or not. */
  DONOR_LINK_ANSWER_MS: nonNegativeInt(1200),
}

export type Env = { [K in keyof typeof ENV_SETTINGS]: ReturnType<(typeof ENV_SETTINGS)[K]> }

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const env = readSettings(ENV_SETTINGS, source)
  if ('errors' in env)
    throw new AppError('config.invalid', `Invalid environment:\n${env.errors.join('\n')}`)
  if (Boolean(env.HELLOASSO_CLIENT_ID) !== Boolean(env.HELLOASSO_CLIENT_SECRET)) {
    throw new AppError(
      'config.invalid',
      'Set both HELLOASSO_CLIENT_ID and HELLOASSO_CLIENT_SECRET, or neither (unverified local mode).',
    )
  }
  return env
}

/**
 * OUTBOX_FAULT_RATE alone, for the outbox mailer, which is built without the whole Env at hand.
 * The server has validated the whole environment with loadEnv() by then.
 */
export function outboxFaultRate(source: NodeJS.ProcessEnv = process.env): number {
  return loadEnv({ OUTBOX_FAULT_RATE: source.OUTBOX_FAULT_RATE }).OUTBOX_FAULT_RATE
}

export function hasHelloAssoCredentials(env: Env): boolean {
  return Boolean(env.HELLOASSO_CLIENT_ID && env.HELLOASSO_CLIENT_SECRET)
}

/**
 * The credentials Lambda puts in the environment of every function (its role's), for the
 * calls made without the SDK (shared/aws/aws-json-api.ts).
 */
export function environmentCredentials(source: NodeJS.ProcessEnv = process.env): {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
} {
  const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN } = source
  if (!AWS_ACCESS_KEY_ID || !AWS_SECRET_ACCESS_KEY)
    throw new AppError(
      'config.invalid',
      'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set: on Lambda the runtime sets them from the function’s role',
    )
  return {
    accessKeyId: AWS_ACCESS_KEY_ID,
    secretAccessKey: AWS_SECRET_ACCESS_KEY,
    ...(AWS_SESSION_TOKEN ? { sessionToken: AWS_SESSION_TOKEN } : {}),
  }
}

/** Whether the AWS SDK will find credentials in the environment (its first provider). */
export function hasEnvironmentCredentials(source: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(source.AWS_ACCESS_KEY_ID && source.AWS_SECRET_ACCESS_KEY)
}

/** Where links on receipts and in donor emails point: PUBLIC_BASE_URL, else this server. */
export function publicBaseUrl(env: Env): string {
  if (env.PUBLIC_BASE_URL) return env.PUBLIC_BASE_URL.replace(/\/+$/, '')
  const host = env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST
  return `http://${host}:${env.PORT}`
}
