import { existsSync, readFileSync } from 'node:fs'
import { dirname, isAbsolute, relative, resolve } from 'node:path'
import * as z from 'zod'
import { loadAssociationConfig } from '../shared/config/load-association-config.js'
import {
  isDevStage,
  realIdentityMessage,
  realIdentityProblems,
} from '../shared/config/real-identity.js'

/**
 * One deployment (a stage) of the service, as a JSON file under infra/deployments/ (or any
 * path given with `-c deployment=...`). Validated before any construct is made, with messages
 * that name the parameter to fix.
 */
const emailAddress = z.email('an email address, e.g. alertes@example.org')
const domainName = z
  .string()
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/, 'a domain name')

/** Cognito's rules for a prefix domain (and its reserved words). */
const cognitoDomainPrefix = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'lowercase letters, digits and "-", ≤ 63')
  .refine((prefix) => !/aws|amazon|cognito/.test(prefix), {
    error: 'Cognito refuses a prefix containing "aws", "amazon" or "cognito"',
  })

export const DeploymentConfigSchema = z.object({
  /** Short name of the deployment, part of every stack name ("dev", "prod"). */
  stage: z.string().regex(/^[a-z][a-z0-9-]{0,19}$/, 'lowercase letters, digits and "-", ≤ 20'),
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region, e.g. eu-west-3')
    .default('eu-west-3'),
  /** Pins the target account; unset = the account of the deploying credentials. */
  account: z
    .string()
    .regex(/^\d{12}$/, '12 digits')
    .optional(),
  /** The association's JSON (ASSOCIATION_CONFIG), relative to this file; shipped in the bundles. */
  associationConfig: z.string().min(1, 'the path of the association JSON file'),
  /** Receives the alarms (the subscription must be confirmed from the mailbox). */
  alarmEmail: emailAddress,
  /** SES identity the emails are sent from: an address (recus@x.org) or a domain (x.org). */
  senderIdentity: z.union([emailAddress, domainName], {
    error: 'an email address or a domain name',
  }),
  /** Serve the API on this name instead of the execute-api one (DNS record set by hand). */
  customDomain: z
    .object({
      domainName,
      /** ACM certificate of that name, in the deployment's region. */
      certificateArn: z
        .string()
        .regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[\w-]+$/, 'an ACM ARN'),
    })
    .optional(),
  /** Staff sign-in (Cognito hosted UI). Optional: by default on a Cognito prefix domain. */
  staff: z
    .object({
      /**
       * `<prefix>.auth.<region>.amazoncognito.com`, unique in the region across all AWS
       * accounts; default `recus-<association id>-<stage>`.
       */
      signInDomainPrefix: cognitoDomainPrefix.optional(),
      /** Or a name of yours (DNS record set by hand); wins over the prefix. */
      signInCustomDomain: z
        .object({
          domainName,
          /** Cognito serves it through CloudFront: the certificate must be in us-east-1. */
          certificateArn: z
            .string()
            .regex(
              /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/,
              'an ACM ARN in us-east-1 (Cognito custom domains need one there)',
            ),
        })
        .optional(),
    })
    .default({}),
  helloAsso: z.object({
    /** OAuth2 client id of the association's API client (not secret; the secret is). */
    clientId: z.string().min(1, 'the HelloAsso API client id'),
    environment: z.enum(['production', 'sandbox']).default('production'),
    /** Creates the signing-key secret and checks x-ha-signature on every notification. */
    verifySignature: z.boolean().default(false),
    /** HELLOASSO_IP_ALLOWLIST: comma-separated IPs/CIDRs, or "helloasso". */
    ipAllowlist: z.string().min(1).optional(),
  }),
  /** The nightly reconciliation and the yearly jobs' workers. Optional: defaults below. */
  jobs: z
    .object({
      /**
       * Whether the nightly reconciliation runs. Off for a stage with no real HelloAsso API
       * client (placeholder secret): every night would fail and raise the alarm.
       */
      reconcileEnabled: z.boolean().default(true),
      /**
       * When the nightly reconciliation starts, Paris time. 03:30 by default: after the day's
       * payments, and an hour that exists exactly once on both daylight-saving days.
       */
      reconcileCron: z
        .object({
          hour: z.number().int().min(0, '0 to 23').max(23, '0 to 23').default(3),
          minute: z.number().int().min(0, '0 to 59').max(59, '0 to 59').default(30),
        })
        .prefault({}),
      /**
       * RECONCILE_LOOKBACK_DAYS: days back each night looks. HelloAsso filters orders by the
       * date they were placed, and an order's instalments (up to 12 monthly) and refunds come
       * months later: 400 days covers a whole season for a few pages of listing a night.
       */
      reconcileLookbackDays: z
        .number()
        .int()
        .min(1, '1 to 400 days')
        .max(400, '1 to 400 days')
        .default(400),
      /**
       * Workers of the parallel lane (regenerate, resend) at once: 50 renders 5 000 chunks of
       * 200 PDFs in minutes. SQS event sources allow 2 to 1000, within the account's limit.
       */
      workerMaxConcurrency: z
        .number()
        .int()
        .min(2, '2 to 1000 (SQS event source limits)')
        .max(1000, '2 to 1000 (SQS event source limits)')
        .default(50),
    })
    .prefault({}),
})

