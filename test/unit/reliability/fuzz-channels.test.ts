/**
 * Bad input at every door. For each channel of the contract, fast-check builds inputs from the channel's own
 * zod schema — some shaped right but filled with the worst text there is (lone surrogates, right-to-left
 * overrides, NUL, a megabyte of one letter, combining marks), some with the wrong types, prototype-pollution
 * keys, extra fields, deep nesting, NaN and Infinity, BigInt, Dates, Maps — and sends them through the real
 * handler table over a real, unlocked vault. Every call must come back as a value or a typed error (a code
 * and a sentence; never "internal", never a thrown exception); every refused call must leave the vault
 * folder byte-for-byte as it was; nothing may pollute Object.prototype; and at the end the vault must still
 * verify and reopen. test/unit/api/vault-api.test.ts has a first, coarser version of this.
 */
import { mkdirSync, readdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { CHANNEL_NAMES } from '../../../src/shared/channels'
import { contract, type Channel } from '../../../src/shared/ipc'
import { aDispute, openTestApi, PASS, personOf, tree, type TestApi } from './helpers'

const HUGE = 'x'.repeat(1_000_000)
const nastyText = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\uD800', // lone high surrogate
    '\uDC00x', // lone low surrogate
    'x\uD83D', // a surrogate pair cut in half
    '\u202Eevil.exe\u202C', // right-to-left override
    '\u200F\u200E\u061C', // RTL/LTR marks
    '\uFEFF', // BOM
    'Zoë Ångström', // NFC
    'Zoe\u0308 A\u030Angstro\u0308m', // NFD: combining marks
    'e\u0301'.repeat(2000),
    '👩‍👧‍👦'.repeat(50),
    '<script>alert(1)</script>',
    '"; DROP TABLE disputes; --',
    '../../../../etc/passwd',
    '%s%s%n',
    '__proto__',
    'constructor',
    HUGE,
  ),
  fc.string({ maxLength: 40, unit: 'binary' }),
  fc.string({ maxLength: 40, unit: 'grapheme' }),
)
const nastyNumber = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, -0, Number.MAX_SAFE_INTEGER + 2, -1, 1e308, 0.5),
  fc.integer({ min: -10, max: 3000 }),
)

/** Prototype-pollution keys as JSON.parse makes them (own properties named __proto__). */
const POLLUTION = JSON.parse(
  '{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}}',
) as object

const wrongType = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    undefined,
    true,
    0,
    NaN,
    '',
    [],
    {},
    POLLUTION,
    10n,
    new Date(NaN),
    new Map([['a', 1]]),
    new Set([1]),
    () => 1,
    Symbol('s'),
  ),
  nastyText,
  nastyNumber,
  fc.anything({ maxDepth: 3 }),
)

const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype))

type Def = { type: string; [k: string]: unknown }
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def

