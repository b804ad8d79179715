import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadDeploymentConfig, parseDeploymentConfig } from '../../infra/deployment-config.js'
import { DEPLOYMENTS_DIR, TEST_DEPLOYMENT } from './support/synth-app.js'

const parse = (overrides: Record<string, unknown>) =>
  parseDeploymentConfig({ ...TEST_DEPLOYMENT, ...overrides }, DEPLOYMENTS_DIR, 'test.json')

describe('deployment config', () => {
  it('reads the dev deployment that `npm run synth` uses', () => {
    const config = loadDeploymentConfig(join(DEPLOYMENTS_DIR, 'dev.json'))
    expect(config).toMatchObject({
      stage: 'dev',
      region: 'eu-west-3',
      senderIdentity: 'recus@example.org',
      orgId: 'le-labo-de-l-ess',
      helloAsso: { environment: 'sandbox', verifySignature: false },
    })
    expect(config.associationConfigPath).toBe(join(DEPLOYMENTS_DIR, 'dev.association.json'))
  })

  it.each([
    [{ stage: 'Prod!' }, 'stage'],
    [{ region: 'paris' }, 'region'],
    [{ alarmEmail: 'not-an-address' }, 'alarmEmail'],
    [{ senderIdentity: 'nope' }, 'senderIdentity'],
    [{ helloAsso: { clientId: '' } }, 'helloAsso.clientId'],
    [
      { customDomain: { domainName: 'api.example.org', certificateArn: 'arn:nope' } },
      'customDomain.certificateArn',
    ],
  ])('names the parameter to fix: %j', (override, parameter) => {
    expect(() => parse(override)).toThrow(
      new RegExp(`test\\.json : [\\s\\S]*« ${parameter.replaceAll('.', '\\.')} » : `),
    )
  })

  it('schedules the jobs nightly at 03:30 (Paris), 400 days back, on 50 workers unless told otherwise', () => {
    const defaults = {
      reconcileEnabled: true,
      purgeEnabled: false,
      reconcileCron: { hour: 3, minute: 30 },
      reconcileLookbackDays: 400,
      workerMaxConcurrency: 50,
    }
    expect(parse({}).jobs).toEqual(defaults)
    expect(parse({ jobs: {} }).jobs).toEqual(defaults)
    expect(parse({ jobs: { reconcileCron: { hour: 1 } } }).jobs.reconcileCron).toEqual({
      hour: 1,
      minute: 30,
    })
    expect(parse({ jobs: { workerMaxConcurrency: 200 } }).jobs).toEqual({
      ...defaults,
      workerMaxConcurrency: 200,
    })
  })

  it.each([
    [{ reconcileCron: { hour: 24 } }, 'jobs.reconcileCron.hour'],
    [{ reconcileCron: { minute: 7.5 } }, 'jobs.reconcileCron.minute'],
    [{ reconcileLookbackDays: 0 }, 'jobs.reconcileLookbackDays'],
    // SQS event sources take 2 to 1000.
    [{ workerMaxConcurrency: 1 }, 'jobs.workerMaxConcurrency'],
    [{ workerMaxConcurrency: 5000 }, 'jobs.workerMaxConcurrency'],
  ])('refuses job settings the schedule or SQS would refuse: %j', (jobs, parameter) => {
    expect(() => parse({ jobs })).toThrow(
      new RegExp(`test\\.json : [\\s\\S]*« ${parameter.replaceAll('.', '\\.')} » : `),
    )
  })

  it('puts the staff sign-in on a Cognito prefix derived from the association and stage', () => {
    expect(parse({}).staffSignInDomain).toEqual({
      kind: 'prefix',
      prefix: 'recus-le-labo-de-l-ess-test',
    })
    expect(parse({ staff: { signInDomainPrefix: 'labo-staff' } }).staffSignInDomain).toEqual({
      kind: 'prefix',
      prefix: 'labo-staff',
    })
    const custom = {
      domainName: 'connexion.example.org',
      certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc-123',
    }
    expect(parse({ staff: { signInCustomDomain: custom } }).staffSignInDomain).toEqual({
      kind: 'custom',
      ...custom,
    })
  })

  it.each([
    [{ signInDomainPrefix: 'Labo_Staff' }, 'staff.signInDomainPrefix'],
    [{ signInDomainPrefix: 'my-cognito-login' }, 'staff.signInDomainPrefix'],
    [
      {
        signInCustomDomain: {
          domainName: 'connexion.example.org',
          // Cognito custom domains are served by CloudFront: us-east-1 only.
          certificateArn: 'arn:aws:acm:eu-west-3:123456789012:certificate/abc-123',
        },
      },
      'staff.signInCustomDomain.certificateArn',
    ],
  ])('refuses a sign-in domain Cognito would refuse: %j', (staff, parameter) => {
    expect(() => parse({ staff })).toThrow(
      new RegExp(`test\\.json : [\\s\\S]*« ${parameter.replaceAll('.', '\\.')} » : `),
    )
  })

  it('asks for a prefix when the derived one is not one Cognito accepts', () => {
    expect(() => parse({ stage: 'aws' })).toThrow(
      /« staff\.signInDomainPrefix » : le préfixe Cognito déduit, recus-le-labo-de-l-ess-aws/,
    )
  })

  it('refuses an association file that does not exist', () => {
    expect(() => parse({ associationConfig: 'missing.json' })).toThrow(
      /« associationConfig » : aucun fichier à .*missing\.json/,
    )
  })

  it('refuses a sender identity that does not cover the association’s mail.from', () => {
    // dev.association.json sends from recus@example.org.
    expect(parse({ senderIdentity: 'recus@example.org' }).senderIdentity).toBe('recus@example.org')
    expect(parse({ senderIdentity: 'example.org' }).senderIdentity).toBe('example.org')
    expect(() => parse({ senderIdentity: 'other.example' })).toThrow(
      /« senderIdentity » : l’association envoie depuis recus@example\.org \(mail\.from\)/,
    )
    expect(() => parse({ senderIdentity: 'someone@example.org' })).toThrow(/« senderIdentity » : /)
  })

  it('refuses a signature image outside the association file’s folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'deployment-'))
    mkdirSync(join(dir, 'association'))
    writeFileSync(join(dir, 'signature.png'), 'png bytes')
    const raw = JSON.parse(readFileSync(join(DEPLOYMENTS_DIR, 'dev.association.json'), 'utf8'))
    raw.association.signatureImagePath = '../signature.png'
    writeFileSync(join(dir, 'association', 'association.json'), JSON.stringify(raw))
    const deployment = { ...TEST_DEPLOYMENT, associationConfig: 'association/association.json' }
    expect(() => parseDeploymentConfig(deployment, dir)).toThrow(
      /« associationConfig » : association\.signatureImagePath doit rester dans le dossier/,
    )

    raw.association.signatureImagePath = 'signature.png'
    writeFileSync(join(dir, 'association', 'signature.png'), 'png bytes')
    writeFileSync(join(dir, 'association', 'association.json'), JSON.stringify(raw))
    expect(parseDeploymentConfig(deployment, dir).signatureImagePath).toBe(
      join(dir, 'association', 'signature.png'),
    )
  })

  it('refuses the placeholders for a stage that is not a dev stage, every one at once', () => {
    for (const stage of ['dev', 'test', 'dev-alice']) expect(parse({ stage }).stage).toBe(stage)
    const attempt = () => parse({ stage: 'prod', helloAsso: { clientId: 'replace-with-it' } })
    expect(attempt).toThrow(/les reçus réels exigent l’identité réelle de l’association/)
    for (const field of [
      'association.registrationNumber',
      'association.address.street',
      'association.address.postalCode',
      'association.signatory.name',
      'association.signatureImagePath',
      'mail.from',
    ])
      expect(attempt).toThrow(`« dev.association.json › ${field} » : `)
    for (const parameter of ['helloAsso.clientId', 'senderIdentity', 'alarmEmail'])
      expect(attempt).toThrow(`« ${parameter} » : `)
  })

  it('accepts a real stage once the identity is real and the typed signature is explicit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'deployment-'))
    const raw = JSON.parse(readFileSync(join(DEPLOYMENTS_DIR, 'dev.association.json'), 'utf8'))
    raw.association.registrationNumber = { kind: 'RNA', value: 'W751234567' }
    raw.association.address = { ...raw.association.address, street: '5 rue Réelle' }
    raw.association.address.postalCode = '75011'
    raw.association.signatory.name = 'Alex Martin'
    raw.mail.from = 'Le Labo de l’ESS <recus@lelabo-ess.fr>'
    writeFileSync(join(dir, 'association.json'), JSON.stringify(raw))
    const deployment = {
      ...TEST_DEPLOYMENT,
      stage: 'prod',
      associationConfig: 'association.json',
      senderIdentity: 'lelabo-ess.fr',
      alarmEmail: 'alertes@lelabo-ess.fr',
    }
    expect(() => parseDeploymentConfig(deployment, dir)).toThrow(
      /« association\.json › association\.signatureImagePath » : aucune image de signature/,
    )
    raw.association.typedSignature = true
    writeFileSync(join(dir, 'association.json'), JSON.stringify(raw))
    expect(parseDeploymentConfig(deployment, dir).stage).toBe('prod')
  })
})
