import type { FieldType } from '../../shared/types.js'
import { joinMoney, splitMoney } from '../lib/money.js'

const INPUT_TYPE: Partial<Record<FieldType, string>> = {
  date: 'date',
  email: 'email',
  phone: 'tel',
  url: 'url'
}

/** An input that fits the field's type: a date picker, a phone keypad, a textarea for an address… */
export function ValueInput(props: { id: string; label: string; type: FieldType; value: string; onChange: (value: string) => void }) {
  const { id, type, value, onChange } = props
  if (type === 'address') {
    return (
      <>
        <label htmlFor={id}>{props.label}</label>
        <textarea id={id} rows={4} value={value} onChange={(e) => onChange(e.target.value)} />
      </>
    )
  }
  if (type === 'money') {
    const { amount, currency } = splitMoney(value)
    return (
      <fieldset className="money">
        <legend>{props.label}</legend>
        <label htmlFor={id}>Amount</label>
        <input id={id} inputMode="decimal" value={amount} onChange={(e) => onChange(joinMoney(e.target.value, currency))} />
        <label htmlFor={`${id}-currency`}>Currency</label>
        <input
          id={`${id}-currency`}
          className="currency"
          maxLength={3}
          value={currency}
          onChange={(e) => onChange(joinMoney(amount, e.target.value))}
        />
      </fieldset>
    )
  }
  return (
    <>
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type={INPUT_TYPE[type] ?? 'text'}
        inputMode={type === 'number' ? 'decimal' : undefined}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </>
  )
}
