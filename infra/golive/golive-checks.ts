import { DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation'
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import type { CheckLine } from '../../shared/onboarding/check-line.js'
import type { DeployedStack, GoliveContext } from './golive-deps.js'

export type { DeployedStack, GoliveContext }

import { checkProductionAccess, checkSesIdentity } from './ses-checks.js'
import {
  checkAlarmSubscription,
  checkHelloAssoCredentials,
  checkManagersWithMfa,
  checkSecretsReplaced,
  checkWebhookRoundTrip,
} from './stack-checks.js'

/**
 * `npm run golive`: what docs/go-live.md's manual steps ask, checked with the AWS SDK, one
 * line each (OK or À FAIRE). Without credentials nothing else can be asked; without the
 * service stack, only what does not depend on it (SES).
 */
export async function goliveChecks(ctx: GoliveContext): Promise<CheckLine[]> {
  const account = await checkAccount(ctx)
  if (account.level === 'action') return [account]
  const lines = [account, await guard('SES', () => checkSesIdentity(ctx))]
  lines.push(await guard('SES', () => checkProductionAccess(ctx)))
  const stack = await readStack(ctx)
  if ('level' in stack) return [...lines, stack]
  lines.push(...(await checkSecretsReplaced(ctx, stack)))
  for (const check of [
    checkHelloAssoCredentials,
    checkAlarmSubscription,
    checkManagersWithMfa,
    checkWebhookRoundTrip,
  ])
    lines.push(await guard(check.name, () => check(ctx, stack)))
  return lines
}

async function checkAccount(ctx: GoliveContext): Promise<CheckLine> {
  try {
    const who = await ctx.clients.sts.send(new GetCallerIdentityCommand({}))
    const pinned = ctx.deployment.account
    if (pinned && who.Account !== pinned)
      return {
        level: 'action',
        text: `Compte AWS : les identifiants sont ceux du compte ${who.Account}, le fichier de déploiement dit ${pinned}. À faire : choisissez le bon profil (AWS_PROFILE=…) ou corrigez « account ».`,
      }
    return { level: 'ok', text: `Compte AWS ${who.Account}, identifiants de ${who.Arn}.` }
  } catch (error) {
    return {
      level: 'action',
      text: `Identifiants AWS : aucun d’utilisable (${(error as Error).name}). À faire : installez l’AWS CLI, puis « aws configure » ou « aws sso login », et relancez (AWS_PROFILE=… pour un autre profil). Les autres vérifications en dépendent.`,
    }
  }
}

async function readStack(ctx: GoliveContext): Promise<DeployedStack | CheckLine> {
  try {
    const { Stacks } = await ctx.clients.cloudFormation.send(
      new DescribeStacksCommand({ StackName: ctx.serviceStack }),
    )
    const outputs = Object.fromEntries(
      (Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']),
    )
    const listed = await ctx.clients.cloudFormation.send(
      new ListStackResourcesCommand({ StackName: ctx.serviceStack }),
    )
    const resources = (listed.StackResourceSummaries ?? []).map((r) => ({
      type: r.ResourceType ?? '',
      logicalId: r.LogicalResourceId ?? '',
      physicalId: r.PhysicalResourceId ?? '',
    }))
    return { outputs, resources }
  } catch (error) {
    return {
      level: 'action',
      text: `Pile ${ctx.serviceStack} : introuvable en ${ctx.deployment.region} (${(error as Error).name}). À faire : npx cdk deploy --all -c stage=${ctx.deployment.stage}, puis relancez ; les secrets, les alarmes, les comptes de l’équipe et l’adresse de notification en dépendent.`,
    }
  }
}

/** A check that fails unexpectedly (a permission missing, a throttle) says so and lets the others run. */
async function guard(what: string, check: () => Promise<CheckLine>): Promise<CheckLine> {
  try {
    return await check()
  } catch (error) {
    return {
      level: 'action',
      text: `${what} : vérification impossible (${(error as Error).name} : ${(error as Error).message}). À faire : vérifiez que ces identifiants ont le droit de lire ce service, puis relancez.`,
    }
  }
}
