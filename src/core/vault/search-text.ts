/** Case- and accent-insensitive form: "Élodie" and "elodie" compare equal. Kept in memory only. */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLocaleLowerCase('en-US')
}
