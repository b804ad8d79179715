import { fr } from '../../mail/french-text.js'
import type { ProblemList } from './problem-list.js'

/**
 * « Annule et remplace » pairs seen from each side: the old receipt says « replaced by N », the
 * new one says « replaces O ». Each pair must be claimed by both before the year is done. Only
 * pairs still waiting for their other half are held, a handful at any time.
 */
export class ReplacementLinks {
  private readonly waiting = new Map<string, 'old' | 'new'>()

  claim(oldNumber: string, newNumber: string, side: 'old' | 'new'): void {
    const key = `${oldNumber}>${newNumber}`
    const other = this.waiting.get(key)
    if (other && other !== side) this.waiting.delete(key)
    else this.waiting.set(key, side)
  }

  reportUnmatched(problems: ProblemList): void {
    for (const [key, side] of this.waiting) {
      const [oldNumber = '', newNumber = ''] = key.split('>')
      if (side === 'old')
        problems.add(
          oldNumber,
          fr`remplacé par le n° ${newNumber}, mais ce reçu ne dit pas le remplacer`,
        )
      else
        problems.add(
          newNumber,
          fr`dit remplacer le n° ${oldNumber}, mais celui-ci n’est pas marqué remplacé par lui`,
        )
    }
  }
}
