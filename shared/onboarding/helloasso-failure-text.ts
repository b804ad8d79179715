import { AppError } from '../errors.js'

/**
 * A failure of the HelloAsso API in the treasurer's words, with what to do: what setup and
 * check-config print instead of « TypeError: fetch failed ».
 */
export function helloAssoFailureText(
  error: unknown,
  where: { apiUrl: string; tokenUrl: string; organizationSlug: string },
): string {
  if (!(error instanceof AppError)) return `erreur inattendue (${(error as Error).message}).`
  const onToken = error.message.startsWith('HelloAsso token')
  switch (error.code) {
    case 'helloasso.unavailable':
      return onToken
        ? `HelloAsso ne répond pas à ${where.tokenUrl} (obtention du jeton d’accès). À faire : vérifiez la connexion à Internet et HELLOASSO_TOKEN_URL, ou réessayez plus tard.`
        : `HelloAsso ne répond pas, ou répond en erreur, à ${where.apiUrl}. À faire : vérifiez la connexion à Internet et HELLOASSO_API_URL, ou réessayez plus tard.`
    case 'helloasso.unauthorized':
      return 'HelloAsso refuse les identifiants de l’API. À faire : vérifiez HELLOASSO_CLIENT_ID et HELLOASSO_CLIENT_SECRET (espace HelloAsso de l’association › Mon compte › Intégrations et API), et que ce client a accès à l’organisation.'
    case 'helloasso.notFound':
      return `HelloAsso ne connaît pas l’organisation « ${where.organizationSlug} ». À faire : vérifiez le slug (la fin de l’adresse https://www.helloasso.com/associations/${where.organizationSlug}) et que HELLOASSO_API_URL vise le bon environnement (production ou sandbox).`
    case 'helloasso.invalidResponse':
      return `HelloAsso a donné une réponse illisible (${where.apiUrl}). À faire : vérifiez HELLOASSO_API_URL, puis réessayez.`
    default:
      return `erreur inattendue (${error.message}).`
  }
}
