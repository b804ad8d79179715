import {
  AdminGetUserCommand,
  ListUsersInGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { DescribeSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager'
import { ListSubscriptionsByTopicCommand } from '@aws-sdk/client-sns'
import { signHelloAssoBody } from '../../shared/ingest/verify-signature.js'
import type { CheckLine } from '../../shared/onboarding/check-line.js'
import { HELLOASSO_URLS } from '../deployment-config.js'
import type { DeployedStack, GoliveContext } from './golive-deps.js'

/** The secrets set by hand: the stack generates a placeholder as their first and only version. */
export async function checkSecretsReplaced(
  ctx: GoliveContext,
  stack: DeployedStack,
): Promise<CheckLine[]> {
  const secrets = [
    ['HelloAssoClientSecretArn', 'le secret du client API HelloAsso', '<client secret>'],
    ['HelloAssoSignatureKeyArn', 'la clé de signature des notifications', '<signing key>'],
  ] as const
  const lines: CheckLine[] = []
  for (const [output, what, value] of secrets) {
    const arn = stack.outputs[output]
    if (!arn) continue
    const described = await ctx.clients.secrets.send(new DescribeSecretCommand({ SecretId: arn }))
    const versions = Object.keys(described.VersionIdsToStages ?? {}).length
    lines.push(
      versions > 1
        ? {
            level: 'ok',
            text: `Secrets Manager : ${what} n’est plus la valeur générée (${versions} versions).`,
          }
        : {
            level: 'action',
            text: `Secrets Manager : ${what} est encore la valeur générée au déploiement. À faire : aws secretsmanager put-secret-value --secret-id ${arn} --secret-string '${value}', puis redémarrez les fonctions (docs/deploying.md).`,
          },
    )
  }
  return lines
}

/** The client id of the deployment file and the secret in Secrets Manager, asked of HelloAsso. */
export async function checkHelloAssoCredentials(
  ctx: GoliveContext,
  stack: DeployedStack,
): Promise<CheckLine> {
  const arn = stack.outputs.HelloAssoClientSecretArn
  const secret = arn ? await secretValue(ctx, arn) : undefined
  const { clientId, environment } = ctx.deployment.helloAsso
  const answer = await ctx
    .fetch(HELLOASSO_URLS[environment].token, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: secret ?? '',
      }),
    })
    .catch(() => undefined)
  if (answer?.ok)
    return {
      level: 'ok',
      text: `HelloAsso (${environment}) accepte le client ${clientId} et son secret.`,
    }
  return {
    level: 'action',
    text: answer
      ? `HelloAsso (${environment}) refuse le client ${clientId} avec ce secret (${answer.status}). À faire : vérifiez « helloAsso.clientId », « helloAsso.environment » et le secret (espace HelloAsso › Mon compte › Intégrations et API).`
      : `HelloAsso (${environment}) ne répond pas à ${HELLOASSO_URLS[environment].token}. À faire : vérifiez la connexion, puis relancez.`,
  }
}

/** The alarm topic's email subscription, confirmed from the mailbox. */
export async function checkAlarmSubscription(
  ctx: GoliveContext,
  stack: DeployedStack,
): Promise<CheckLine> {
  const topic = stack.resources.find((r) => r.type === 'AWS::SNS::Topic')
  const email = ctx.deployment.alarmEmail
  if (!topic)
    return {
      level: 'action',
      text: 'Alarmes : la pile n’a pas de sujet SNS. À faire : redéployez.',
    }
  const { Subscriptions } = await ctx.clients.sns.send(
    new ListSubscriptionsByTopicCommand({ TopicArn: topic.physicalId }),
  )
  const mine = Subscriptions?.find((s) => s.Protocol === 'email' && s.Endpoint === email)
  if (mine?.SubscriptionArn?.startsWith('arn:'))
    return { level: 'ok', text: `Alarmes : l’abonnement de ${email} est confirmé.` }
  return {
    level: 'action',
    text: mine
      ? `Alarmes : l’abonnement de ${email} attend sa confirmation. À faire : cliquez « Confirm subscription » dans le message d’AWS Notifications reçu à cette adresse (cherchez aussi dans les indésirables).`
      : `Alarmes : ${email} n’est pas abonnée au sujet des alarmes. À faire : redéployez (la pile l’abonne), puis confirmez depuis la boîte aux lettres.`,
  }
}

