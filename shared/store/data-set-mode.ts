import { PutCommand } from '@aws-sdk/lib-dynamodb'
import { AppError } from '../errors.js'
import { isConditionalCheckFailed, storeUnavailable } from './dynamo-errors.js'
import { getItem } from './get-item.js'
import { keys } from './keys.js'
import type { TableContext } from './table-context.js'

export type DataSetMode = 'verified' | 'unverified'

/**
 * Verified and unverified processes must never share a data set: an unverified one processes
 * notifications from their bodies alone, so its SPECIMENs would take real numbers and claim real
 * payments. The first process records its mode (a conditional put, once); any later process of
 * the other mode is refused with what to do.
 */
export async function claimDataSetMode(
  ctx: TableContext,
  mode: DataSetMode,
  where: { dataDir: string; at: string },
): Promise<void> {
  const recorded = await recordOnce(ctx, mode, where.at)
  if (recorded === mode) return
  throw new AppError('config.invalid', refusal(recorded, where.dataDir, ctx.tableName))
}

async function recordOnce(ctx: TableContext, mode: DataSetMode, at: string): Promise<DataSetMode> {
  try {
    await ctx.doc.send(
      new PutCommand({
        TableName: ctx.tableName,
        Item: { ...keys.dataSetMode(ctx.orgId), mode, createdAt: at },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    )
    return mode
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw storeUnavailable('record data set mode', error)
  }
  const item = await getItem(ctx, keys.dataSetMode(ctx.orgId), 'read data set mode')
  return item?.mode === 'verified' ? 'verified' : 'unverified'
}

function refusal(recorded: DataSetMode, dataDir: string, tableName: string): string {
  const dataSet = `Ce jeu de données (DATA_DIR=${dataDir}, table ${tableName})`
  return recorded === 'unverified'
    ? `${dataSet} a été créé en mode non vérifié (sans identifiants HelloAsso) : ses reçus sont des SPECIMEN, faits d’après le seul contenu des notifications. Ce processus a des identifiants HelloAsso et ne peut pas s’en servir : mélanger les deux modes donnerait des numéros réels à des SPECIMEN. Pour le mode vérifié, choisissez un autre DATA_DIR (un jeu de données neuf) ; pour continuer en non vérifié, retirez HELLOASSO_CLIENT_ID et HELLOASSO_CLIENT_SECRET.`
    : `${dataSet} a été créé en mode vérifié (avec les identifiants HelloAsso). Ce processus n’a pas d’identifiants : il traiterait les notifications d’après leur seul contenu, et un SPECIMEN prendrait un vrai numéro. Définissez HELLOASSO_CLIENT_ID et HELLOASSO_CLIENT_SECRET comme pour le serveur, ou utilisez un autre DATA_DIR pour essayer en non vérifié.`
}
