import { randomUUID } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { AppError } from '../../shared/errors.js'
import { createDynamoDbClients } from '../../shared/store/create-dynamodb-clients.js'
import {
  type DataSetIdentity,
  listDataSetIdentities,
  readDataSetIdentity,
  recordDataSetIdentity,
} from '../../shared/store/data-set-identity.js'
import type { TableContext } from '../../shared/store/table-context.js'

/** The file in DATA_DIR that names its data set (the same id is in the table). */
export const DATA_SET_FILE = 'data-set.json'

/** Where the database of a local process comes from. */
export type DatabasePlace =
  /** DynamoDB Local started by this process on DATA_DIR/dynamodb: the folder's own database. */
  | { kind: 'own' }
  /** The DynamoDB Local of an `npm start` already running, found on DYNAMODB_LOCAL_PORT. */
  | { kind: 'running-server'; port: number }
  /** DYNAMODB_ENDPOINT, as the user gave it: the data set is its table. */
  | { kind: 'endpoint'; endpoint: string }

export interface DataSetCheck {
  dataDir: string
  place: DatabasePlace
  endpoint: string
  tableName: string
  region: string
  now: () => Date
}

export interface CheckedDataSet {
  identity: DataSetIdentity
  /** Writes the identity in the table, then in the folder if it had none. */
  record(table: Pick<TableContext, 'doc' | 'tableName'>): Promise<void>
}

/**
 * Makes sure the database belongs to this folder's data set before anything is written, in
 * the folder or the database: a job run with one DATA_DIR while another data set's server
 * holds the port would read that data set (and write its files here) as if it were its own.
 * Refuses in French, naming both folders and what to do (AppError 'config.invalid').
 */
export async function checkDataSet(check: DataSetCheck): Promise<CheckedDataSet> {
  const dataDir = resolve(check.dataDir)
  const folderId = await readFolderId(dataDir)
  const { client, doc } = createDynamoDbClients({ endpoint: check.endpoint, region: check.region })
  try {
    const recorded = await readDataSetIdentity({ doc, tableName: check.tableName })
    if (recorded && recorded.id !== folderId) {
      // A database in this very folder whose folder lost its file: it is the folder's own.
      if (!(check.place.kind === 'own' && folderId === undefined))
        throw refused(refusal(check, dataDir, folderId, [recorded]))
    }
    if (!recorded && check.place.kind === 'running-server') {
      const holders = await listDataSetIdentities(client, { doc })
      throw refused(refusal(check, dataDir, folderId, holders))
    }
    const identity: DataSetIdentity = {
      id: recorded?.id ?? folderId ?? randomUUID(),
      dataDir,
      createdAt: recorded?.createdAt ?? check.now().toISOString(),
    }
    return {
      identity,
      async record(table) {
        const held = await recordDataSetIdentity(table, identity)
        // Another process claimed the same new table first, for another folder.
        if (held.id !== identity.id) throw refused(refusal(check, dataDir, folderId, [held]))
        if (folderId !== identity.id) await writeFolderId(dataDir, identity)
      },
    }
  } finally {
    client.destroy()
  }
}

async function readFolderId(dataDir: string): Promise<string | undefined> {
  const text = await readFile(join(dataDir, DATA_SET_FILE), 'utf8').catch((error) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  })
  if (text === undefined) return undefined
  const id = (JSON.parse(text) as { id?: unknown }).id
  return typeof id === 'string' ? id : undefined
}

async function writeFolderId(dataDir: string, identity: DataSetIdentity): Promise<void> {
  await mkdir(dataDir, { recursive: true })
  const file = { id: identity.id, createdAt: identity.createdAt }
  await writeFile(join(dataDir, DATA_SET_FILE), `${JSON.stringify(file, null, 2)}\n`)
}

function refused(message: string): AppError {
  return new AppError('config.invalid', message)
}

/** What was refused and what to do, in the treasurer's words. */
function refusal(
  check: DataSetCheck,
  dataDir: string,
  folderId: string | undefined,
  holders: DataSetIdentity[],
): string {
  const nothing = 'Rien n’a été écrit, ni dans l’un ni dans l’autre.'
  const [holder] = holders
  if (check.place.kind === 'own' && holder && folderId) {
    return `Refusé : le dossier ${dataDir} porte l’identifiant de jeu de données ${folderId} (${DATA_SET_FILE}), mais sa base (${join(dataDir, 'dynamodb')}) est celle du jeu de données ${holder.id}, servi jusqu’ici depuis le dossier ${holder.dataDir} : l’un des deux a été copié d’ailleurs. Rien n’a été écrit. Remettez le fichier ${DATA_SET_FILE} qui va avec cette base, ou supprimez-le si cette base est bien celle de ce dossier.`
  }
  const here = `ce processus a DATA_DIR=${dataDir} (${folderId ? 'un autre jeu de données' : 'un dossier sans jeu de données'})`
  const where =
    check.place.kind === 'running-server'
      ? `la base DynamoDB Local du port ${check.place.port} (celle d’un npm start déjà lancé)`
      : `la table ${check.tableName} de ${check.endpoint}`
  const elsewhere =
    check.place.kind === 'running-server'
      ? `arrêtez d’abord ce npm start, ou lancez cette commande sur un autre port (DYNAMODB_LOCAL_PORT=…), puis relancez-la`
      : `choisissez une autre table (TABLE_NAME) ou une autre base (DYNAMODB_ENDPOINT)`
  if (!holder) {
    return `Refusé : ${where} ne dit pas à quel jeu de données elle appartient (un npm start d’une version antérieure, ou lancé avec un autre TABLE_NAME que ${check.tableName}) ; ${here}. ${nothing} Arrêtez ce npm start et relancez-le avec ce DATA_DIR, ou ${elsewhere}.`
  }
  const folders = [...new Set(holders.map((h) => h.dataDir))].join(', ')
  return `Refusé : ${where} appartient au jeu de données du dossier ${folders}, et ${here}. ${nothing}\n- Pour travailler sur ${holder.dataDir} : relancez avec DATA_DIR=${holder.dataDir}.\n- Pour travailler sur ${dataDir} : ${elsewhere}.`
}
