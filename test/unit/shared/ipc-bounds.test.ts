/**
 * Finding 9 of issue 12: "several IPC strings and arrays have no bound". The renderer is treated as
 * untrusted (a compromised or scripted page can send anything over IPC), so every string and array a
 * channel accepts carries a maximum, and each one is listed in docs/security.md ("Bounds on what the
 * screen can send"). This walks every channel's input schema through zod 4's own definition objects
 * (`_zod.def`: the node's type, its children and its `checks`) and names every unbounded leaf, so a new
 * field without a ceiling fails here rather than in a review.
 */
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { contract } from '../../../src/shared/ipc'

type Schema = z.core.$ZodType
type Check = { _zod: { def: { check: string; maximum?: number; length?: number } } }

/** The largest length a string or array schema admits, or null when nothing caps it. */
function maximumLength(schema: Schema): number | null {
  const checks = ((schema._zod.def as { checks?: Check[] }).checks ?? []).map((c) => c._zod.def)
  const caps = checks.flatMap((c) =>
    c.check === 'max_length' && typeof c.maximum === 'number'
      ? [c.maximum]
      : c.check === 'length_equals' && typeof c.length === 'number'
        ? [c.length]
        : [],
  )
  return caps.length === 0 ? null : Math.min(...caps)
}

/** Every place under `schema` where a string, array or open-ended map has no maximum, by path. */
export function unboundedPaths(schema: Schema, path = '', seen = new Set<Schema>()): string[] {
  if (seen.has(schema)) return []
  seen.add(schema)
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string }
  const child = (s: unknown, suffix: string) => unboundedPaths(s as Schema, path + suffix, seen)
  switch (def.type) {
    case 'string':
      return maximumLength(schema) === null ? [path || '(input)'] : []
    case 'array':
      return [...(maximumLength(schema) === null ? [`${path}[]`] : []), ...child(def.element, '[]')]
    case 'object': {
      const shape = def.shape as Record<string, Schema>
      const inner = Object.entries(shape).flatMap(([key, s]) => child(s, path ? `.${key}` : key))
      // A catch-all admits any number of extra keys: only `.strict()` (never) or none (stripped) is bounded.
      const catchall = def.catchall as Schema | undefined
      const open = catchall && catchall._zod.def.type !== 'never' ? [`${path || '(input)'}.*`] : []
      return [...inner, ...open]
    }
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return child(def.innerType, '')
    case 'pipe':
      return [...child(def.in, ''), ...child(def.out, '')]
    case 'union':
      return (def.options as Schema[]).flatMap((o, i) => child(o, `<${i}>`))
    case 'intersection':
      return [...child(def.left, ''), ...child(def.right, '')]
    case 'tuple':
      return [
        ...(def.items as Schema[]).flatMap((s, i) => child(s, `[${i}]`)),
        ...(def.rest ? child(def.rest, '[…]') : []),
      ]
    case 'lazy':
      return child((def.getter as () => Schema)(), '')
    // A record, map or set has no length check in zod; an `any` or `unknown` admits anything.
    case 'record':
    case 'map':
    case 'set':
    case 'any':
    case 'unknown':
      return [`${path || '(input)'} (${def.type})`]
    // Numbers, booleans, literals, enums, dates and a transform's output carry no unbounded length.
    default:
      return []
  }
}

describe('IPC input bounds', () => {
  it('finds an unbounded string, array and record, so the walk below can be trusted', async () => {
    const { z } = await import('zod')
    const probe = z.object({
      ok: z.string().max(10),
      loose: z.string(),
      list: z.array(z.string().max(5)),
      nested: z.object({ deep: z.array(z.string()).max(3).optional() }),
      map: z.record(z.string().max(5), z.string().max(5)),
      piped: z.string().max(4).transform((s) => s.length),
    })
    expect(unboundedPaths(probe).sort()).toEqual(['list[]', 'loose', 'map (record)', 'nested.deep[]'].sort())
  })

  it('every channel caps every string and array it accepts', () => {
    const unbounded = Object.entries(contract).flatMap(([name, { input }]) =>
      [...new Set(unboundedPaths(input as Schema))].map((p) => `${name}: ${p}`),
    )
    expect(unbounded).toEqual([])
  })
})