export type DeploymentInput = z.input<typeof DeploymentConfigSchema>

export interface DeploymentConfig extends z.output<typeof DeploymentConfigSchema> {
  /** Absolute path of the association JSON. */
  associationConfigPath: string
  /** The association's signature image, absolute, when it names one. */
  signatureImagePath?: string
  /** Organisation id of the association (the table keys' prefix). */
  orgId: string
  /** Where the staff sign-in (Cognito hosted UI) is served. */
  staffSignInDomain: StaffSignInDomain
}

export type StaffSignInDomain =
  | { kind: 'prefix'; prefix: string }
  | { kind: 'custom'; domainName: string; certificateArn: string }

export const HELLOASSO_URLS = {
  production: {
    api: 'https://api.helloasso.com/v5',
    token: 'https://api.helloasso.com/oauth2/token',
  },
  sandbox: {
    api: 'https://api.helloasso-sandbox.com/v5',
    token: 'https://api.helloasso-sandbox.com/oauth2/token',
  },
} as const

/** Reads and checks a deployment file; relative paths in it are relative to the file. */
export function loadDeploymentConfig(path: string): DeploymentConfig {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'))
  } catch (cause) {
    throw new Error(`deployment file ${path}: cannot read it as JSON`, { cause })
  }
  return parseDeploymentConfig(raw, dirname(path), path)
}

export function parseDeploymentConfig(
  raw: unknown,
  baseDir: string,
  source = 'deployment config',
): DeploymentConfig {
  const result = DeploymentConfigSchema.safeParse(raw)
  if (!result.success) throw new Error(`${source} is invalid:\n${z.prettifyError(result.error)}`)
  const config = result.data
  const fail = (parameter: string, message: string): never => {
    throw new Error(`${source} is invalid:\n✖ ${message}\n  → at ${parameter}`)
  }

  const associationConfigPath = resolve(baseDir, config.associationConfig)
  if (!existsSync(associationConfigPath))
    fail('associationConfig', `no file at ${associationConfigPath}`)
  // The same check the functions run at cold start, moved to synth time: a bad file never ships.
  const association = loadAssociationConfig(associationConfigPath)
  const imagePath = association.config.association.signatureImagePath
  const signatureImagePath = imagePath
    ? resolve(dirname(associationConfigPath), imagePath)
    : undefined
  if (signatureImagePath && !isInside(dirname(associationConfigPath), signatureImagePath))
    fail(
      'associationConfig',
      'association.signatureImagePath must stay in the folder of the association file (it is copied beside it into the bundles)',
    )

  const from = bareAddress(association.config.mail.from)
  if (!coversAddress(config.senderIdentity, from))
    fail(
      'senderIdentity',
      `the association sends from ${from} (mail.from), which the SES identity ${config.senderIdentity} does not cover`,
    )

  const orgId = association.config.id
  const signIn = staffSignInDomain(config, orgId, fail)
  // A real stage signs real receipts: the same refusal as the local server and the cold start.
  const identityProblems = isDevStage(config.stage) ? [] : realIdentityProblems(association)
  if (identityProblems.length > 0)
    fail('associationConfig', realIdentityMessage(identityProblems, associationConfigPath))
  return {
    ...config,
    associationConfigPath,
    ...(signatureImagePath ? { signatureImagePath } : {}),
    orgId,
    staffSignInDomain: signIn,
  }
}

function staffSignInDomain(
  config: z.output<typeof DeploymentConfigSchema>,
  orgId: string,
  fail: (parameter: string, message: string) => never,
): StaffSignInDomain {
  const { signInCustomDomain, signInDomainPrefix } = config.staff
  if (signInCustomDomain) return { kind: 'custom', ...signInCustomDomain }
  if (signInDomainPrefix) return { kind: 'prefix', prefix: signInDomainPrefix }
  const prefix = `recus-${orgId}-${config.stage}`
  if (!cognitoDomainPrefix.safeParse(prefix).success)
    fail(
      'staff.signInDomainPrefix',
      `the default Cognito prefix ${prefix} is not one Cognito accepts: set one`,
    )
  return { kind: 'prefix', prefix }
}

function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path)
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)
}

/** "Le Labo <recus@example.org>" → "recus@example.org". */
function bareAddress(from: string): string {
  return (/<([^>]+)>/.exec(from)?.[1] ?? from).trim().toLowerCase()
}

/** An address identity covers itself only; a domain identity covers the addresses of the domain. */
function coversAddress(identity: string, address: string): boolean {
  const id = identity.toLowerCase()
  return id.includes('@') ? id === address : address.endsWith(`@${id}`)
}
