import { CloudFormationClient } from '@aws-sdk/client-cloudformation'
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider'
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { SESv2Client } from '@aws-sdk/client-sesv2'
import { SNSClient } from '@aws-sdk/client-sns'
import { STSClient } from '@aws-sdk/client-sts'
import type { DeploymentConfig } from '../deployment-config.js'

/**
 * The AWS SDK clients of the go-live preflight, one per service it asks. They live under infra/
 * (the operator's side): no Lambda entry point imports them, so no bundle carries them.
 */
export interface GoliveClients {
  sts: STSClient
  cloudFormation: CloudFormationClient
  ses: SESv2Client
  secrets: SecretsManagerClient
  sns: SNSClient
  cognito: CognitoIdentityProviderClient
}

export interface GoliveContext {
  deployment: DeploymentConfig
  clients: GoliveClients
  /** `<prefix>-<stage>-service`, whose outputs name the secrets, the user pool, the webhook. */
  serviceStack: string
  fetch: typeof fetch
}

/** What the deployed service stack tells: its outputs, and its resources by type. */
export interface DeployedStack {
  outputs: Record<string, string>
  resources: { type: string; logicalId: string; physicalId: string }[]
}

export function createGoliveClients(
  region: string,
  extra: {
    credentials?: { accessKeyId: string; secretAccessKey: string }
    maxAttempts?: number
  } = {},
): GoliveClients {
  const config = { region, ...extra }
  return {
    sts: new STSClient(config),
    cloudFormation: new CloudFormationClient(config),
    ses: new SESv2Client(config),
    secrets: new SecretsManagerClient(config),
    sns: new SNSClient(config),
    cognito: new CognitoIdentityProviderClient(config),
  }
}
