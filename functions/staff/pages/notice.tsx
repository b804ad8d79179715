/** The outcome of the last action: a success announced politely, an error assertively. */
export function Notice(props: { ok?: string | undefined; error?: string | undefined }) {
  if (props.error)
    return (
      <div class="notice error" role="alert" id="message">
        <p>{props.error}</p>
      </div>
    )
  if (props.ok)
    return (
      <div class="notice ok" role="status" id="message">
        <p>{props.ok}</p>
      </div>
    )
  return null
}
