import {
  GetAccountCommand,
  GetEmailIdentityCommand,
  NotFoundException,
} from '@aws-sdk/client-sesv2'
import type { CheckLine } from '../../shared/onboarding/check-line.js'
import type { GoliveContext } from './golive-deps.js'

/**
 * The sender identity: verified for sending, and DKIM-signed (a domain identity, or the domain
 * of an address identity), else receipts land in spam folders.
 */
export async function checkSesIdentity(ctx: GoliveContext): Promise<CheckLine> {
  const identity = ctx.deployment.senderIdentity
  const domain = identity.includes('@') ? (identity.split('@')[1] as string) : identity
  const own = await emailIdentity(ctx, identity)
  if (!own)
    return {
      level: 'action',
      text: `SES : l’identité ${identity} n’existe pas en ${ctx.deployment.region}. À faire : déployez la pile (elle la crée), puis vérifiez-la (docs/go-live.md).`,
    }
  if (!own.VerifiedForSendingStatus)
    return {
      level: 'action',
      text: identity.includes('@')
        ? `SES : l’adresse ${identity} n’est pas vérifiée. À faire : cliquez le lien que SES lui a envoyé (ou renvoyez-le depuis la console SES › Identités).`
        : `SES : le domaine ${identity} n’est pas vérifié. À faire : publiez dans son DNS les enregistrements DKIM ci-dessous, puis attendez (jusqu’à 72 h) : ${dkimRecords(domain, own.DkimAttributes?.Tokens)}.`,
    }
  const signing = identity.includes('@') ? await emailIdentity(ctx, domain) : own
  if (signing?.DkimAttributes?.Status !== 'SUCCESS')
    return {
      level: 'action',
      text: `SES : ${identity} est vérifiée, mais ses e-mails ne sont pas signés DKIM (domaine ${domain}) : les reçus risquent les courriers indésirables. À faire : ${signing ? `publiez les enregistrements DKIM : ${dkimRecords(domain, signing.DkimAttributes?.Tokens)}` : `créez l’identité de domaine ${domain} dans SES et publiez ses trois enregistrements DKIM (CNAME)`}.`,
    }
  return {
    level: 'ok',
    text: `SES : ${identity} vérifiée, e-mails signés DKIM (domaine ${domain}).`,
  }
}

/** A new account is in the SES sandbox: only verified recipients receive anything. */
export async function checkProductionAccess(ctx: GoliveContext): Promise<CheckLine> {
  const account = await ctx.clients.ses.send(new GetAccountCommand({}))
  if (account.ProductionAccessEnabled && account.SendingEnabled !== false)
    return { level: 'ok', text: `SES : accès production accordé en ${ctx.deployment.region}.` }
  const review = account.Details?.ReviewDetails?.Status
  return {
    level: 'action',
    text: account.ProductionAccessEnabled
      ? 'SES : l’envoi est suspendu sur ce compte. À faire : voyez la console SES › Tableau de bord (réputation, taux de rebond).'
      : review === 'PENDING'
        ? `SES : la demande d’accès production est en cours d’examen (compter environ un jour). À faire : attendre la réponse d’AWS, puis relancer.`
        : `SES : le compte est dans le bac à sable de SES (seules les adresses vérifiées reçoivent). À faire : console SES › Tableau de bord › « Demander l’accès production » (réponse en un jour environ).`,
  }
}

async function emailIdentity(ctx: GoliveContext, identity: string) {
  try {
    return await ctx.clients.ses.send(new GetEmailIdentityCommand({ EmailIdentity: identity }))
  } catch (error) {
    if (error instanceof NotFoundException) return undefined
    throw error
  }
}

function dkimRecords(domain: string, tokens: string[] | undefined): string {
  if (!tokens?.length) return `les trois CNAME affichés par la console SES pour ${domain}`
  return tokens.map((t) => `${t}._domainkey.${domain} CNAME ${t}.dkim.amazonses.com`).join(' ; ')
}
