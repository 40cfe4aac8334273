/**
 * Checking devices' chains (src/main/domain/team/chains.ts). Issue #17: "each event records the latest event it
 * had seen from every other device, so a transport that withholds, reorders or truncates another device's
 * files is detected and named".
 */
import { describe, expect, it } from 'vitest'
import { describeProblem, verifyChains, ZERO, type SegmentHead } from '../../../src/main/domain/team/chains'

const h = (c: string) => c.repeat(64)
const seg = (deviceId: string, seq: number, hash: string, prev: string, seen: SegmentHead['seen'] = {}): SegmentHead => ({
  deviceId,
  seq,
  hash,
  prev,
  seen,
  file: `${deviceId}/s-${seq}`,
})
const a1 = seg('a', 1, h('1'), ZERO)
const a2 = seg('a', 2, h('2'), h('1'))
const a3 = seg('a', 3, h('3'), h('2'))
const name = (d: string) => ({ a: 'Asha Patel', b: 'Ben Okafor' })[d] ?? d

describe('checking each device’s chain', () => {
  it('accepts an unbroken chain and names nothing', () => {
    expect(verifyChains([a3, a1, a2])).toEqual({ accepted: { a: 3 }, problems: [] })
  })

  it('names a segment withheld while a later one arrived, and merges only up to it', () => {
    const r = verifyChains([a1, a3])
    expect(r.accepted).toEqual({ a: 1 })
    expect(r.problems).toEqual([{ kind: 'withheld', deviceId: 'a', from: 2, to: 2, seenBy: null }])
    expect(describeProblem(r.problems[0]!, name)).toBe(
      "Asha Patel's change 2 has not arrived here although later changes arrived: the shared folder may be withholding it. Later changes from Asha Patel wait until it arrives.",
    )
  })

  it('names the newest segments cut off once another device refers to them (the limit: not before)', () => {
    expect(verifyChains([a1]).problems).toEqual([])
    const b1 = seg('b', 1, h('b'), ZERO, { a: { seq: 3, hash: h('3') } })
    const r = verifyChains([a1, b1])
    expect(r.problems).toEqual([{ kind: 'withheld', deviceId: 'a', from: 2, to: 3, seenBy: 'b' }])
    expect(describeProblem(r.problems[0]!, name)).toMatch(/^Asha Patel's changes 2 to 3 have not arrived here although Ben Okafor had already received them/)
  })

  it('names a segment that is not the one another device saw', () => {
    const b1 = seg('b', 1, h('b'), ZERO, { a: { seq: 2, hash: h('9') } })
    expect(verifyChains([a1, a2, b1]).problems).toEqual([{ kind: 'replaced', deviceId: 'a', seq: 2, file: 'a/s-2', seenBy: 'b' }])
  })

  it('names a segment that does not continue the one before it', () => {
    const bad = seg('a', 2, h('8'), h('7'))
    const r = verifyChains([a1, bad, a3])
    expect(r.accepted).toEqual({ a: 1 })
    expect(r.problems).toEqual([{ kind: 'replaced', deviceId: 'a', seq: 2, file: 'a/s-2', seenBy: null }])
  })

  it('names a device that wrote two different segments with one number', () => {
    const other = { ...seg('a', 2, h('6'), h('1')), file: 'a/s-2-again' }
    const r = verifyChains([a1, a2, other, a3])
    expect(r.accepted).toEqual({ a: 1 })
    expect(r.problems).toEqual([{ kind: 'forked', deviceId: 'a', seq: 2, files: ['a/s-2', 'a/s-2-again'] }])
  })

  it('a damaged file is named once, as damaged, not also as withheld; the same segment twice is no problem', () => {
    const r = verifyChains([a1, a3, { ...a1, file: 'copy' }], [{ deviceId: 'a', seq: 2, file: 'a/s-2', why: 'damaged' }])
    expect(r.accepted).toEqual({ a: 1 })
    expect(r.problems).toEqual([{ kind: 'damaged', deviceId: 'a', file: 'a/s-2', why: 'damaged' }])
  })
})