/** Inputs shaped like `schema`, filled with nasty values; each field sometimes of the wrong type. */
function shaped(schema: z.ZodType, paths: { root: string }, key = '', depth = 0): fc.Arbitrary<unknown> {
  const def = defOf(schema)
  const orWrong = (a: fc.Arbitrary<unknown>) =>
    fc.oneof({ weight: 4, arbitrary: a }, { weight: 1, arbitrary: wrongType })
  if (depth > 6) return wrongType
  // Paths are only ever inside the test's own folder: a fuzzed "dir" must not create folders anywhere else.
  if ((key === 'dir' || key === 'file' || key === 'folder') && def.type === 'string')
    return orWrong(
      fc.constantFrom(
        join(paths.root, 'fuzz', 'new-folder'),
        join(paths.root, 'fuzz', 'a\u202Eb'),
        join(paths.root, 'fuzz', 'x'.repeat(300)),
        join(paths.root, 'fuzz', 'missing.elbackup'),
        join(paths.root, 'fuzz', '..', 'fuzz', 'up-and-back'),
        'relative-folder-must-be-refused',
        `${join(paths.root, 'fuzz')}\u0000/evil`,
        '',
      ),
    )
  switch (def.type) {
    case 'string':
      // Ids named after Object.prototype members have their own deterministic test below.
      return orWrong(/id$/i.test(key) ? nastyText.filter((v) => !PROTOTYPE_NAMES.has(v)) : nastyText)
    case 'number':
      return orWrong(nastyNumber)
    case 'boolean':
      return orWrong(fc.boolean())
    case 'literal':
      return orWrong(fc.constantFrom(...(def['values'] as unknown[])))
    case 'enum':
      return orWrong(fc.oneof(fc.constantFrom(...Object.values(def['entries'] as object)), nastyText))
    case 'optional':
      return fc.oneof(fc.constant(undefined), shaped(def['innerType'] as z.ZodType, paths, key, depth + 1))
    case 'nullable':
      return fc.oneof(fc.constant(null), shaped(def['innerType'] as z.ZodType, paths, key, depth + 1))
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return shaped(def['innerType'] as z.ZodType, paths, key, depth + 1)
    case 'pipe':
      return shaped(def['in'] as z.ZodType, paths, key, depth + 1)
    case 'lazy':
      return shaped((def['getter'] as () => z.ZodType)(), paths, key, depth + 1)
    case 'array':
      return orWrong(fc.array(shaped(def['element'] as z.ZodType, paths, key, depth + 1), { maxLength: 3 }))
    case 'tuple':
      return orWrong(fc.tuple(...(def['items'] as z.ZodType[]).map((i) => shaped(i, paths, key, depth + 1))))
    case 'union':
      return fc.oneof(...(def['options'] as z.ZodType[]).map((o) => shaped(o, paths, key, depth + 1)))
    case 'record':
      return orWrong(
        fc.dictionary(
          nastyText.filter((k) => k.length < 50),
          shaped(def['valueType'] as z.ZodType, paths, key, depth + 1),
          { maxKeys: 3 },
        ),
      )
    case 'object': {
      const shape = def['shape'] as Record<string, z.ZodType>
      const fields = Object.fromEntries(
        Object.entries(shape).map(([k, s]) => [k, shaped(s, paths, k, depth + 1)]),
      )
      return orWrong(
        fc
          .tuple(
            fc.record(fields, { requiredKeys: [] }),
            fc.constantFrom<'plain' | 'pollute' | 'extra'>('plain', 'plain', 'pollute', 'extra'),
            nastyText,
          )
          .map(([o, how, extra]) =>
            how === 'pollute'
              ? Object.assign(JSON.parse('{"__proto__": {"polluted": "yes"}}') as object, o)
              : how === 'extra'
                ? { ...o, [extra.slice(0, 30) || 'x']: extra }
                : o,
          ),
      )
    }
    default:
      return wrongType
  }
}

const deep = (n: number): unknown => (n === 0 ? 'bottom' : { a: deep(n - 1) })

/** Channels whose success legitimately changes what the session is (it is put back after them). */
const SESSION_CHANGERS: ReadonlySet<Channel> = new Set<Channel>([
  'vault.lock',
  'vault.unlock',
  'vault.create',
  // Opening as an invited person, or with the recovery key, locks the session first, as unlocking does.
  'vault.acceptInvitation',
  'vault.recover',
  'backup.restore',
])

type Outcome =
  { ok: true; value: unknown } | { ok: false; error: { code: string; message: string; field?: string } }

