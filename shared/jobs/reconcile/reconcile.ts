import { AppError } from '../../errors.js'
import type { HelloAssoClient } from '../../helloasso/helloasso-client.js'
import type { ProcessDeps } from '../../process/process-deps.js'
import type { JobDeps } from '../job-deps.js'
import { type Progress, silentProgress } from '../progress.js'
import { checkReceiptsInWindow } from './check-receipts-in-window.js'
import { listWindowOrders } from './list-window-orders.js'
import type { ListedOrder } from './listed-order.js'
import { reconcileOrder } from './reconcile-order.js'
import { emptyReport, type ReconcileReport, recordAction } from './reconcile-report.js'
import { reconcileWindow } from './reconcile-window.js'

export interface ReconcileOptions {
  /** First day (YYYY-MM-DD, Paris) of the orders to check. */
  since: string
  /** Last day (YYYY-MM-DD, Paris), inclusive; today by default. */
  until?: string
  progress?: Progress
}

/**
 * The reconciliation sweep: HelloAsso's orders of the window against local records, both ways.
 * Missed notifications and missed refunds go through the normal processing path; any other
 * difference goes to the review queue. Safe to run again at any time: a run with nothing new
 * writes nothing, and a run stopped half-way is finished by the next one.
 */
export async function reconcile(
  deps: JobDeps,
  options: ReconcileOptions,
): Promise<ReconcileReport> {
  const process = deps.process
  const client = requireClient(process)
  const window = reconcileWindow(options.since, options.until, process.now())
  const report = emptyReport(window)
  const listing = await stoppingOnFailure(
    () => listWindowOrders(process, client, window, report),
    'while listing HelloAsso orders (nothing was changed yet)',
  )
  const progress = options.progress ?? silentProgress
  progress.start(listing.orders.length, 0)
  try {
    for (const order of listing.orders) {
      await reconcileOneOrder(process, order, report)
      progress.advance(1)
    }
    await stoppingOnFailure(
      () =>
        checkReceiptsInWindow(process, client, window, listing.known, report, (order) =>
          reconcileOneOrder(process, order, report),
        ),
      'while checking local receipts against HelloAsso',
    )
  } finally {
    progress.finish()
  }
  process.log.info('reconcile.done', { since: window.since, until: window.until, ...report.counts })
  return report
}

function requireClient(deps: ProcessDeps): HelloAssoClient {
  if (deps.helloAsso) return deps.helloAsso
  throw new AppError(
    'config.invalid',
    'reconcile compares local records with the HelloAsso API and needs its credentials: set HELLOASSO_CLIENT_ID and HELLOASSO_CLIENT_SECRET (unverified mode has nothing to compare with)',
  )
}

/**
 * One order's failure that a re-run would not change (an order HelloAsso answers in a shape we
 * cannot read) is reported and the sweep goes on; anything transient stops it, because the
 * next orders would most likely fail the same way.
 */
async function reconcileOneOrder(
  deps: ProcessDeps,
  order: ListedOrder,
  report: ReconcileReport,
): Promise<void> {
  try {
    await reconcileOrder(deps, order, report)
  } catch (error) {
    if (!(error instanceof AppError) || error.transient) {
      throw stopped(error, `at order ${order.id}`)
    }
    deps.log.warn('reconcile.order-failed', { orderId: order.id, code: error.code })
    recordAction(report, {
      kind: 'failed',
      orderId: order.id,
      detail: `${error.code}: ${error.message}`,
    })
  }
}

async function stoppingOnFailure<T>(work: () => Promise<T>, where: string): Promise<T> {
  try {
    return await work()
  } catch (error) {
    throw stopped(error, where)
  }
}

/** Says where the sweep stopped and that running it again is the fix; keeps the error's code. */
function stopped(error: unknown, where: string): unknown {
  if (!(error instanceof AppError) || error.message.startsWith('reconcile stopped')) return error
  return new AppError(
    error.code,
    `reconcile stopped ${where}: ${error.message}. Run the same command again once the cause is gone: orders already reconciled are skipped, nothing is done twice.`,
    { cause: error },
  )
}
