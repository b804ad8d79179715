/** A labelled input; the hint is tied to it so screen readers read it with the label. */
export function Field(props: {
  id: string
  name: string
  label: string
  value?: string | undefined
  hint?: string
  type?: 'text' | 'email' | 'search'
  multiline?: boolean
  required?: boolean
  minlength?: number
  maxlength?: number
  autocomplete?: string
  inputmode?: 'numeric' | 'decimal' | 'email'
  placeholder?: string
  pattern?: string
}) {
  const hintId = props.hint ? `${props.id}-aide` : undefined
  const common = {
    id: props.id,
    name: props.name,
    required: props.required,
    minlength: props.minlength,
    maxlength: props.maxlength ?? (props.multiline ? 500 : 200),
    'aria-describedby': hintId,
  }
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.hint ? (
        <span class="hint" id={hintId}>
          {props.hint}
        </span>
      ) : null}
      {props.multiline ? (
        <textarea {...common} rows={3}>
          {props.value ?? ''}
        </textarea>
      ) : (
        <input
          {...common}
          type={props.type ?? 'text'}
          value={props.value ?? ''}
          autocomplete={props.autocomplete ?? 'off'}
          inputmode={props.inputmode}
          placeholder={props.placeholder}
          pattern={props.pattern}
        />
      )}
    </div>
  )
}
