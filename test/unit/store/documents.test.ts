import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../src/shared/errors'
import { isValidDocId, type Vault } from '../../../src/main/store'
import { docFiles, newVault, reopen } from './helpers'

const code = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: unknown) => (e instanceof AppError ? e.code : `not an AppError: ${String(e)}`),
  )

describe('documents and commits', () => {
  it('validates document ids', async () => {
    for (const ok of ['settings', 'dispute-2026-0001', 'a', 'x.y_z-1', 'a'.repeat(128)]) expect(isValidDocId(ok)).toBe(true)
    for (const bad of ['', 'Settings', '-a', '.a', '../x', 'a/b', 'a b', 'a'.repeat(129), 'é']) expect(isValidDocId(bad)).toBe(false)
    const { vault } = await newVault()
    expect(await code(vault.commit({ action: 'save', summary: 's' }, [{ docId: '../escape', data: 1 }]))).toBe('invalid-document-id')
    expect(await code(vault.load('UPPER'))).toBe('invalid-document-id')
  })

  it('refuses malformed commits before touching the disk', async () => {
    const { vault } = await newVault()
    const ok = { action: 'save', summary: 's' }
    expect(await code(vault.commit({ action: '', summary: 's' }, []))).toBe('invalid-commit')
    expect(await code(vault.commit(ok, [{ docId: 'a', data: undefined }]))).toBe('invalid-commit')
    expect(await code(vault.commit(ok, [{ docId: 'a', data: 1 }, { docId: 'a', data: 2 }]))).toBe('invalid-commit')
    expect(await code(vault.commit(ok, [{ docId: 'never', delete: true }]))).toBe('document-not-found')
    const cyclic: { self?: unknown } = {}
    cyclic.self = cyclic
    expect(await code(vault.commit(ok, [{ docId: 'a', data: cyclic }]))).toBe('invalid-commit')
    expect(await code(vault.commit(ok, [{ docId: 'a', data: 10n }]))).toBe('invalid-commit')
    expect(vault.documentIds()).toEqual([])
  })

  it('commits several documents in one event and records each in the manifest', async () => {
    const { vault } = await newVault()
    const e = await vault.commit({ action: 'dispute-opened', subject: 'dispute-1', summary: 'Dispute opened' }, [
      { docId: 'dispute-1', data: { stage: 1 } },
      { docId: 'index', data: { open: ['dispute-1'] } },
    ])
    expect(e).toMatchObject({ seq: 2, action: 'dispute-opened', subject: 'dispute-1', personName: 'Alex Morgan' })
    expect(e.docs.map((d) => d.id)).toEqual(['dispute-1', 'index'])
    expect(e.docs.every((d) => 'generation' in d && d.generation === 1 && /^[0-9a-f]{64}$/.test(d.hash))).toBe(true)
    expect(e.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    const e2 = await vault.commit({ action: 'closed', summary: 'Closed' }, [
      { docId: 'dispute-1', delete: true },
      { docId: 'index', data: { open: [] } },
    ])
    expect(e2.docs).toEqual([{ id: 'dispute-1', deleted: true }, expect.objectContaining({ id: 'index', generation: 2 })])
    expect(e2.prev).toBe(e.hash)
    expect(vault.has('dispute-1')).toBe(false)
    expect(await vault.load('dispute-1')).toBeUndefined()
    expect(await docFiles(vault.dir)).toEqual(['index.2.enc'])
    // Re-creating a deleted document continues its generations, so an old file can never come back.
    await vault.commit({ action: 'reopened', summary: 'Reopened' }, [{ docId: 'dispute-1', data: { stage: 2 } }])
    expect(await docFiles(vault.dir)).toEqual(['dispute-1.2.enc', 'index.2.enc'])
  })

  it('returns copies: changing a loaded or committed object does not change the vault', async () => {
    const { vault } = await newVault()
    const data = { notes: ['a'] }
    await vault.commit({ action: 'save', summary: 's' }, [{ docId: 'a', data }])
    data.notes.push('changed after commit')
    const loaded = await vault.load<{ notes: string[] }>('a')
    loaded?.notes.push('changed after load')
    expect(await vault.load('a')).toEqual({ notes: ['a'] })
  })

  it('serialises concurrent commits', async () => {
    const { dir, vault } = await newVault()
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) => vault.commit({ action: 'save', summary: `n${i}` }, [{ docId: `d${i % 4}`, data: i }])),
    )
    expect(results.map((e) => e.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 2))
    for (let k = 0; k < 4; k++) expect(await vault.load(`d${k}`)).toBe(24 - ((24 - k) % 4))
    const v = await reopen(dir, vault)
    expect(await v.verifyAuditChain()).toMatchObject({ ok: true, events: 28 })
  })

  it('pages the audit trail newest first, also into events before a checkpoint', async () => {
    const { dir, vault } = await newVault({ checkpointEvery: 10 })
    for (let i = 1; i <= 40; i++) await vault.commit({ action: 'save', summary: `n${i}` }, [{ docId: 'a', data: i }])
    await vault.lock()
    const v = await reopen(dir, vault, { checkpointEvery: 10 })
    const seqs: number[] = []
    let beforeSeq: number | undefined
    for (;;) {
      const page = await v.readAudit({ limit: 7, ...(beforeSeq ? { beforeSeq } : {}) })
      if (page.length === 0) break
      seqs.push(...page.map((e) => e.seq))
      beforeSeq = page[page.length - 1].seq
    }
    expect(seqs).toEqual(Array.from({ length: 43 }, (_, i) => 43 - i))
    expect((await v.readAudit({ beforeSeq: 5, limit: 2 })).map((e) => e.summary)).toEqual(['n3', 'n2'])
    const fresh = await reopen(dir, vault, { checkpointEvery: 10 })
    expect((await fresh.readAudit({ beforeSeq: 3, limit: 10 })).map((e) => e.action)).toEqual(['save', 'vault-created'])
  })

  it('jumps to any page of a long audit trail (property)', async () => {
    const { dir, vault } = await newVault({ checkpointEvery: 100 })
    for (let i = 2; i <= 400; i++) await vault.commit({ action: 'save', summary: `event ${i}` }, [])
    await vault.lock()
    const v = await reopen(dir, vault, { checkpointEvery: 100 })
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 403 }), fc.integer({ min: 1, max: 40 }), async (beforeSeq, limit) => {
        const page = await v.readAudit({ beforeSeq, limit })
        const expected = Array.from({ length: Math.min(limit, beforeSeq - 1) }, (_, i) => beforeSeq - 1 - i)
        expect(page.map((e) => e.seq)).toEqual(expected)
        for (const e of page) if (e.seq >= 2 && e.seq <= 400) expect(e.summary).toBe(`event ${e.seq}`)
      }),
      { numRuns: 60 },
    )
  })

  it('loadMany returns what exists and leaves out what never did', async () => {
    const { vault } = await newVault()
    await vault.commit({ action: 'save', summary: 's' }, [
      { docId: 'a', data: 1 },
      { docId: 'b', data: 2 },
    ])
    const m = await vault.loadMany<number>(['a', 'b', 'c'])
    expect([...m.entries()].sort()).toEqual([
      ['a', 1],
      ['b', 2],
    ])
  })
})