describe('every channel refuses bad input with a typed error and changes nothing', () => {
  let t: TestApi
  let personId: string
  let root: string
  let disputeId: string
  const stats = new Map<string, { calls: number; ok: number; refused: number }>()

  let cwdBefore: string[]

  beforeAll(async () => {
    cwdBefore = readdirSync(process.cwd()).sort()
    t = await openTestApi()
    root = dirname(t.vaultDir)
    mkdirSync(join(root, 'fuzz'))
    personId = await personOf(t)
    disputeId = (await aDispute(t)).disputeId
  })
  afterAll(async () => {
    await t.cleanup()
  })

  async function send(channel: Channel, input: unknown): Promise<Outcome> {
    const handler = t.api.handlers[channel] as (i: unknown) => Promise<Outcome>
    let result: Outcome
    try {
      result = await handler(input)
    } catch (e) {
      throw new Error(`${channel} threw instead of answering: ${String(e)}`)
    }
    expect(result, channel).toBeTypeOf('object')
    if (!result.ok) {
      expect(result.error.code, `${channel}: ${result.error.message}`).toMatch(/^[a-z][a-z0-9-]*$/)
      expect(result.error.code, `${channel} gave an unexplained error`).not.toBe('internal')
      expect(result.error.message.length, channel).toBeGreaterThan(0)
      expect(result.error.message.length, channel).toBeLessThan(20_000) // never echoes a megabyte back
    }
    expect(
      ({} as Record<string, unknown>)['polluted'],
      `${channel} polluted Object.prototype`,
    ).toBeUndefined()
    return result
  }

  async function ensureUnlocked(): Promise<void> {
    const s = (await send('vault.session', {})) as { ok: true; value: { vaultDir: string } | null }
    if (s.value?.vaultDir === t.vaultDir) return
    await t.call('vault.unlock', { dir: t.vaultDir, personId, passphrase: PASS })
  }

  for (const channel of CHANNEL_NAMES) {
    it(`${channel}`, async () => {
      const schema = contract[channel].input as unknown as z.ZodType
      const fixed = fc.constantFrom<unknown>(
        undefined,
        null,
        [],
        'vault.lock',
        42,
        POLLUTION,
        deep(2000),
        { disputeId },
        { disputeId: `${disputeId}\u0000` },
        { disputeId: '../../etc' },
        { disputeId: HUGE },
        { json: HUGE },
      )
      const inputs = fc.oneof(
        { weight: 3, arbitrary: shaped(schema, { root }) },
        { weight: 1, arbitrary: fixed },
        { weight: 1, arbitrary: wrongType },
      )
      const s = { calls: 0, ok: 0, refused: 0 }
      stats.set(channel, s)
      await fc.assert(
        fc.asyncProperty(inputs, async (input) => {
          await ensureUnlocked()
          const before = tree(t.vaultDir)
          const result = await send(channel, input)
          s.calls++
          if (result.ok) s.ok++
          else {
            s.refused++
            if (!SESSION_CHANGERS.has(channel))
              expect(tree(t.vaultDir), `${channel} refused but changed the vault`).toEqual(before)
          }
        }),
        { numRuns: channel.startsWith('exports.') || channel === 'reports.quarterly' ? 15 : 30 },
      )
      expect(s.calls).toBeGreaterThan(0)
    })
  }

  it('ids that are the names of Object.prototype members are refused as not found, not as internal errors', async () => {
    // Found by the property above: a plain-object lookup such as index.open["constructor"] finds
    // Object.prototype.constructor, and the handler then fails with "internal".
    await ensureUnlocked()
    const before = tree(t.vaultDir)
    const failures: string[] = []
    for (const id of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      const probes: [Channel, unknown][] = [
        ['disputes.get', { disputeId: id }],
        ['disputes.escalate', { disputeId: id, input: {} }],
        [
          'records.createDraft',
          {
            disputeId: id,
            draft: {
              kind: 'phone-call',
              stage: 1,
              occurredAt: { date: '2026-12-01', time: '08:45' },
              contact: { name: 'A', role: 'B', agency: 'C' },
              direction: 'outgoing',
              weSaid: 'x',
              whatWasAgreed: 'y',
            },
          },
        ],
        ['records.approve', { disputeId, recordId: id }],
        [
          'disputes.open',
          {
            policyId: 'solihull-sscp',
            dispute: {
              childIds: [id],
              otherAgency: { agency: 'A', practitioner: 'B', role: 'C' },
              disputed: { kind: 'decision', description: 'D' },
              reasons: { ids: [], text: 'E' },
              disagreementOn: '2026-12-01',
              triage: { level: 'standard' },
            },
          },
        ],
        ['children.update', { id, changes: {} }],
        ['directory.update', { id, changes: { name: 'x', role: 'y', agency: 'z' } }],
        ['exports.document', { document: 'escalation-record', disputeId: id }],
      ]
      for (const [channel, input] of probes) {
        const r = await (t.api.handlers[channel] as (i: unknown) => Promise<Outcome>)(input)
        if (r.ok || r.error.code === 'internal')
          failures.push(`${channel} with id "${id}": ${r.ok ? 'accepted' : 'internal error'}`)
      }
    }
    expect(failures.join('\n')).toBe('')
    expect(tree(t.vaultDir)).toEqual(before)
  })

  it('afterwards the vault verifies, reopens, and its data is intact', async () => {
    await ensureUnlocked()
    expect(await t.call('audit.verify', {})).toMatchObject({ ok: true })
    await t.call('vault.lock', {})
    await t.call('vault.unlock', { dir: t.vaultDir, personId, passphrase: PASS })
    expect((await t.call('disputes.get', { disputeId })).records).toHaveLength(2)
    // Fuzzed paths stayed inside the test's folder: nothing new where the process was started.
    expect(readdirSync(root).sort()).toEqual(expect.arrayContaining(['vault', 'fuzz']))
    // (Only what a fuzzed path could have made: others may add files there meanwhile.)
    const added = readdirSync(process.cwd()).filter((n) => !cwdBefore.includes(n))
    const madeByFuzz = added.filter((n) => {
      const p = join(process.cwd(), n)
      return (
        statSync(p).isDirectory() &&
        readdirSync(p).some((f) => f.endsWith('.elbackup') || f === 'vault.json' || f === 'documents')
      )
    })
    expect(madeByFuzz).toEqual([])
    const refusedSomewhere = [...stats.values()].reduce((n, s) => n + s.refused, 0)
    expect(refusedSomewhere).toBeGreaterThan(CHANNEL_NAMES.length)
  })
})

