/** A name as a record or field name (letters, digits, "_", "-", at most 64): "Ada's Passport" → ada_s_passport. */
export function slug(name: string, fallback: string): string {
  const text = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 48)
  return text === '' ? fallback : /^[a-z0-9]/.test(text) ? text : `x${text}`
}
