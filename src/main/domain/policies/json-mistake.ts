/**
 * Where a JSON text first goes wrong, and what is wrong there, in words. JSON.parse only sometimes says
 * where ("at position 12") and never in words a DSL would follow ("Unexpected token '}'"), so when it
 * refuses a file this scanner reads it again (RFC 8259, iteratively, so any depth is fine) to find the
 * spot. Used only on text JSON.parse has already refused.
 */

export interface JsonMistake {
  /** Character offset of the mistake. */
  offset: number
  /** What is wrong there, as a phrase: "a comma before a closing bracket". */
  what: string
}

type Expect = 'value' | 'valueOrClose' | 'key' | 'keyOrClose' | 'colon' | 'commaOrClose' | 'end'

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d])
const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y
const LITERALS = ['true', 'false', 'null'] as const

function describeStray(text: string, at: number, expecting: Expect, afterComma: boolean): string {
  const c = text[at]!
  if (c === '}' || c === ']') {
    if (afterComma) return `a comma just before this closing ${c === '}' ? 'brace' : 'bracket'}, with nothing after it: remove the comma`
    return `a closing ${c === '}' ? 'brace' : 'bracket'} where a value was expected`
  }
  if (c === ',') return afterComma || expecting === 'valueOrClose' ? 'an extra comma' : 'a comma where a value was expected'
  if (c === "'" || c === '‘' || c === '’' || c === '“' || c === '”')
    return 'a quotation mark JSON does not allow: use straight double quotation marks (")'
  if (/[A-Za-z_]/.test(c)) {
    return expecting === 'key' || expecting === 'keyOrClose'
      ? 'a field name without quotation marks: write it as "name"'
      : 'text without quotation marks: write text as "…", and true, false and null in lower case'
  }
  if (c.charCodeAt(0) < 0x20 || c === '\u00a0' || c === '\ufeff') return 'an invisible character JSON does not allow here'
  return `a “${c}” where ${expecting === 'key' || expecting === 'keyOrClose' ? 'a field name in quotation marks' : 'a value'} was expected`
}

/** The first mistake in `text`, or null if it is valid JSON after all. */
export function findJsonMistake(text: string): JsonMistake | null {
  const stack: ('object' | 'array')[] = []
  let expecting: Expect = 'value'
  let afterComma = false
  let i = 0
  // After a whole value: the end of the text, or a comma or closing bracket of the container it is in.
  const afterValue = (): Expect => (stack.length === 0 ? 'end' : 'commaOrClose')

  while (true) {
    while (i < text.length && WHITESPACE.has(text.charCodeAt(i))) i++
    if (i >= text.length) {
      if (expecting === 'end') return null
      return { offset: text.length, what: 'the text ends before the JSON is complete: a closing bracket, brace or quotation mark may be missing' }
    }
    const c = text[i]!

    if (expecting === 'end') return { offset: i, what: 'more text after the end of the JSON: a bracket or brace may be closed too early' }

    if (expecting === 'colon') {
      if (c !== ':') return { offset: i, what: 'a missing colon (:) after the field name' }
      i++
      expecting = 'value'
      continue
    }

    if (expecting === 'commaOrClose') {
      const top = stack[stack.length - 1]!
      if (c === ',') {
        i++
        expecting = top === 'object' ? 'key' : 'value'
        afterComma = true
        continue
      }
      if ((c === '}' && top === 'object') || (c === ']' && top === 'array')) {
        i++
        stack.pop()
        expecting = afterValue()
        afterComma = false
        continue
      }
      if (c === '}' || c === ']') return { offset: i, what: `a closing ${c === '}' ? 'brace' : 'bracket'} that does not match the ${top === 'object' ? 'brace ({)' : 'bracket ([)'} it closes` }
      return { offset: i, what: 'a missing comma between two values' }
    }

    if ((expecting === 'keyOrClose' && c === '}') || (expecting === 'valueOrClose' && c === ']')) {
      i++
      stack.pop()
      expecting = afterValue()
      afterComma = false
      continue
    }

    if (expecting === 'key' || expecting === 'keyOrClose') {
      if (c !== '"') return { offset: i, what: describeStray(text, i, expecting, afterComma) }
    }

    // A value (or a key, which is a string).
    if (c === '"') {
      const start = i
      i++
      while (true) {
        if (i >= text.length) return { offset: start, what: 'a quotation mark that is never closed' }
        const d = text.charCodeAt(i)
        if (d === 0x22) break
        if (d < 0x20) return { offset: i, what: 'a line break or tab inside quotation marks: write it as \\n or \\t, or close the quotation marks before it' }
        if (d === 0x5c) {
          const e = text[i + 1]
          if (e === 'u') {
            if (!/^[0-9A-Fa-f]{4}$/.test(text.slice(i + 2, i + 6))) return { offset: i, what: 'a \\u escape without four hexadecimal digits' }
            i += 6
            continue
          }
          if (e === undefined || !'"\\/bfnrt'.includes(e)) return { offset: i, what: 'a backslash (\\) that JSON does not allow: write a backslash as \\\\' }
          i += 2
          continue
        }
        i++
      }
      i++
      if (expecting === 'key' || expecting === 'keyOrClose') {
        expecting = 'colon'
        afterComma = false
      } else {
        expecting = afterValue()
        afterComma = false
      }
      continue
    }
    if (c === '{' || c === '[') {
      stack.push(c === '{' ? 'object' : 'array')
      expecting = c === '{' ? 'keyOrClose' : 'valueOrClose'
      afterComma = false
      i++
      continue
    }
    if (c === '-' || (c >= '0' && c <= '9')) {
      NUMBER.lastIndex = i
      const m = NUMBER.exec(text)
      if (!m) return { offset: i, what: 'a number JSON cannot read' }
      const next = text[i + m[0].length]
      if (next !== undefined && /[0-9.eE]/.test(next))
        return { offset: i, what: 'a number JSON cannot read: no leading zeros, and digits on both sides of a decimal point' }
      i += m[0].length
      expecting = afterValue()
      afterComma = false
      continue
    }
    const literal = LITERALS.find((l) => text.startsWith(l, i))
    if (literal) {
      i += literal.length
      expecting = afterValue()
      afterComma = false
      continue
    }
    return { offset: i, what: describeStray(text, i, expecting, afterComma) }
  }
}