describe('reopen cycle (property)', () => {
  type Op = { kind: 'put'; id: string; value: unknown } | { kind: 'delete'; id: string } | { kind: 'reopen' } | { kind: 'batch'; ids: string[]; value: unknown }
  const ids = fc.constantFrom('settings', 'index', 'dispute-1', 'dispute-2', 'archive-2026')
  const json = fc.jsonValue({ maxDepth: 3 }).filter((v) => v !== null)
  const op: fc.Arbitrary<Op> = fc.oneof(
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('put' as const), id: ids, value: json }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), id: ids }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('batch' as const), ids: fc.uniqueArray(ids, { minLength: 1, maxLength: 3 }), value: json }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'reopen' as const }) },
  )

  it('everything committed is there, equal, after any sequence of commits and reopens', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 25 }), fc.integer({ min: 1, max: 6 }), async (ops, every) => {
        const made = await newVault({ checkpointEvery: every })
        let vault: Vault = made.vault
        const model = new Map<string, unknown>()
        let events = 1
        for (const o of ops) {
          if (o.kind === 'reopen') {
            await vault.lock()
            vault = await reopen(made.dir, made.vault, { checkpointEvery: every })
            events += 2
          } else if (o.kind === 'delete') {
            if (!model.has(o.id)) continue
            await vault.commit({ action: 'delete', summary: 'd' }, [{ docId: o.id, delete: true }])
            model.delete(o.id)
            events++
          } else {
            const targets = o.kind === 'put' ? [o.id] : o.ids
            await vault.commit({ action: 'put', summary: 'p' }, targets.map((id) => ({ docId: id, data: o.value })))
            for (const id of targets) model.set(id, JSON.parse(JSON.stringify(o.value)))
            events++
          }
        }
        await vault.lock()
        const v = await reopen(made.dir, made.vault, { checkpointEvery: every })
        events += 2
        expect(v.documentIds()).toEqual([...model.keys()].sort())
        const all = await v.loadMany<unknown>(v.documentIds())
        for (const [id, value] of model) expect(all.get(id)).toEqual(value)
        expect(v.problems).toEqual([])
        expect(await v.verifyAuditChain()).toMatchObject({ ok: true, events })
        expect(await docFiles(made.dir)).toHaveLength(model.size)
      }),
      { numRuns: 25 },
    )
  })
})
