/**
 * JSON.parse keeps the last of two members with the same name; another reader may keep the first.
 * A request, a packet or a JWS header whose readers can disagree is refused rather than shown with
 * one reading. This scan finds such a pair at any depth. It runs on text that JSON.parse has
 * already accepted, so it trusts the structure and only has to skip over strings correctly.
 */

export interface DuplicateMember {
  /** The member name, decoded ("\u0070urpose" and "purpose" are the same name). */
  name: string
  /** Where the object is: "" for the top level, else like `requester` or `fields[2]`. */
  where: string
}

type Frame =
  | { kind: 'object'; where: string; names: Set<string>; expectingName: boolean; current: string }
  | { kind: 'array'; where: string; index: number }

/** The first member given twice in one object, or undefined. `json` must be valid JSON. */
export function findDuplicateMember(json: string): DuplicateMember | undefined {
  const stack: Frame[] = []
  for (let at = 0; at < json.length; at++) {
    const char = json[at]
    const top = stack.at(-1)
    if (char === '"') {
      const end = endOfString(json, at)
      if (top?.kind === 'object' && top.expectingName) {
        const name = JSON.parse(json.slice(at, end + 1)) as string
        if (top.names.has(name)) return { name, where: top.where }
        top.names.add(name)
        top.current = name
        top.expectingName = false
      }
      at = end
    } else if (char === '{' || char === '[') {
      const where = childPath(top)
      stack.push(char === '{' ? { kind: 'object', where, names: new Set(), expectingName: true, current: '' } : { kind: 'array', where, index: 0 })
    } else if (char === '}' || char === ']') {
      stack.pop()
    } else if (char === ',') {
      if (top?.kind === 'object') top.expectingName = true
      else if (top) top.index += 1
    }
  }
  return undefined
}

/** The index of the quote that closes the string opening at `start`. */
function endOfString(json: string, start: number): number {
  let at = start + 1
  while (json[at] !== '"') at += json[at] === '\\' ? 2 : 1
  return at
}

function childPath(parent: Frame | undefined): string {
  if (!parent) return ''
  if (parent.kind === 'array') return `${parent.where}[${parent.index}]`
  const name = JSON.stringify(parent.current.slice(0, 40)).slice(1, -1)
  return parent.where ? `${parent.where}.${name}` : name
}
