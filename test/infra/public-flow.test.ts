import type { Template } from 'aws-cdk-lib/assertions'
import { beforeAll, describe, expect, it } from 'vitest'
import { ARCHIVE_EXPIRY } from '../../infra/data-stack.js'
import {
  DONOR_HOME_ROUTE,
  DONOR_PAGES_ROUTE,
  PUBLIC_ASSETS_ROUTE,
  VERIFY_HOME_ROUTE,
  VERIFY_ROUTE,
} from '../../infra/http-endpoint.js'
import { PURGE_COMMAND } from '../../infra/purge-schedule.js'
import { type SynthesizedApp, synthApp } from './support/synth-app.js'

type Resource = { Type: string; Properties: Record<string, unknown> }

let synth: SynthesizedApp
let template: Template

beforeAll(() => {
  synth = synthApp()
  template = synth.serviceTemplate
}, 120_000)

let withPurge: SynthesizedApp | undefined
/** The same deployment with `jobs.purgeEnabled`, synthesized once for the tests that need it. */
const purgeOn = () => {
  withPurge ??= synthApp({ deployment: { jobs: { purgeEnabled: true } } as never })
  return withPurge
}

function one(type: string, prefix: string): { id: string; resource: Resource } {
  const pattern = new RegExp(`^${prefix}[0-9A-F]{8}$`)
  const found = Object.entries(template.findResources(type)).filter(([id]) => pattern.test(id))
  if (found.length !== 1) throw new Error(`${found.length} ${type} named ${prefix}*`)
  const [id, resource] = found[0] as [string, Resource]
  return { id, resource }
}

const environmentOf = (name: string) =>
  (
    one('AWS::Lambda::Function', `${name}Function`).resource.Properties.Environment as {
      Variables: Record<string, unknown>
    }
  ).Variables

const statementsOf = (name: string) =>
  (
    one('AWS::IAM::Policy', `${name}RoleDefaultPolicy`).resource.Properties.PolicyDocument as {
      Statement: { Action: string | string[]; Resource: unknown }[]
    }
  ).Statement

const actionsOf = (name: string) => statementsOf(name).flatMap((s) => [s.Action].flat())

describe('infra: the public pages, the signing key, the purge schedule', () => {
  it('routes /verifier and /mes-recus to one public function, without sign-in', () => {
    const publicFn = one('AWS::Lambda::Function', 'PublicPagesFunction').id
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')) as Resource[]
    for (const key of [
      VERIFY_HOME_ROUTE,
      VERIFY_ROUTE,
      DONOR_HOME_ROUTE,
      DONOR_PAGES_ROUTE,
      PUBLIC_ASSETS_ROUTE,
    ]) {
      const route = routes.find((r) => r.Properties.RouteKey === key)
      expect(route, key).toBeDefined()
      expect(route?.Properties.AuthorizationType ?? 'NONE').toBe('NONE')
      const integrationId = JSON.stringify(route?.Properties.Target).match(/"(\w+)"/g)?.[1]
      const integration = template.findResources('AWS::ApiGatewayV2::Integration')[
        integrationId?.replaceAll('"', '') ?? ''
      ] as Resource | undefined
      expect(JSON.stringify(integration?.Properties.IntegrationUri)).toContain(publicFn)
    }
  })

  it('gives the public function no key and no secret, and the signers the key', () => {
    const publicEnv = environmentOf('PublicPages')
    expect(publicEnv.PUBLIC_BASE_URL).toBeDefined()
    expect(publicEnv.RECEIPT_SIGNING_KEY_ARN).toBeUndefined()
    expect(actionsOf('PublicPages').filter((a) => a.startsWith('secretsmanager:'))).toEqual([])
    expect(actionsOf('PublicPages')).not.toContain('dynamodb:DeleteItem')
    expect(actionsOf('PublicPages')).not.toContain('dynamodb:ConditionCheckItem')
    for (const signer of ['Number', 'StaffApp', 'Jobs', 'JobsWorker']) {
      const env = environmentOf(signer)
      expect(env.RECEIPT_SIGNING_KEY_ARN, signer).toEqual({ Ref: 'ReceiptSigningKey' })
      expect(env.PUBLIC_BASE_URL, signer).toBeDefined()
      expect(
        statementsOf(signer).some(
          (s) =>
            [s.Action].flat().includes('secretsmanager:GetSecretValue') &&
            JSON.stringify(s.Resource).includes('ReceiptSigningKey'),
        ),
        signer,
      ).toBe(true)
    }
    for (const other of ['Ingest', 'Process', 'Deliver']) {
      expect(environmentOf(other).RECEIPT_SIGNING_KEY_ARN, other).toBeUndefined()
    }
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { PasswordLength: 48, ExcludePunctuation: true },
      Description: `Seed of the key that signs receipt verification links (test); never printed`,
    })
  })

  it('deploys the yearly purge schedule disabled, unless the deployment turns it on', () => {
    const schedules = Object.values(
      template.findResources('AWS::Scheduler::Schedule'),
    ) as Resource[]
    const purge = schedules.find((s) =>
      JSON.stringify(s.Properties.Target).includes(
        JSON.stringify(JSON.stringify(PURGE_COMMAND)).slice(1, -1),
      ),
    )
    expect(purge?.Properties).toMatchObject({
      State: 'DISABLED',
      ScheduleExpression: 'cron(30 4 15 1 ? *)',
      ScheduleExpressionTimezone: 'Europe/Paris',
    })
    expect(actionsOf('Jobs')).toContain('dynamodb:Scan')
    const enabled = purgeOn()
    const turnedOn = Object.values(
      enabled.serviceTemplate.findResources('AWS::Scheduler::Schedule'),
    ) as Resource[]
    expect(
      turnedOn.find((s) => JSON.stringify(s.Properties.Target).includes('purge'))?.Properties.State,
    ).toBe('ENABLED')
  }, 120_000)

  it('expires archived objects after the retention period when the purge is on, never otherwise', () => {
    expect(JSON.stringify(synth.dataTemplate.findResources('AWS::S3::Bucket'))).not.toContain(
      'ExpirationInDays',
    )
    purgeOn().dataTemplate.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: [
          {
            Id: 'archive-tiering',
            Status: 'Enabled',
            ExpirationInDays: ARCHIVE_EXPIRY.toDays(),
            NoncurrentVersionExpiration: { NoncurrentDays: 30 },
          },
        ],
      },
    })
    // Rate-limit counters and donor links go through the table's TTL.
    synth.dataTemplate.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
    })
  })
})
