import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib'
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager'
import {
  AccountRecovery,
  type CfnUserPool,
  type CfnUserPoolDomain,
  CfnUserPoolGroup,
  ClientAttributes,
  FeaturePlan,
  ManagedLoginVersion,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito'
import { Construct } from 'constructs'
import { CALLBACK_PATH, SIGN_IN_PATH } from '../shared/staff/auth/staff-paths.js'
import type { StaffSignInDomain } from './deployment-config.js'

/** The two staff roles: viewers read, managers also resend, cancel, correct and decide reviews. */
export const STAFF_GROUPS = ['viewer', 'manager'] as const

/** Pinned: the pool holds the staff accounts and their MFA devices, it must never be replaced. */
export const USER_POOL_LOGICAL_ID = 'StaffUserPool'

/**
 * The organisation a staff account belongs to, read by verify-cognito-jwt.ts as `custom:org`
 * (unset: the deployment's own). Set by an administrator only: no app client may write it.
 */
export const ORG_ATTRIBUTE = 'org'

export interface StaffUserPoolProps {
  /** `https://host` of the staff app, without a trailing slash: its OAuth redirect URLs. */
  appBaseUrl: string
  signInDomain: StaffSignInDomain
}

/**
 * Staff sign-in. Accounts are created by an administrator only (no sign-up), with MFA (TOTP)
 * required: staff see donors' names, addresses and amounts. On the Plus plan for threat
 * protection (compromised credentials, risky sign-ins), a few cents a month for a few users.
 *
 * The staff app signs people in through the hosted UI (authorization code + PKCE) and keeps its
 * own session cookie; scripts get ID tokens with SRP for the JSON API. The client is public (no
 * secret): PKCE already makes an intercepted code useless, a secret would need a custom resource
 * to reach Secrets Manager, and GenerateSecret cannot change without replacing the client.
 */
export class StaffUserPool extends Construct {
  readonly userPool: UserPool
  readonly client: UserPoolClient
  readonly domain: UserPoolDomain
  /** Host of the hosted UI, without scheme (COGNITO_DOMAIN). */
  readonly hostedUiHost: string
  private readonly customDomain: boolean

  constructor(scope: Construct, id: string, props: StaffUserPoolProps) {
    super(scope, id)
    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Added after the pool's first deployment: CloudFormation adds a custom attribute in place
      // (AddCustomAttributes); changing or removing one fails the update. Never edit this one.
      customAttributes: {
        [ORG_ATTRIBUTE]: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
      },
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    })
    ;(this.userPool.node.defaultChild as CfnUserPool).overrideLogicalId(USER_POOL_LOGICAL_ID)
    for (const group of STAFF_GROUPS) {
      new CfnUserPoolGroup(this, `Group-${group}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: group,
        description:
          group === 'viewer'
            ? 'Reads receipts, memberships and the review queue'
            : 'Also resends, cancels, corrects receipts and decides reviews',
      })
    }

    const domain = props.signInDomain
    this.customDomain = domain.kind === 'custom'
    this.domain = this.userPool.addDomain('SignInDomain', {
      ...(domain.kind === 'custom'
        ? {
            customDomain: {
              domainName: domain.domainName,
              certificate: Certificate.fromCertificateArn(
                this,
                'SignInCertificate',
                domain.certificateArn,
              ),
            },
          }
        : { cognitoDomain: { domainPrefix: domain.prefix } }),
      // The newer managed login shows an error page until each client has a branding resource.
      managedLoginVersion: ManagedLoginVersion.CLASSIC_HOSTED_UI,
    })
    this.hostedUiHost =
      domain.kind === 'custom'
        ? domain.domainName
        : `${this.domain.domainName}.auth.${Stack.of(this).region}.amazoncognito.com`

    this.client = this.userPool.addClient('StaffClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        // What hosted-ui.ts asks for: the ID token then names the person (audit trail).
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [`${props.appBaseUrl}${CALLBACK_PATH}`],
        logoutUrls: [`${props.appBaseUrl}${SIGN_IN_PATH}`],
      },
      // In the ID token: who the person is and their organisation.
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes(ORG_ATTRIBUTE),
      // Listed, since no list means "every standard attribute": a person may fix their name;
      // the email (the sign-in name) and the organisation are the administrator's.
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    })
  }

  /**
   * With a custom domain: the CloudFront name its DNS record must point to (the L1 attribute,
   * not UserPoolDomain.cloudFrontEndpoint, which deploys a custom-resource Lambda to read it).
   */
  get customDomainTarget(): string | undefined {
    if (!this.customDomain) return undefined
    return (this.domain.node.defaultChild as CfnUserPoolDomain).attrCloudFrontDistribution
  }
}
