import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { runGolive } from '../../infra/golive/golive-cli.js'
import { createGoliveClients } from '../../infra/golive/golive-deps.js'
import { setupMswServer } from '../support/msw-server.js'
import { testAssociationConfig } from '../support/test-association-config.js'
import { type FakeAccount, fakeAwsHandlers, readyAccount } from './fake-aws-account.js'

/** `npm run golive -- --stage prod` against AWS and HelloAsso stood in by msw. */
const ROOT = new URL('../../', import.meta.url).pathname
const SENDER = 'rtld-drome.fr'
const ALARMS = 'alertes@rtld-drome.fr'
let account: FakeAccount
setupMswServer(...fakeAwsHandlers(() => account, ALARMS))
beforeEach(() => {
  account = readyAccount(SENDER)
})

function deploymentFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'golive-'))
  const association = testAssociationConfig()
  association.mail = { from: `Réseau Tiers-Lieux Drôme <recus@${SENDER}>` }
  writeFileSync(join(dir, 'association.json'), JSON.stringify(association))
  writeFileSync(
    join(dir, 'prod.json'),
    JSON.stringify({
      stage: 'prod',
      region: 'eu-west-3',
      account: '123456789012',
      associationConfig: 'association.json',
      alarmEmail: ALARMS,
      senderIdentity: SENDER,
      helloAsso: { clientId: 'a1b2c3d4e5', environment: 'production', verifySignature: true },
    }),
  )
  return join(dir, 'prod.json')
}

async function golive(file = deploymentFile()) {
  const lines: string[] = []
  const code = await runGolive(['--stage', 'prod', '--deployment', file], {
    out: (line) => lines.push(line),
    clients: (region) =>
      createGoliveClients(region, {
        credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
        maxAttempts: 1,
      }),
  })
  return { code, lines, todo: lines.filter((line) => line.startsWith('À FAIRE')) }
}

