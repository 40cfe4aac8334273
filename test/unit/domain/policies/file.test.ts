/**
 * Reading a policy file from its bytes (src/main/domain/policies/file.ts) and the limits of the format
 * (POLICY_FILE_LIMITS): each refusal is an AppError with a stable code and words a DSL can act on.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodePolicyText, firstNonUtf8Byte, lineAndColumn, parsePolicyJson, readPolicyFile } from '../../../../src/main/domain/policies/file'
import { findJsonMistake } from '../../../../src/main/domain/policies/json-mistake'
import { nestingProblems, validatePolicy } from '../../../../src/main/domain/policies/validate'
import { AppError } from '../../../../src/shared/errors'
import { northmoorPolicy } from './custom-policy'

function refusal(fn: () => unknown): AppError {
  try {
    fn()
  } catch (e) {
    if (e instanceof AppError) return e
    throw e
  }
  throw new Error('expected an AppError')
}

const utf8 = (text: string) => new TextEncoder().encode(text)

describe('the encoding rule: UTF-8, with or without a byte-order mark', () => {
  it('finds exactly the files a strict UTF-8 decoder refuses', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        let strictOk = true
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes)
        } catch {
          strictOk = false
        }
        expect(firstNonUtf8Byte(bytes) === -1).toBe(strictOk)
      }),
      { numRuns: 2000 },
    )
  })

  it('accepts every string written as UTF-8', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(firstNonUtf8Byte(utf8(s))).toBe(-1)
      }),
    )
  })

  it('drops a byte-order mark and keeps the text', () => {
    expect(decodePolicyText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('{"a":"£’"}')]))).toBe('{"a":"£’"}')
  })

  it('names the line and column of a byte in another encoding', () => {
    const bytes = new Uint8Array([...utf8('{\n  "title": "Children'), 0x92, ...utf8('s"\n}')])
    const e = refusal(() => decodePolicyText(bytes))
    expect(e.code).toBe('file-not-utf8')
    expect(e.message).toContain('line 2, column 21')
    expect(e.message).toContain('Save the file as UTF-8 and import it again.')
  })

  it('refuses overlong forms and surrogates, which a lenient decoder would let through', () => {
    expect(firstNonUtf8Byte(new Uint8Array([0xc0, 0xaf]))).toBe(0)
    expect(firstNonUtf8Byte(new Uint8Array([0x41, 0xed, 0xa0, 0x80]))).toBe(1)
    expect(firstNonUtf8Byte(new Uint8Array([0xf4, 0x90, 0x80, 0x80]))).toBe(0)
  })
})

describe('JSON mistakes by line and column', () => {
  it('counts lines across LF, CRLF and CR, and columns in characters', () => {
    expect(lineAndColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 })
    expect(lineAndColumn('ab\r\ncd', 5)).toEqual({ line: 2, column: 2 })
    expect(lineAndColumn('a\rb', 2)).toEqual({ line: 2, column: 1 })
    expect(lineAndColumn('😀x', 2)).toEqual({ line: 1, column: 2 })
  })

  it('a trailing comma', () => {
    const e = refusal(() => parsePolicyJson('{\n  "id": "x",\n}'))
    expect(e.code).toBe('file-not-json')
    expect(e.message).toContain('line 3, column 1')
  })
})

describe('the limits of the format', () => {
  it('a quoted true is told to lose its quotes', () => {
    const p = northmoorPolicy()
    const forms = p.forms!.map((f) => ({ ...f, fields: f.fields.map((x, i) => (i === 0 ? { ...x, required: 'true' } : x)) }))
    const e = refusal(() => validatePolicy({ ...p, forms }))
    expect(e.details).toEqual([{ path: 'forms[0].fields[0].required', message: 'must be true without quotes: write true, not "true"' }])
  })

  it('counts a condition’s depth through all, any and not, and stops at the first level too deep', () => {
    let deep: unknown = { fromStage: 1 }
    for (let i = 0; i < 9; i++) deep = { any: [deep] }
    const problems = nestingProblems({ notifications: [{ when: deep }] })
    expect(problems).toHaveLength(1)
    expect(problems[0]!.path).toBe('notifications[0].when.any[0].any[0].any[0].any[0].any[0].any[0].any[0].any[0]')
    expect(nestingProblems(northmoorPolicy())).toEqual([])
  })

  it('refuses a value nested 100,000 lists deep in words, not a stack overflow', () => {
    let value: unknown = 1
    for (let i = 0; i < 100_000; i++) value = [value]
    const e = refusal(() => validatePolicy({ ...northmoorPolicy(), title: value }))
    expect(e.code).toBe('policy-invalid')
    expect(e.details![0]!.message).toContain('nested more than 64 lists and objects deep')
  })

  it('a valid file reads whole, its defaults filled in', () => {
    const policy = readPolicyFile(utf8(JSON.stringify(northmoorPolicy())))
    expect(policy.id).toBe('northmoor-ncsp')
    expect(policy.guidance).toEqual([])
  })
})

describe('finding a JSON mistake', () => {
  const parses = (s: string): boolean => {
    try {
      JSON.parse(s)
      return true
    } catch {
      return false
    }
  }

  it('finds one exactly when JSON.parse refuses the text, for valid JSON and for JSON with characters changed, added or cut', () => {
    const edited = fc
      .tuple(fc.json({ maxDepth: 4 }), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', '\n', 'x', '0', '\\', '\u0001', '’'), fc.nat({ max: 3 }))
      .map(([json, at, insert, cut]) => {
        const p = at % (json.length + 1)
        return json.slice(0, p) + insert + json.slice(p + cut)
      })
    fc.assert(
      fc.property(fc.oneof(fc.json({ maxDepth: 4 }), edited, fc.string()), (text) => {
        expect(findJsonMistake(text) === null).toBe(parses(text))
      }),
      { numRuns: 3000 },
    )
  })

  it.each([
    ['{"a": 1,}', 8, 'a comma just before this closing brace, with nothing after it: remove the comma'],
    ['[1, 2,, 3]', 6, 'an extra comma'],
    ['{"a": 1 "b": 2}', 8, 'a missing comma between two values'],
    ['{a: 1}', 1, 'a field name without quotation marks: write it as "name"'],
    ["{'a': 1}", 1, 'a quotation mark JSON does not allow: use straight double quotation marks (")'],
    ['{"a": True}', 6, 'text without quotation marks: write text as "…", and true, false and null in lower case'],
    ['{"a": "one\ntwo"}', 10, 'a line break or tab inside quotation marks: write it as \\n or \\t, or close the quotation marks before it'],
    ['{"a": [1}', 8, 'a closing brace that does not match the bracket ([) it closes'],
    ['{"a": 1}}', 8, 'more text after the end of the JSON: a bracket or brace may be closed too early'],
    ['{"a" 1}', 5, 'a missing colon (:) after the field name'],
    ['{"a": 01}', 6, 'a number JSON cannot read: no leading zeros, and digits on both sides of a decimal point'],
  ])('%j: at %i, %s', (text, offset, what) => {
    expect(findJsonMistake(text)).toEqual({ offset, what })
  })

  it('is not troubled by depth', () => {
    expect(findJsonMistake('['.repeat(200_000) + ']'.repeat(199_999))?.what).toContain('ends before the JSON is complete')
  })
})
