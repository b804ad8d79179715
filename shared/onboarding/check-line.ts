/**
 * One line of a check-config report. `action`: a person must do something (exit code 2);
 * `conseil`: works today, but a change would make it sturdier; `ok`: nothing to do.
 */
export interface CheckLine {
  level: 'ok' | 'conseil' | 'action'
  text: string
}

const MARK: Record<CheckLine['level'], string> = {
  ok: 'OK       ',
  conseil: 'CONSEIL  ',
  action: 'À FAIRE  ',
}

export function formatCheckLine(line: CheckLine): string {
  return `${MARK[line.level]}${line.text}`
}
