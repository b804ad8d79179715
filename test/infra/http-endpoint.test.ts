import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { App, Stack } from 'aws-cdk-lib'
import { Match, Template } from 'aws-cdk-lib/assertions'
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  HttpEndpoint,
  STAFF_EXPORT_ROUTE,
  STAFF_HOME_ROUTE,
  STAFF_PAGES_ROUTE,
  STAFF_PDF_ROUTE,
  STAFF_ROUTE,
  STAFF_SEARCH_ROUTE,
  WEBHOOK_ROUTE,
} from '../../infra/http-endpoint.js'
import { StaffUserPool } from '../../infra/staff-user-pool.js'

/**
 * HttpEndpoint.addStaffRoutes(): the staff function behind every /staff route, the JSON API
 * behind a Cognito JWT authorizer, each route with its own throttle. Inline functions: nothing
 * to bundle. With a custom domain, so the staff URLs are known strings here.
 */
let template: Template

beforeAll(() => {
  const app = new App({ builtinCloudFormationValidation: false })
  const stack = new Stack(app, 'Endpoint', { env: { region: 'eu-west-3' } })
  const inline = (id: string) =>
    new LambdaFunction(stack, id, {
      runtime: Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: Code.fromInline('export const handler = async () => ({ statusCode: 200 })'),
    })
  const endpoint = new HttpEndpoint(stack, 'Http', {
    ingest: inline('Ingest'),
    customDomain: {
      domainName: 'recus.example.org',
      certificateArn: 'arn:aws:acm:eu-west-3:123456789012:certificate/abc-123',
    },
  })
  const staff = new StaffUserPool(stack, 'Staff', {
    appBaseUrl: endpoint.baseUrl,
    signInDomain: {
      kind: 'custom',
      domainName: 'connexion.example.org',
      certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/def-456',
    },
  })
  endpoint.addStaffRoutes(inline('StaffFn'), staff.userPool, staff.client)
  template = Template.fromStack(stack)
})

const routeAuthorization = () =>
  Object.fromEntries(
    Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((route) => [
      route.Properties.RouteKey,
      route.Properties.AuthorizationType,
    ]),
  )

describe('HttpEndpoint', () => {
  it('routes /staff/api/{proxy+} through a JWT authorizer on the staff client’s ID tokens', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: Match.stringLikeRegexp('^StaffUserPoolStaffClient') }],
        Issuer: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
      },
    })
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1)
    expect(routeAuthorization()[STAFF_ROUTE]).toBe('JWT')
  })

  it('leaves the pages, the sign-in and the three cookie reads to the function', () => {
    expect(routeAuthorization()).toEqual({
      [WEBHOOK_ROUTE]: 'NONE',
      'GET /healthz': 'NONE',
      [STAFF_ROUTE]: 'JWT',
      [STAFF_HOME_ROUTE]: 'NONE',
      [STAFF_PAGES_ROUTE]: 'NONE',
      [STAFF_SEARCH_ROUTE]: 'NONE',
      [STAFF_PDF_ROUTE]: 'NONE',
      [STAFF_EXPORT_ROUTE]: 'NONE',
    })
    // One integration for all the staff routes, one for ingest.
    template.resourceCountIs('AWS::ApiGatewayV2::Integration', 2)
  })

  it('throttles each staff route on its own, and keeps the others', () => {
    const [stage] = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))
    expect(stage?.Properties.RouteSettings).toEqual({
      [WEBHOOK_ROUTE]: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 50 },
      'GET /healthz': { ThrottlingRateLimit: 2, ThrottlingBurstLimit: 5 },
      [STAFF_ROUTE]: { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
      [STAFF_HOME_ROUTE]: { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 },
      [STAFF_PAGES_ROUTE]: { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 30 },
      [STAFF_SEARCH_ROUTE]: { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
      [STAFF_PDF_ROUTE]: { ThrottlingRateLimit: 2, ThrottlingBurstLimit: 5 },
      [STAFF_EXPORT_ROUTE]: { ThrottlingRateLimit: 1, ThrottlingBurstLimit: 2 },
    })
  })

  it('serves a custom domain, and then only it, the staff redirects included', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'recus.example.org',
      DomainNameConfigurations: [
        Match.objectLike({
          CertificateArn: 'arn:aws:acm:eu-west-3:123456789012:certificate/abc-123',
        }),
      ],
    })
    template.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 1)
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: true })
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: ['https://recus.example.org/staff/auth/callback'],
      LogoutURLs: ['https://recus.example.org/staff/connexion'],
    })
  })

  it('has a cookie route for every /staff/api URL the pages use (the authorizer would refuse it)', () => {
    const pages = fileURLToPath(new URL('../../functions/staff/pages/', import.meta.url))
    const used = readdirSync(pages).flatMap((file) =>
      [...readFileSync(join(pages, file), 'utf8').matchAll(/\/staff\/api\/[^'"`\s?]*/g)].map(
        // `${receipt.number}` and the like: a path parameter.
        ([url]) => url.replace(/\$\{[^}]*\}/g, '{}'),
      ),
    )
    // A new one needs its own route in addStaffRoutes, without the authorizer.
    expect([...new Set(used)].sort()).toEqual([
      '/staff/api/export.csv', // STAFF_EXPORT_ROUTE
      '/staff/api/receipts', // STAFF_SEARCH_ROUTE
      '/staff/api/receipts/{}/pdf', // STAFF_PDF_ROUTE
    ])
  })

  it('serves the hosted sign-in on a custom domain when one is given', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'connexion.example.org',
      CustomDomainConfig: {
        CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/def-456',
      },
      ManagedLoginVersion: 1,
    })
    // No custom resource (Lambda) to read the CloudFront name.
    template.resourceCountIs('Custom::AWS', 0)
  })
})
