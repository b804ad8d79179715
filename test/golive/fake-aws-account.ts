import { HttpResponse, http } from 'msw'
import { HELLOASSO_URLS } from '../../infra/deployment-config.js'
import { verifyHelloAssoSignature } from '../../shared/ingest/verify-signature.js'

/**
 * The AWS services `npm run golive` asks (STS, CloudFormation, SES v2, Secrets Manager, SNS,
 * Cognito, in eu-west-3), HelloAsso's token endpoint and the deployed webhook, behind msw, with
 * a state each test turns from ready to « À FAIRE » one field at a time.
 */
export interface FakeAccount {
  account: string
  credentialsValid: boolean
  stackDeployed: boolean
  identities: Record<string, { verified: boolean; dkim: 'SUCCESS' | 'PENDING' | 'NOT_STARTED' }>
  production: boolean
  reviewPending: boolean
  /** Versions of each secret: 1 is the placeholder the stack generated. */
  secretVersions: Record<string, number>
  secretValues: Record<string, string>
  helloAssoAccepts: boolean
  subscription: 'confirmed' | 'pending' | 'none'
  managers: { name: string; status: string; mfa: boolean }[]
  /** The webhook secret the deployed ingest function knows. */
  deployedWebhookSecret: string
}

export const REGION = 'eu-west-3'
export const SERVICE_STACK = 'RecusFiscaux-prod-service'
const ARN = (name: string) => `arn:aws:secretsmanager:${REGION}:123456789012:secret:${name}`
export const WEBHOOK_BASE = `https://abc123.execute-api.${REGION}.amazonaws.com/webhooks/helloasso/`
const TOPIC = `arn:aws:sns:${REGION}:123456789012:RecusFiscaux-prod-service-AlarmTopic`

export function readyAccount(sender: string): FakeAccount {
  return {
    account: '123456789012',
    credentialsValid: true,
    stackDeployed: true,
    identities: { [sender]: { verified: true, dkim: 'SUCCESS' } },
    production: true,
    reviewPending: false,
    secretVersions: { HelloAssoClientSecret: 2, HelloAssoSignatureKey: 2 },
    secretValues: {
      HelloAssoClientSecret: 'the-real-client-secret',
      HelloAssoSignatureKey: 'the-real-signing-key',
      WebhookSecret: 'w3bh00k-secret',
    },
    helloAssoAccepts: true,
    subscription: 'confirmed',
    managers: [{ name: 'camille@rtld-drome.fr', status: 'CONFIRMED', mfa: true }],
    deployedWebhookSecret: 'w3bh00k-secret',
  }
}

const xml = (body: string, status = 200) =>
  new HttpResponse(body, { status, headers: { 'content-type': 'text/xml' } })
const queryError = (code: string, message: string, status = 400) =>
  xml(
    `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>1</RequestId></ErrorResponse>`,
    status,
  )
const jsonError = (type: string, status = 400) =>
  HttpResponse.json(
    { __type: type, message: type },
    { status, headers: { 'x-amzn-errortype': type } },
  )

