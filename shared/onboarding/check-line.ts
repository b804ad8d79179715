/**
 * One line of a check-config report. `action`: a person must do something (exit code 2);
 * `conseil`: works today, but a change would make it sturdier; `ok`: nothing to do;
 * `skipped`: a check that could not run here (it says why), not a fault.
 */
export interface CheckLine {
  level: 'ok' | 'conseil' | 'action' | 'skipped'
  text: string
}

const MARK: Record<CheckLine['level'], string> = {
  ok: 'OK       ',
  conseil: 'CONSEIL  ',
  action: 'À FAIRE  ',
  skipped: 'NON FAIT ',
}

export function formatCheckLine(line: CheckLine): string {
  return `${MARK[line.level]}${line.text}`
}
