import { App, Stack } from 'aws-cdk-lib'
import { Match, Template } from 'aws-cdk-lib/assertions'
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda'
import { beforeAll, describe, expect, it } from 'vitest'
import { HttpEndpoint, STAFF_ROUTE, WEBHOOK_ROUTE } from '../../infra/http-endpoint.js'
import { StaffUserPool } from '../../infra/staff-user-pool.js'

/**
 * The place left for the staff issue: HttpEndpoint.addStaffRoutes() puts the staff function
 * behind a Cognito JWT authorizer, with its own throttle. Inline functions: nothing to bundle.
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
  const staff = new StaffUserPool(stack, 'Staff')
  endpoint.addStaffRoutes(inline('StaffFn'), staff.userPool, staff.client)
  template = Template.fromStack(stack)
})

describe('HttpEndpoint', () => {
  it('routes /staff/api/{proxy+} through a JWT authorizer on the staff user pool', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: Match.stringLikeRegexp('^StaffUserPoolStaffClient') }],
        Issuer: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
      },
    })
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: STAFF_ROUTE,
      AuthorizationType: 'JWT',
    })
  })

  it('throttles the staff route on its own, and keeps the others', () => {
    const [stage] = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))
    expect(stage?.Properties.RouteSettings).toEqual({
      [WEBHOOK_ROUTE]: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 50 },
      'GET /healthz': { ThrottlingRateLimit: 2, ThrottlingBurstLimit: 5 },
      [STAFF_ROUTE]: { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
    })
  })

  it('serves a custom domain, and then only it', () => {
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
  })
})