export function fakeAwsHandlers(state: () => FakeAccount, alarmEmail: string) {
  const outputs = () => ({
    WebhookUrlWithoutSecret: WEBHOOK_BASE,
    WebhookSecretArn: ARN('WebhookSecret'),
    HelloAssoClientSecretArn: ARN('HelloAssoClientSecret'),
    HelloAssoSignatureKeyArn: ARN('HelloAssoSignatureKey'),
    StaffUserPoolId: `${REGION}_Pool1`,
    StaffUrl: 'https://abc123.execute-api.eu-west-3.amazonaws.com/staff',
  })
  return [
    http.post(`https://sts.${REGION}.amazonaws.com/`, () => {
      const s = state()
      if (!s.credentialsValid)
        return queryError(
          'InvalidClientTokenId',
          'The security token included in the request is invalid.',
          403,
        )
      return xml(
        `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::${s.account}:user/tresoriere</Arn><UserId>AIDEXAMPLE</UserId><Account>${s.account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
      )
    }),
    http.post(`https://cloudformation.${REGION}.amazonaws.com/`, async ({ request }) => {
      const form = new URLSearchParams(await request.text())
      if (!state().stackDeployed)
        return queryError(
          'ValidationError',
          `Stack with id ${form.get('StackName')} does not exist`,
        )
      if (form.get('Action') === 'DescribeStacks') {
        const members = Object.entries(outputs())
          .map(
            ([k, v]) =>
              `<member><OutputKey>${k}</OutputKey><OutputValue>${v}</OutputValue></member>`,
          )
          .join('')
        return xml(
          `<DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStacksResult><Stacks><member><StackName>${SERVICE_STACK}</StackName><StackStatus>UPDATE_COMPLETE</StackStatus><CreationTime>2026-11-01T10:00:00Z</CreationTime><Outputs>${members}</Outputs></member></Stacks></DescribeStacksResult></DescribeStacksResponse>`,
        )
      }
      return xml(
        `<ListStackResourcesResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><ListStackResourcesResult><StackResourceSummaries><member><LogicalResourceId>MonitoringAlarmTopic1A2B3C</LogicalResourceId><PhysicalResourceId>${TOPIC}</PhysicalResourceId><ResourceType>AWS::SNS::Topic</ResourceType><LastUpdatedTimestamp>2026-11-01T10:00:00Z</LastUpdatedTimestamp><ResourceStatus>CREATE_COMPLETE</ResourceStatus></member></StackResourceSummaries></ListStackResourcesResult></ListStackResourcesResponse>`,
      )
    }),
    http.get(
      `https://email.${REGION}.amazonaws.com/v2/email/identities/:identity`,
      ({ params }) => {
        const identity = state().identities[decodeURIComponent(String(params.identity))]
        if (!identity) return jsonError('NotFoundException', 404)
        return HttpResponse.json({
          IdentityType: String(params.identity).includes('@') ? 'EMAIL_ADDRESS' : 'DOMAIN',
          VerifiedForSendingStatus: identity.verified,
          DkimAttributes: {
            Status: identity.dkim,
            SigningEnabled: true,
            Tokens: ['tok1', 'tok2', 'tok3'],
          },
        })
      },
    ),
    http.get(`https://email.${REGION}.amazonaws.com/v2/email/account`, () =>
      HttpResponse.json({
        ProductionAccessEnabled: state().production,
        SendingEnabled: true,
        ...(state().reviewPending ? { Details: { ReviewDetails: { Status: 'PENDING' } } } : {}),
      }),
    ),
    http.post(`https://secretsmanager.${REGION}.amazonaws.com/`, async ({ request }) => {
      const target = request.headers.get('x-amz-target') ?? ''
      const { SecretId } = (await request.json()) as { SecretId: string }
      const name = SecretId.split(':secret:')[1] ?? ''
      if (target.endsWith('DescribeSecret')) {
        const versions = state().secretVersions[name] ?? 1
        return HttpResponse.json({
          ARN: SecretId,
          VersionIdsToStages: Object.fromEntries(
            Array.from({ length: versions }, (_, i) => [
              `v${i}`,
              [i === versions - 1 ? 'AWSCURRENT' : 'AWSPREVIOUS'],
            ]),
          ),
        })
      }
      return HttpResponse.json({
        ARN: SecretId,
        SecretString: state().secretValues[name] ?? 'generated',
      })
    }),
    http.post(`https://sns.${REGION}.amazonaws.com/`, () => {
      const s = state().subscription
      const member =
        s === 'none'
          ? ''
          : `<member><TopicArn>${TOPIC}</TopicArn><Protocol>email</Protocol><SubscriptionArn>${s === 'confirmed' ? `${TOPIC}:1111` : 'PendingConfirmation'}</SubscriptionArn><Owner>123456789012</Owner><Endpoint>${alarmEmail}</Endpoint></member>`
      return xml(
        `<ListSubscriptionsByTopicResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><ListSubscriptionsByTopicResult><Subscriptions>${member}</Subscriptions></ListSubscriptionsByTopicResult></ListSubscriptionsByTopicResponse>`,
      )
    }),
    http.post(`https://cognito-idp.${REGION}.amazonaws.com/`, async ({ request }) => {
      const target = request.headers.get('x-amz-target') ?? ''
      const body = (await request.json()) as { Username?: string; GroupName?: string }
      if (target.endsWith('ListUsersInGroup'))
        return HttpResponse.json({ Users: state().managers.map((m) => ({ Username: m.name })) })
      const user = state().managers.find((m) => m.name === body.Username)
      return HttpResponse.json({
        Username: body.Username,
        Enabled: true,
        UserStatus: user?.status,
        UserMFASettingList: user?.mfa ? ['SOFTWARE_TOKEN_MFA'] : [],
      })
    }),
    http.post(HELLOASSO_URLS.production.token, async ({ request }) => {
      const form = new URLSearchParams(await request.text())
      const ok = state().helloAssoAccepts && form.get('client_secret') === 'the-real-client-secret'
      return ok
        ? HttpResponse.json({
            access_token: 't',
            token_type: 'bearer',
            expires_in: 1800,
            refresh_token: 'r',
          })
        : HttpResponse.json({ error: 'invalid_client' }, { status: 401 })
    }),
    http.post(`${WEBHOOK_BASE}:secret`, async ({ request, params }) => {
      const s = state()
      if (params.secret !== s.deployedWebhookSecret)
        return HttpResponse.json({ error: 'not found' }, { status: 404 })
      const body = await request.text()
      const key = s.secretValues.HelloAssoSignatureKey ?? ''
      if (!verifyHelloAssoSignature(body, request.headers.get('x-ha-signature') ?? undefined, key))
        return HttpResponse.json({ error: 'invalid signature' }, { status: 401 })
      return HttpResponse.json({
        id: 'n1',
        status: JSON.parse(body).eventType === 'GoLivePreflight' ? 'ignored' : 'received',
      })
    }),
  ]
}
