import { existsSync, readFileSync } from 'node:fs'
import { dirname, isAbsolute, relative, resolve } from 'node:path'
import * as z from 'zod'
import {
  type LoadedAssociationConfig,
  loadAssociationConfig,
} from '../shared/config/load-association-config.js'
import { isDevStage, realIdentityProblems } from '../shared/config/real-identity.js'

/**
 * One deployment (a stage) of the service, as a JSON file under infra/deployments/ (or any
 * path given with `-c deployment=...`). Validated before any construct is made, with messages
 * that name the parameter to fix.
 */
const emailAddress = z.email('une adresse e-mail, ex. alertes@asso.fr')
const domainName = z
  .string()
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/, 'un nom de domaine')

/** Cognito's rules for a prefix domain (and its reserved words). */
const cognitoDomainPrefix = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'minuscules, chiffres et « - », 63 au plus')
  .refine((prefix) => !/aws|amazon|cognito/.test(prefix), {
    error: 'Cognito refuse un préfixe qui contient « aws », « amazon » ou « cognito »',
  })

export const DeploymentConfigSchema = z.object({
  /** Short name of the deployment, part of every stack name ("dev", "prod"). */
  stage: z
    .string()
    .regex(
      /^[a-z][a-z0-9-]{0,19}$/,
      'minuscules, chiffres et « - », 20 au plus, une lettre d’abord',
    ),
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'une région AWS, ex. eu-west-3')
    .default('eu-west-3'),
  /** Pins the target account; unset = the account of the deploying credentials. */
  account: z
    .string()
    .regex(/^\d{12}$/, '12 chiffres')
    .optional(),
  /** The association's JSON (ASSOCIATION_CONFIG), relative to this file; shipped in the bundles. */
  associationConfig: z.string().min(1, 'le chemin du fichier JSON de l’association'),
  /** Receives the alarms (the subscription must be confirmed from the mailbox). */
  alarmEmail: emailAddress,
  /** SES identity the emails are sent from: an address (recus@x.org) or a domain (x.org). */
  senderIdentity: z.union([emailAddress, domainName], {
    error: 'une adresse e-mail ou un nom de domaine',
  }),
  /** Serve the API on this name instead of the execute-api one (DNS record set by hand). */
  customDomain: z
    .object({
      domainName,
      /** ACM certificate of that name, in the deployment's region. */
      certificateArn: z
        .string()
        .regex(
          /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[\w-]+$/,
          'un ARN de certificat ACM',
        ),
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
              'un ARN de certificat ACM en us-east-1 (Cognito l’exige là pour un domaine à vous)',
            ),
        })
        .optional(),
    })
    .default({}),
  helloAsso: z.object({
    /** OAuth2 client id of the association's API client (not secret; the secret is). */
    clientId: z.string().min(1, 'l’identifiant du client API HelloAsso'),
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
       * Whether the yearly retention purge runs (15 January): erases the personal data of
       * receipts past PERSONAL_DATA_RETENTION_YEARS. Off by default: the association decides.
       */
      purgeEnabled: z.boolean().default(false),
      /**
       * When the nightly reconciliation starts, Paris time. 03:30 by default: after the day's
       * payments, and an hour that exists exactly once on both daylight-saving days.
       */
      reconcileCron: z
        .object({
          hour: z.number().int().min(0, 'de 0 à 23').max(23, 'de 0 à 23').default(3),
          minute: z.number().int().min(0, 'de 0 à 59').max(59, 'de 0 à 59').default(30),
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
        .min(1, 'de 1 à 400 jours')
        .max(400, 'de 1 à 400 jours')
        .default(400),
      /**
       * Workers of the parallel lane (regenerate, resend) at once: 50 renders 5 000 chunks of
       * 200 PDFs in minutes. SQS event sources allow 2 to 1000, within the account's limit.
       */
      workerMaxConcurrency: z
        .number()
        .int()
        .min(2, 'de 2 à 1000 (limites des sources SQS)')
        .max(1000, 'de 2 à 1000 (limites des sources SQS)')
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

/**
 * Every problem of a deployment file at once, one French line each (« parameter » : what is
 * wrong and what to do): synth, deploy and golive print them without a stack trace.
 */
export class DeploymentConfigError extends Error {
  override readonly name = 'DeploymentConfigError'
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(
      `${source} : ${problems.length} problème(s) à corriger avant de déployer :\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    )
  }
}

/** Reads and checks a deployment file; relative paths in it are relative to the file. */
export function loadDeploymentConfig(path: string): DeploymentConfig {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'))
  } catch (cause) {
    const why = existsSync(path) ? 'ce n’est pas du JSON valide' : 'le fichier n’existe pas'
    throw new DeploymentConfigError(path, [
      `${why}. À faire : copiez infra/deployments/dev.json sous ce nom, puis adaptez-le (docs/go-live.md).${cause instanceof SyntaxError ? ` (${cause.message})` : ''}`,
    ])
  }
  return parseDeploymentConfig(raw, dirname(path), path)
}

/**
 * Client ids copied from the example file: a real stage would deploy, then fail every call to
 * HelloAsso.
 */
const PLACEHOLDER_CLIENT_ID = /^replace-with|^à renseigner$|^$/i
/** Reserved for examples (RFC 2606): nobody reads alarms there, SES never sends from there. */
const EXAMPLE_DOMAIN = /(^|[@.])example\.(org|com|net)$/i

export function parseDeploymentConfig(
  raw: unknown,
  baseDir: string,
  source = 'deployment config',
): DeploymentConfig {
  const result = DeploymentConfigSchema.safeParse(raw, { error: z.locales.fr().localeError })
  if (!result.success)
    throw new DeploymentConfigError(
      source,
      result.error.issues.map((issue) => `« ${issue.path.join('.')} » : ${issue.message}`),
    )
  const config = result.data
  const problems: string[] = []
  const fail = (parameter: string, message: string) =>
    problems.push(`« ${parameter} » : ${message}`)

  const associationConfigPath = resolve(baseDir, config.associationConfig)
  const association = readAssociation(associationConfigPath, fail)
  const imagePath = association?.config.association.signatureImagePath
  const signatureImagePath = imagePath
    ? resolve(dirname(associationConfigPath), imagePath)
    : undefined
  if (signatureImagePath && !isInside(dirname(associationConfigPath), signatureImagePath))
    fail(
      'associationConfig',
      'association.signatureImagePath doit rester dans le dossier du fichier de l’association (il est copié à côté de lui dans les paquets des fonctions)',
    )
  const from = association ? bareAddress(association.config.mail.from) : undefined
  if (from && !coversAddress(config.senderIdentity, from))
    fail(
      'senderIdentity',
      `l’association envoie depuis ${from} (mail.from), que l’identité SES ${config.senderIdentity} ne couvre pas`,
    )
  const orgId = association?.config.id ?? 'association'
  const signIn = staffSignInDomain(config, orgId, fail)
  // A real stage signs real receipts: the same refusals as the local server and the cold start.
  if (!isDevStage(config.stage)) {
    if (PLACEHOLDER_CLIENT_ID.test(config.helloAsso.clientId.trim()))
      fail(
        'helloAsso.clientId',
        `« ${config.helloAsso.clientId} » est la valeur d’exemple. À faire : mettez l’identifiant du client API HelloAsso de l’association (espace HelloAsso › Mon compte › Intégrations et API).`,
      )
    if (EXAMPLE_DOMAIN.test(config.senderIdentity))
      fail(
        'senderIdentity',
        `${config.senderIdentity} est une adresse d’exemple : SES n’enverra rien depuis elle. À faire : mettez l’adresse ou le domaine de l’association.`,
      )
    if (EXAMPLE_DOMAIN.test(config.alarmEmail))
      fail(
        'alarmEmail',
        `${config.alarmEmail} est une adresse d’exemple : personne ne recevrait les alarmes. À faire : mettez une adresse lue par quelqu’un.`,
      )
    // "association.signatory.name (valeur d’exemple)" → the field, then why, in the file to edit.
    for (const problem of association ? realIdentityProblems(association) : []) {
      const [field, why] = [
        problem.slice(0, problem.indexOf(' (')),
        problem.slice(problem.indexOf(' (') + 2, -1),
      ]
      fail(
        `${config.associationConfig} › ${field}`,
        `${why} ; les reçus réels exigent l’identité réelle de l’association`,
      )
    }
  }
  if (problems.length > 0 || !association) throw new DeploymentConfigError(source, problems)
  return {
    ...config,
    associationConfigPath,
    ...(signatureImagePath ? { signatureImagePath } : {}),
    orgId,
    staffSignInDomain: signIn,
  }
}

/** The association file, checked as the functions check it at cold start. */
function readAssociation(
  path: string,
  fail: (parameter: string, message: string) => void,
): LoadedAssociationConfig | undefined {
  if (!existsSync(path)) {
    fail('associationConfig', `aucun fichier à ${path}`)
    return undefined
  }
  try {
    return loadAssociationConfig(path)
  } catch (error) {
    fail('associationConfig', (error as Error).message.replace(/\n/g, ' '))
    return undefined
  }
}

function staffSignInDomain(
  config: z.output<typeof DeploymentConfigSchema>,
  orgId: string,
  fail: (parameter: string, message: string) => void,
): StaffSignInDomain {
  const { signInCustomDomain, signInDomainPrefix } = config.staff
  if (signInCustomDomain) return { kind: 'custom', ...signInCustomDomain }
  if (signInDomainPrefix) return { kind: 'prefix', prefix: signInDomainPrefix }
  const prefix = `recus-${orgId}-${config.stage}`
  if (!cognitoDomainPrefix.safeParse(prefix).success)
    fail(
      'staff.signInDomainPrefix',
      `le préfixe Cognito déduit, ${prefix}, n’est pas accepté par Cognito : choisissez-en un`,
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
