import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib'
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway'
import {
  type CfnStage,
  DomainName,
  HttpApi,
  type HttpMethod,
  type HttpRoute,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2'
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers'
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations'
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager'
import type { UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito'
import type { IFunction } from 'aws-cdk-lib/aws-lambda'
import { LogGroup } from 'aws-cdk-lib/aws-logs'
import { Construct } from 'constructs'
import { LOG_RETENTION } from './app-function.js'

export const WEBHOOK_ROUTE = 'POST /webhooks/helloasso/{secret}'
export const HEALTH_ROUTE = 'GET /healthz'
/** The staff JSON API, for bearer ID tokens: the one staff route behind the JWT authorizer. */
export const STAFF_ROUTE = 'ANY /staff/api/{proxy+}'
/** The staff pages (session cookie) and sign-in; the app tells them apart from the API. */
export const STAFF_HOME_ROUTE = 'GET /staff'
export const STAFF_PAGES_ROUTE = 'ANY /staff/{proxy+}'
/**
 * The API requests the pages themselves make with the session cookie, which a JWT authorizer
 * would refuse (no Authorization header): the instant search, the PDF link and the CSV export
 * link. More specific than STAFF_ROUTE, so API Gateway picks them first.
 */
export const STAFF_SEARCH_ROUTE = 'GET /staff/api/receipts'
export const STAFF_PDF_ROUTE = 'GET /staff/api/receipts/{number}/pdf'
export const STAFF_EXPORT_ROUTE = 'GET /staff/api/export.csv'

/** The public pages (functions/public): a receipt's verification link and a donor's own page. */
export const VERIFY_HOME_ROUTE = 'GET /verifier'
export const VERIFY_ROUTE = 'GET /verifier/{token}'
export const DONOR_HOME_ROUTE = 'ANY /mes-recus'
export const DONOR_PAGES_ROUTE = 'ANY /mes-recus/{proxy+}'
export const PUBLIC_ASSETS_ROUTE = 'GET /public-assets/{proxy+}'

export interface Throttle {
  rateLimit: number
  burstLimit: number
}

/**
 * Requests per second per route. HelloAsso posts one notification per event and replays
 * failures, a campaign opening can burst a few dozen; the health check is for a monitor.
 * Anything above is refused with 429 before it costs a Lambda invocation.
 */
export const ROUTE_THROTTLES: Readonly<Record<string, Throttle>> = {
  [WEBHOOK_ROUTE]: { rateLimit: 20, burstLimit: 50 },
  [HEALTH_ROUTE]: { rateLimit: 2, burstLimit: 5 },
  [STAFF_ROUTE]: { rateLimit: 10, burstLimit: 20 },
  // A few people: a page is one request plus its two cached assets.
  [STAFF_HOME_ROUTE]: { rateLimit: 5, burstLimit: 10 },
  [STAFF_PAGES_ROUTE]: { rateLimit: 10, burstLimit: 30 },
  // Search as you type, 250 ms apart.
  [STAFF_SEARCH_ROUTE]: { rateLimit: 10, burstLimit: 20 },
  // Each renders a PDF (a second of a 1 GB function): the cheapest way to run up the bill.
  [STAFF_PDF_ROUTE]: { rateLimit: 2, burstLimit: 5 },
  // A year of receipts read and written out: a click, not a loop.
  [STAFF_EXPORT_ROUTE]: { rateLimit: 1, burstLimit: 2 },
  // A QR code scanned now and then; a tax office checking a batch, a few a second.
  [VERIFY_HOME_ROUTE]: { rateLimit: 2, burstLimit: 5 },
  [VERIFY_ROUTE]: { rateLimit: 10, burstLimit: 20 },
  // Each POST may send an email: the app limits per address and IP, this caps the whole.
  [DONOR_HOME_ROUTE]: { rateLimit: 2, burstLimit: 5 },
  // A donor's page, its PDFs (each a render) and their data.
  [DONOR_PAGES_ROUTE]: { rateLimit: 5, burstLimit: 10 },
  [PUBLIC_ASSETS_ROUTE]: { rateLimit: 10, burstLimit: 20 },
}
/** Routes without an entry above (none today). */
const DEFAULT_THROTTLE: Throttle = { rateLimit: 5, burstLimit: 10 }

/**
 * Access log fields. `routeKey` and never `path`: the webhook path carries the secret
 * (invariant 9); no source IP either, staff addresses are personal data.
 */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  time: '$context.requestTime',
  route: '$context.routeKey',
  status: '$context.status',
  latencyMs: '$context.responseLatency',
  integrationStatus: '$context.integrationStatus',
  integrationError: '$context.integrationErrorMessage',
  responseLength: '$context.responseLength',
})

export interface HttpEndpointProps {
  ingest: IFunction
  customDomain?: { domainName: string; certificateArn: string }
}

/**
 * The public HTTP API (API Gateway v2): the HelloAsso webhook, the health check and, through
 * addStaffRoutes(), the staff app.
 */
export class HttpEndpoint extends Construct {
  readonly api: HttpApi
  readonly stage: HttpStage
  readonly accessLogs: LogGroup
  readonly domainName?: DomainName
  private readonly customDomainName?: string
  private readonly routeKeys: { key: string; route: HttpRoute }[] = []

