/** Money is stored as "12.50 EUR"; the editor shows an amount and a currency side by side. */
export function splitMoney(value: string): { amount: string; currency: string } {
  const match = /^(-?\d+(?:\.\d+)?)\s+([A-Za-z]{3})$/.exec(value.trim())
  return match ? { amount: match[1]!, currency: match[2]!.toUpperCase() } : { amount: value.trim(), currency: 'EUR' }
}

export function joinMoney(amount: string, currency: string): string {
  return `${amount.trim()} ${currency.trim().toUpperCase()}`
}