/** Someone can act on the review queue: a manager who signed in and set up an authenticator app. */
export async function checkManagersWithMfa(
  ctx: GoliveContext,
  stack: DeployedStack,
): Promise<CheckLine> {
  const pool = stack.outputs.StaffUserPoolId
  const { Users } = await ctx.clients.cognito.send(
    new ListUsersInGroupCommand({ UserPoolId: pool, GroupName: 'manager' }),
  )
  let ready = 0
  for (const user of Users ?? []) {
    const detail = await ctx.clients.cognito.send(
      new AdminGetUserCommand({ UserPoolId: pool, Username: user.Username }),
    )
    const mfa = detail.UserMFASettingList?.includes('SOFTWARE_TOKEN_MFA')
    if (detail.Enabled !== false && detail.UserStatus === 'CONFIRMED' && mfa) ready++
  }
  if (ready > 0)
    return {
      level: 'ok',
      text: `Équipe : ${ready} gestionnaire(s) connecté(s) avec une application d’authentification.`,
    }
  return {
    level: 'action',
    text: `Équipe : aucun gestionnaire n’a encore fini sa première connexion avec une application d’authentification (${Users?.length ?? 0} compte(s) dans le groupe manager). À faire : créez le compte (aws cognito-idp admin-create-user --user-pool-id ${pool} …, puis admin-add-user-to-group … --group-name manager), et que la personne se connecte une fois à ${stack.outputs.StaffUrl ?? 'la page de l’équipe'}.`,
  }
}

/**
 * A notification through the deployed URL with the real secret (and signature): an event type
 * the service stores and ignores, so nothing is processed and no review item opens.
 */
export async function checkWebhookRoundTrip(
  ctx: GoliveContext,
  stack: DeployedStack,
): Promise<CheckLine> {
  const base = stack.outputs.WebhookUrlWithoutSecret
  const secretArn = stack.outputs.WebhookSecretArn
  if (!base || !secretArn)
    return {
      level: 'action',
      text: 'Notifications : la pile n’a pas d’adresse de notification. À faire : redéployez.',
    }
  const secret = await secretValue(ctx, secretArn)
  const body = JSON.stringify({
    eventType: 'GoLivePreflight',
    data: { at: new Date().toISOString() },
  })
  const keyArn = stack.outputs.HelloAssoSignatureKeyArn
  const key = keyArn ? await secretValue(ctx, keyArn) : undefined
  const answer = await ctx
    .fetch(`${base}${secret}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(key ? { 'x-ha-signature': signHelloAssoBody(body, key) } : {}),
      },
      body,
    })
    .catch(() => undefined)
  const shown = `${base}<secret>`
  if (answer?.status === 200)
    return { level: 'ok', text: `Notifications : ${shown} reçoit, stocke et répond 200.` }
  if (answer?.status === 403)
    return {
      level: 'ok',
      text: `Notifications : ${shown} reconnaît le secret ; la liste d’adresses autorisées refuse ce poste (403), comme prévu.`,
    }
  const why: Record<number, string> = {
    404: 'le secret ne correspond pas : donnez à HelloAsso l’adresse suivie du secret actuel (docs/deploying.md, étape 4)',
    401: 'la signature est refusée : la clé de signature du secret n’est pas celle de HelloAsso',
  }
  return {
    level: 'action',
    text: `Notifications : ${shown} répond ${answer?.status ?? 'rien'}. À faire : ${why[answer?.status ?? 0] ?? 'voyez les journaux de la fonction ingest et l’alarme des erreurs, puis relancez'}.`,
  }
}

async function secretValue(ctx: GoliveContext, arn: string): Promise<string | undefined> {
  return (await ctx.clients.secrets.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString
}