  constructor(scope: Construct, id: string, props: HttpEndpointProps) {
    super(scope, id)
    this.api = new HttpApi(this, 'Api', {
      description: 'HelloAsso notifications and the staff app',
      createDefaultStage: false,
      // With a custom domain, the execute-api address would be a second, unadvertised way in.
      disableExecuteApiEndpoint: Boolean(props.customDomain),
    })
    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.DESTROY,
    })
    if (props.customDomain) {
      this.customDomainName = props.customDomain.domainName
      this.domainName = new DomainName(this, 'DomainName', {
        domainName: props.customDomain.domainName,
        certificate: Certificate.fromCertificateArn(
          this,
          'Certificate',
          props.customDomain.certificateArn,
        ),
      })
    }
    this.stage = new HttpStage(this, 'Stage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: DEFAULT_THROTTLE,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(ACCESS_LOG_FORMAT),
      },
      ...(this.domainName ? { domainMapping: { domainName: this.domainName } } : {}),
    })
    const ingest = new HttpLambdaIntegration('Ingest', props.ingest)
    // Public by design: HelloAsso cannot send a token. The secret path segment, the optional
    // signature and IP allow-list are checked by the ingest function (404/401/403).
    Validations.of(this.addRoute(WEBHOOK_ROUTE, ingest)).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'HelloAsso cannot send a token: ingest checks the secret path segment, signature and IPs.',
    })
    Validations.of(this.addRoute(HEALTH_ROUTE, ingest)).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason: 'Health check for uptime monitors: answers {"status":"ok"} and reads nothing.',
    })
  }

  /**
   * `https://host` of the API, without a trailing slash: the custom domain when there is one
   * (the execute-api address is then disabled), else a token resolved at deployment.
   */
  get baseUrl(): string {
    return this.customDomainName
      ? `https://${this.customDomainName}`
      : `https://${this.api.apiId}.execute-api.${Stack.of(this).region}.${Stack.of(this).urlSuffix}`
  }

  /** The URL HelloAsso posts to, without the secret segment. */
  get webhookBaseUrl(): string {
    return `${this.baseUrl}/webhooks/helloasso/`
  }

  /**
   * The staff app, one function behind every `/staff` route. `/staff/api/{proxy+}` is behind a
   * JWT authorizer on the user pool (ID tokens of this client); the pages, the sign-in and the
   * three API reads the pages make with their cookie cannot be: the function authenticates every
   * request itself (cookie or ID token) and checks the groups (viewer, manager).
   */
  addStaffRoutes(
    staff: IFunction,
    userPool: UserPool,
    client: UserPoolClient,
  ): Record<string, HttpRoute> {
    const integration = new HttpLambdaIntegration('Staff', staff)
    const authorizer = new HttpUserPoolAuthorizer('StaffAuthorizer', userPool, {
      userPoolClients: [client],
    })
    const routes: Record<string, HttpRoute> = {
      [STAFF_ROUTE]: this.addRoute(STAFF_ROUTE, integration, authorizer),
    }
    const unauthorized: [string, string][] = [
      [
        STAFF_HOME_ROUTE,
        'Staff pages carry a session cookie, not a token: the app authenticates each page itself.',
      ],
      [
        STAFF_PAGES_ROUTE,
        'Staff pages (session cookie) and the sign-in, public by nature: the app authenticates every page itself.',
      ],
      [
        STAFF_SEARCH_ROUTE,
        'Fetched by the staff search page with its session cookie: the app authenticates it (cookie or ID token).',
      ],
      [
        STAFF_PDF_ROUTE,
        'Linked from the staff receipt page, sent with its session cookie: the app authenticates it (cookie or ID token).',
      ],
      [
        STAFF_EXPORT_ROUTE,
        'Linked from the staff dashboard, sent with its session cookie: the app authenticates it (cookie or ID token).',
      ],
    ]
    for (const [key, reason] of unauthorized) {
      const route = this.addRoute(key, integration)
      Validations.of(route).acknowledge({ id: 'AwsSolutions-APIG4', reason })
      routes[key] = route
    }
    return routes
  }

  /**
   * The public pages, no sign-in by nature: one function reads receipts by their signed link,
   * and emails donors their link (rate-limited per address and IP in the table).
   */
  addPublicRoutes(publicPages: IFunction): Record<string, HttpRoute> {
    const integration = new HttpLambdaIntegration('Public', publicPages)
    const routes: Record<string, HttpRoute> = {}
    for (const key of [
      VERIFY_HOME_ROUTE,
      VERIFY_ROUTE,
      DONOR_HOME_ROUTE,
      DONOR_PAGES_ROUTE,
      PUBLIC_ASSETS_ROUTE,
    ]) {
      const route = this.addRoute(key, integration)
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'Public by design: a receipt verification link (signed token) or a donor page (emailed secret link); the app checks each.',
      })
      routes[key] = route
    }
    return routes
  }

  private addRoute(
    routeKey: string,
    integration: HttpLambdaIntegration,
    authorizer?: HttpUserPoolAuthorizer,
  ): HttpRoute {
    const [method, path] = routeKey.split(' ') as [string, string]
    const [route] = this.api.addRoutes({
      path,
      methods: [method as HttpMethod],
      integration,
      ...(authorizer ? { authorizer } : {}),
    })
    if (!route) throw new Error(`no route made for ${routeKey}`)
    this.routeKeys.push({ key: routeKey, route })
    this.applyRouteThrottles()
    return route
  }

  /**
   * The L2 stage has one throttle for all routes; per-route settings go on the L1. API Gateway
   * refuses settings for a route that does not exist yet, hence the dependencies.
   */
  private applyRouteThrottles(): void {
    const settings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> =
      {}
    for (const { key, route } of this.routeKeys) {
      const throttle = ROUTE_THROTTLES[key] ?? DEFAULT_THROTTLE
      settings[key] = {
        ThrottlingRateLimit: throttle.rateLimit,
        ThrottlingBurstLimit: throttle.burstLimit,
      }
      this.stage.node.addDependency(route)
    }
    ;(this.stage.node.defaultChild as CfnStage).addPropertyOverride('RouteSettings', settings)
  }
}