describe('imported files: policies and bank holidays fuzzed as JSON', () => {
  let t: TestApi
  beforeAll(async () => {
    t = await openTestApi()
  })
  afterAll(async () => t.cleanup())

  const jsonish = fc.oneof(
    fc.json({ maxDepth: 4 }),
    fc.anything({ maxDepth: 4 }).map((v) => {
      try {
        return JSON.stringify(v) ?? 'null'
      } catch {
        return 'null'
      }
    }),
    nastyText.filter((s) => s.length > 0),
    fc.constantFrom(
      '{"__proto__": {"polluted": "yes"}}',
      '{"constructor": {"prototype": {"polluted": "yes"}}}',
      '[' + '['.repeat(5000) + ']'.repeat(5000) + ']',
      '{"england-and-wales": {"division": "england-and-wales", "events": [{"title": "\\u202E", "date": "2026-02-30", "notes": "", "bunting": true}]}}',
      '{"england-and-wales": {"division": "england-and-wales", "events": "not a list"}}',
      '{"id": "x", "partnership": "\\u0000", "version": -1}',
    ),
  )

  for (const channel of ['policies.import', 'calendar.importBankHolidays'] as const) {
    it(`${channel} refuses every malformed file with a typed error naming the problem, and changes nothing`, async () => {
      await fc.assert(
        fc.asyncProperty(jsonish, async (json) => {
          const before = tree(t.vaultDir)
          // A policy file travels as its bytes (the main process decodes it); bank holidays as text.
          const input = channel === 'policies.import' ? { fileBase64: Buffer.from(json, 'utf8').toString('base64') } : { json }
          const r = (await (t.api.handlers[channel] as (i: unknown) => Promise<Outcome>)(input)) as Outcome
          expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
          if (r.ok) return // a random JSON text is, very rarely, a valid file
          expect(r.error.code).toMatch(/^[a-z][a-z0-9-]*$/)
          expect(r.error.code).not.toBe('internal')
          expect(r.error.message.length).toBeGreaterThan(10)
          expect(tree(t.vaultDir)).toEqual(before)
        }),
        { numRuns: 200 },
      )
    })
  }

  it('a shipped policy file with any one value replaced by a nasty one is imported whole or refused whole', async () => {
    const list = await t.call('policies.list', {})
    const base = list.policies[0] as unknown as Record<string, unknown>
    const paths: string[][] = []
    const walk = (v: unknown, p: string[]) => {
      if (paths.length > 400) return
      if (v && typeof v === 'object') for (const [k, c] of Object.entries(v)) walk(c, [...p, k])
      else paths.push(p)
    }
    walk(base, [])
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), wrongType, fc.nat(), async (path, value, salt) => {
        const copy = structuredClone(base)
        let at: Record<string, unknown> = copy
        for (const k of path.slice(0, -1)) at = at[k] as Record<string, unknown>
        at[path[path.length - 1]!] = value
        copy['version'] =
          typeof copy['version'] === 'number'
            ? (copy['version'] as number) + 1 + (salt % 1000)
            : copy['version']
        let json: string
        try {
          json = JSON.stringify(copy)
        } catch {
          return // BigInt and friends cannot be a file
        }
        const before = tree(t.vaultDir)
        const r = (await (t.api.handlers['policies.import'] as (i: unknown) => Promise<Outcome>)({
          fileBase64: Buffer.from(json, 'utf8').toString('base64'),
        })) as Outcome
        if (r.ok) return
        expect(r.error.code).not.toBe('internal')
        expect(r.error.message.length).toBeGreaterThan(10)
        expect(tree(t.vaultDir)).toEqual(before)
      }),
      { numRuns: 150 },
    )
  })
})
