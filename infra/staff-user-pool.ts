import { Duration, RemovalPolicy } from 'aws-cdk-lib'
import {
  AccountRecovery,
  type CfnUserPool,
  CfnUserPoolGroup,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito'
import { Construct } from 'constructs'

/** The two staff roles: viewers read, managers also resend, cancel, correct and decide reviews. */
export const STAFF_GROUPS = ['viewer', 'manager'] as const

/** Pinned: the pool holds the staff accounts and their MFA devices, it must never be replaced. */
export const USER_POOL_LOGICAL_ID = 'StaffUserPool'

/**
 * Staff sign-in. Accounts are created by an administrator only (no sign-up), with MFA (TOTP)
 * required: staff see donors' names, addresses and amounts. On the Plus plan for threat
 * protection (compromised credentials, risky sign-ins), a few cents a month for a few users.
 * The client is public (a browser app, no secret) and uses SRP; the staff issue adds the
 * hosted sign-in (OAuth) with its callback URLs once the staff app has an address.
 */
export class StaffUserPool extends Construct {
  readonly userPool: UserPool
  readonly client: UserPoolClient

  constructor(scope: Construct, id: string) {
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
    this.client = this.userPool.addClient('StaffClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    })
  }
}
