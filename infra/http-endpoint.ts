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
export const STAFF_ROUTE = 'ANY /staff/api/{proxy+}'

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
 * The public HTTP API (API Gateway v2): the HelloAsso webhook and the health check today, the
 * staff API through addStaffRoutes() when the staff function exists.
 */
export class HttpEndpoint extends Construct {
  readonly api: HttpApi
  readonly stage: HttpStage
  readonly accessLogs: LogGroup
  readonly domainName?: DomainName
  private readonly routeKeys: { key: string; route: HttpRoute }[] = []

  constructor(scope: Construct, id: string, props: HttpEndpointProps) {
    super(scope, id)
    this.api = new HttpApi(this, 'Api', {
      description: 'HelloAsso notifications (and, later, the staff API)',
      createDefaultStage: false,
      // With a custom domain, the execute-api address would be a second, unadvertised way in.
      disableExecuteApiEndpoint: Boolean(props.customDomain),
    })
    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.DESTROY,
    })
    if (props.customDomain) {
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

  /** The URL HelloAsso posts to, without the secret segment. */
  get webhookBaseUrl(): string {
    const host = this.domainName
      ? `https://${this.domainName.name}`
      : `https://${this.api.apiId}.execute-api.${Stack.of(this).region}.${Stack.of(this).urlSuffix}`
    return `${host}/webhooks/helloasso/`
  }

  /**
   * The staff issue's entry point: `/staff/api/{proxy+}` to `staff`, behind a JWT authorizer on
   * the user pool; groups (viewer, manager) are checked by the function from the token.
   */
  addStaffRoutes(staff: IFunction, userPool: UserPool, client: UserPoolClient): HttpRoute {
    const authorizer = new HttpUserPoolAuthorizer('StaffAuthorizer', userPool, {
      userPoolClients: [client],
    })
    return this.addRoute(STAFF_ROUTE, new HttpLambdaIntegration('Staff', staff), authorizer)
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
