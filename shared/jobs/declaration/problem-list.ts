import { type CheckProblem, MAX_LISTED_PROBLEMS } from './declaration-report.js'

/** Problems of one check: all counted, only the first few kept, so memory stays flat. */
export class ProblemList {
  count = 0
  readonly listed: CheckProblem[] = []

  add(number: string | undefined, detail: string): void {
    this.count += 1
    if (this.listed.length < MAX_LISTED_PROBLEMS)
      this.listed.push(number === undefined ? { detail } : { number, detail })
  }
}
