/**
 * Packs (docs/team-vault.md, "Packs"): a device's closed runs of segments also go out as packs; a device that
 * joins reads the packs instead of the segments they hold, checks each segment inside against the chain, and
 * falls back to the segments when a pack is withheld or damaged (naming the damaged pack). A duplicated pack is
 * no news.
 */
import { drafted, opened } from '../../support/team-actions'
import { describe, expect, it } from 'vitest'
import { TeamDevice } from '../../../src/main/team/device'
import { decodePack, encodePack, parsePackName, parsePackPath } from '../../../src/main/team/packs'
import { directoryOf, makeDevice, makeMembers, newTeamKey, Server } from '../../support/team-devices'

const now = new Date('2026-12-02T10:00:00.000Z')

async function history(segments: number) {
  const members = makeMembers(2)
  const key = newTeamKey()
  const directory = directoryOf(members)
  const server = new Server()
  const writer = makeDevice(members[0]!, server.window('w'), key, directory, 4)
  writer.append([opened('d1')], now)
  for (let i = 2; i <= segments; i++)
    writer.append([drafted('d1', `r${i}`, `r${i}.v1`, [], members[0]!.personId, `call ${i}`)], now)
  await writer.sync()
  const packs = [...server.files.keys()].filter((p) => p.includes('/packs/')).sort()
  const join = () => {
    const window = server.window('j')
    return { joiner: makeDevice(members[1]!, window, key, directory, 4), window }
  }
  return { server, writer, packs, join }
}

describe('packs', () => {
  it('hold a closed run exactly, and refuse anything else', () => {
    const files = [Buffer.from('one'), Buffer.from('second')]
    const plain = encodePack(5, files)
    expect(decodePack(plain, { first: 5, last: 6 })?.map((b) => b.toString())).toEqual(['one', 'second'])
    expect(decodePack(plain, { first: 5, last: 7 })).toBeNull()
    expect(decodePack(plain, { first: 4, last: 5 })).toBeNull()
    expect(decodePack(Buffer.concat([plain, Buffer.from([0])]), { first: 5, last: 6 })).toBeNull()
    expect(decodePack(plain.subarray(0, plain.length - 1), { first: 5, last: 6 })).toBeNull()
    expect(parsePackName('p-000000000001-000000000256-0a1b2c3d.elt')).toEqual({ first: 1, last: 256 })
    expect(parsePackName('p-000000000001-000000000256-0a1b2c3d (1).elt')).toBeNull()
    expect(parsePackPath(`devices/${'a'.repeat(32)}/packs/b000001/p-000000000001-000000000256-0a1b2c3d.elt`)).toBeNull()
  })

  it('let a joining device read one file per closed run instead of one per segment', async () => {
    const { server, packs, join } = await history(10)
    expect(packs).toHaveLength(2)
    expect(packs[0]).toMatch(/\/packs\/b000000\/p-000000000001-000000000004-[0-9a-f]{8}\.elt$/)
    // The segments stay.
    expect([...server.files.keys()].filter((p) => /\/b000000\/s-/.test(p))).toHaveLength(10)
    const { joiner, window } = join()
    await joiner.sync()
    expect(joiner.problems()).toEqual([])
    expect(joiner.state().disputes[0]!.records).toHaveLength(9)
    for (const p of packs) expect(joiner.holds(p)).toBe(true)
    // Two packs and the two segments after them: four reads, not ten.
    expect(window.counts.read).toBe(4)
  })

  it('a withheld pack: the segments are read instead', async () => {
    const { packs, join } = await history(10)
    const { joiner, window } = join()
    window.hidden.add(packs[0]!)
    await joiner.sync()
    expect(joiner.problems()).toEqual([])
    expect(joiner.state().disputes[0]!.records).toHaveLength(9)
    // Packs are read only where they continue the run held: after a gap, segments carry it on.
    expect(joiner.holds(packs[0]!)).toBe(false)
    expect(window.counts.read).toBe(10)
  })

  it('a damaged pack is named, the segments are read instead, and a good copy later clears it', async () => {
    for (const how of ['flip', 'truncate'] as const) {
      const { packs, join } = await history(10)
      const { joiner, window } = join()
      window.damaged.set(packs[1]!, how)
      await joiner.sync()
      expect(joiner.problems()).toEqual([expect.objectContaining({ kind: 'damaged', file: packs[1] })])
      expect(joiner.problemSentences()[0]).toMatch(/Asha Patel's folder/)
      expect(joiner.state().disputes[0]!.records).toHaveLength(9)
      window.damaged.clear()
      await joiner.sync()
      expect(joiner.problems()).toEqual([])
      expect(joiner.holds(packs[1]!)).toBe(true)
    }
  })

  it('a duplicated pack (a sync engine\'s copy) is no news', async () => {
    const { server, packs, join } = await history(10)
    server.files.set(packs[0]!.replace(/-[0-9a-f]{8}\.elt$/, '-00000000.elt'), server.files.get(packs[0]!)!)
    const { joiner } = join()
    await joiner.sync()
    expect(joiner.problems()).toEqual([])
    expect(joiner.state().disputes[0]!.records).toHaveLength(9)
  })

  it('a pack moved to another range is refused as misnamed', async () => {
    const { server, packs, join } = await history(10)
    const moved = packs[1]!.replace('p-000000000005-000000000008', 'p-000000000001-000000000004')
    server.files.set(moved, server.files.get(packs[1]!)!)
    server.files.delete(packs[0]!)
    const { joiner } = join()
    await joiner.sync()
    expect(joiner.problems()).toEqual([expect.objectContaining({ kind: 'damaged', file: moved, why: 'misnamed' })])
    expect(joiner.state().disputes[0]!.records).toHaveLength(9)
  })

  it('a device restarted part-way through a run packs it once the run closes, fetching its earlier segments back', async () => {
    const members = makeMembers(1)
    const key = newTeamKey()
    const directory = directoryOf(members)
    const server = new Server()
    const m = members[0]!
    const first = makeDevice(m, server.window('a'), key, directory, 4)
    first.append([opened('d1')], now)
    first.append([drafted('d1', 'r1', 'r1.v1', [], members[0]!.personId, 'one')], now)
    await first.sync()
    const resume = first.saved()
    expect(resume.packedUpTo).toBe(0)
    const again = new TeamDevice({ transport: server.window('a'), keys: [key], deviceId: m.deviceId, personId: m.personId, signer: m.signer, directory, resume, packSegments: 4 })
    for (let i = 2; i <= 3; i++) again.append([drafted('d1', `r${i}`, `r${i}.v1`, [], m.personId, `${i}`)], now)
    await again.sync()
    const packs = [...server.files.keys()].filter((p) => p.includes('/packs/'))
    expect(packs).toEqual([expect.stringMatching(/p-000000000001-000000000004-/)])
    expect(again.saved().packedUpTo).toBe(4)
    const joiner = makeDevice(makeMembers(1)[0]!, server.window('j'), key, directory)
    await joiner.sync()
    expect(joiner.holds(packs[0]!)).toBe(true)
    expect(joiner.problems()).toEqual([])
  })
})