describe('npm run golive', () => {
  it('says OK, one line per check, and exits 0 when everything is done', async () => {
    const { code, lines } = await golive()
    expect(lines).toEqual([
      'Mise en service de « prod » (eu-west-3) :',
      'OK       Compte AWS 123456789012, identifiants de arn:aws:iam::123456789012:user/tresoriere.',
      'OK       SES : rtld-drome.fr vérifiée, e-mails signés DKIM (domaine rtld-drome.fr).',
      'OK       SES : accès production accordé en eu-west-3.',
      'OK       Secrets Manager : le secret du client API HelloAsso n’est plus la valeur générée (2 versions).',
      'OK       Secrets Manager : la clé de signature des notifications n’est plus la valeur générée (2 versions).',
      'OK       HelloAsso (production) accepte le client a1b2c3d4e5 et son secret.',
      'OK       Alarmes : l’abonnement de alertes@rtld-drome.fr est confirmé.',
      'OK       Équipe : 1 gestionnaire(s) connecté(s) avec une application d’authentification.',
      'OK       Notifications : https://abc123.execute-api.eu-west-3.amazonaws.com/webhooks/helloasso/<secret> reçoit, stocke et répond 200.',
      'Tout est prêt : rien à faire.',
    ])
    expect(code).toBe(0)
  })

  it.each<[string, (a: FakeAccount) => unknown, RegExp]>([
    [
      'another account',
      (a) => Object.assign(a, { account: '999999999999' }),
      /^À FAIRE {2}Compte AWS : .*999999999999.*123456789012/,
    ],
    [
      'the SES domain not verified',
      (a) => Object.assign(a.identities, { [SENDER]: { verified: false, dkim: 'PENDING' } }),
      /^À FAIRE {2}SES : le domaine rtld-drome\.fr n’est pas vérifié.*tok1\._domainkey\.rtld-drome\.fr CNAME tok1\.dkim\.amazonses\.com/,
    ],
    [
      'DKIM not signing',
      (a) => Object.assign(a.identities, { [SENDER]: { verified: true, dkim: 'PENDING' } }),
      /^À FAIRE {2}SES : rtld-drome\.fr est vérifiée, mais ses e-mails ne sont pas signés DKIM/,
    ],
    [
      'the SES sandbox',
      (a) => Object.assign(a, { production: false }),
      /^À FAIRE {2}SES : le compte est dans le bac à sable de SES.*Demander l’accès production/,
    ],
    [
      'production access under review',
      (a) => Object.assign(a, { production: false, reviewPending: true }),
      /^À FAIRE {2}SES : la demande d’accès production est en cours d’examen/,
    ],
    [
      'the client secret still the placeholder',
      (a) => Object.assign(a.secretVersions, { HelloAssoClientSecret: 1 }),
      /^À FAIRE {2}Secrets Manager : le secret du client API HelloAsso est encore la valeur générée.*put-secret-value/,
    ],
    [
      'HelloAsso refusing the client',
      (a) => Object.assign(a, { helloAssoAccepts: false }),
      /^À FAIRE {2}HelloAsso \(production\) refuse le client a1b2c3d4e5 avec ce secret \(401\)/,
    ],
    [
      'the alarm subscription pending',
      (a) => Object.assign(a, { subscription: 'pending' }),
      /^À FAIRE {2}Alarmes : l’abonnement de alertes@rtld-drome\.fr attend sa confirmation/,
    ],
    [
      'no manager with MFA',
      (a) =>
        Object.assign(a, {
          managers: [
            { name: 'camille@rtld-drome.fr', status: 'FORCE_CHANGE_PASSWORD', mfa: false },
          ],
        }),
      /^À FAIRE {2}Équipe : aucun gestionnaire n’a encore fini sa première connexion.*\(1 compte\(s\) dans le groupe manager\)/,
    ],
    [
      'a webhook secret HelloAsso does not have',
      (a) => Object.assign(a, { deployedWebhookSecret: 'another' }),
      /^À FAIRE {2}Notifications : .*<secret> répond 404\. À faire : le secret ne correspond pas/,
    ],
  ])('%s: one À FAIRE line that says what to do, and exit 2', async (_name, change, expected) => {
    change(account)
    const { code, todo } = await golive()
    expect(todo).toEqual([expect.stringMatching(expected)])
    expect(code).toBe(2)
  })

  it('without usable AWS credentials, says how to get them and checks nothing else', async () => {
    account.credentialsValid = false
    const { code, lines } = await golive()
    expect(lines.slice(1, -1)).toEqual([
      'À FAIRE  Identifiants AWS : aucun d’utilisable (InvalidClientTokenId). À faire : installez l’AWS CLI, puis « aws configure » ou « aws sso login », et relancez (AWS_PROFILE=… pour un autre profil). Les autres vérifications en dépendent.',
    ])
    expect(code).toBe(2)
  })

  it('before the first deployment, checks SES and says to deploy', async () => {
    account.stackDeployed = false
    const { code, todo, lines } = await golive()
    expect(lines.filter((l) => l.startsWith('OK'))).toHaveLength(3)
    expect(todo).toEqual([
      expect.stringMatching(
        /^À FAIRE {2}Pile RecusFiscaux-prod-service : introuvable en eu-west-3 \(ValidationError\)\. À faire : npx cdk deploy --all -c stage=prod/,
      ),
    ])
    expect(code).toBe(2)
  })

  it('refuses a deployment file with placeholders the way synth does, and asks AWS nothing', async () => {
    const file = deploymentFile()
    const raw = JSON.parse(readFileSync(file, 'utf8'))
    writeFileSync(
      file,
      JSON.stringify({
        ...raw,
        helloAsso: { clientId: 'replace-with-the-helloasso-api-client-id' },
      }),
    )
    account.credentialsValid = false
    const { code, lines } = await golive(file)
    expect(lines).toEqual([
      expect.stringMatching(
        /prod\.json : 1 problème\(s\) à corriger avant de déployer :\n {2}- « helloAsso\.clientId » : « replace-with-the-helloasso-api-client-id » est la valeur d’exemple/,
      ),
    ])
    expect(code).toBe(2)
  })
})

describe('the preflight’s SDK clients', () => {
  it('stay out of the Lambda bundles: nothing under functions/ or shared/ imports them', () => {
    const offenders = ['functions', 'shared']
      .flatMap((dir) =>
        readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' }).map((f) =>
          join(dir, f),
        ),
      )
      .filter((file) => /\.tsx?$/.test(file))
      .filter((file) =>
        /@aws-sdk\/client-(sts|cloudformation|sns|cognito-identity-provider)|infra\/golive/.test(
          readFileSync(join(ROOT, file), 'utf8'),
        ),
      )
    expect(offenders).toEqual([])
  })
})
