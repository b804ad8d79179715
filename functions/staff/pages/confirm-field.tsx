/**
 * Without JavaScript the confirmation is this checkbox, checked by the server. With it, the
 * script hides it and asks in a dialog instead (then ticks it before submitting).
 */
export const CONFIRM_FIELD = 'confirme'

export function ConfirmField({ label }: { label: string }) {
  return (
    <div class="confirm-fallback">
      <label class="check">
        <input type="checkbox" name={CONFIRM_FIELD} value="oui" required />
        <span>{label}</span>
      </label>
    </div>
  )
}
