/**
 * The floors the issue asks for, measured in the same run as our figures:
 * - fsync: writing a small file on the same disk and fsyncing it — no durable save can be cheaper;
 * - open: reading, decrypting and JSON-parsing exactly the files an unlock read (as recorded while it ran:
 *   header, head, checkpoint, the journal tail since the checkpoint, and whichever documents it loaded),
 *   with none of the checks (no schema validation, no hash chain, no folder listing, no unlock event).
 */
import { createDecipheriv } from 'node:crypto'
import { open, readFile, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { VaultKeyring } from './bulk-journal'
import { dist, type Dist } from './stats'

function decrypt(key: Buffer, sealed: Buffer, aad: Buffer): Buffer {
  const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12))
  d.setAAD(aad)
  d.setAuthTag(sealed.subarray(sealed.length - 16))
  return Buffer.concat([d.update(sealed.subarray(12, sealed.length - 16)), d.final()])
}

const u64 = (n: number): Buffer => {
  const b = Buffer.alloc(8)
  b.writeBigUInt64BE(BigInt(n))
  return b
}
const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4)
  b.writeUInt32BE(n)
  return b
}

interface ManifestEntry {
  generation: number
  deleted?: true
}

/** One pass of the floor over the files an unlock read (paths as it opened them); returns the bytes read. */
export async function openFloorOnce(
  dir: string,
  ring: VaultKeyring,
  filesRead: readonly string[],
): Promise<number> {
  const { vaultIdBytes } = ring
  // Format 2 (docs/vault-format.md): head, checkpoint and frames carry their epoch before the sealed bytes.
  const epochKeys = ring.keyring.current
  const epoch = u32(epochKeys.epoch)
  const keys = {
    head: epochKeys.sub('head'),
    checkpoint: epochKeys.sub('checkpoint'),
    journal: epochKeys.sub('journal'),
    documents: epochKeys.sub('documents'),
  }
  let bytes = 0
  const read = async (path: string) => {
    const b = await readFile(join(dir, path))
    bytes += b.length
    return b
  }
  JSON.parse((await read('vault.json')).toString('utf8'))
  JSON.parse(
    decrypt(keys.head, (await read('head.enc')).subarray(4), Buffer.concat([vaultIdBytes, Buffer.from('head'), epoch])).toString(
      'utf8',
    ),
  )
  const checkpoint = JSON.parse(
    decrypt(
      keys.checkpoint,
      (await read('checkpoint.enc')).subarray(4),
      Buffer.concat([vaultIdBytes, Buffer.from('checkpoint'), epoch]),
    ).toString('utf8'),
  ) as { seq: number; journalBytes: number; docs: Record<string, ManifestEntry> }
  const manifest = new Map(Object.entries(checkpoint.docs))

  const fh = await open(join(dir, 'journal.log'), 'r')
  let tail: Buffer
  try {
    const size = (await fh.stat()).size
    tail = Buffer.alloc(size - checkpoint.journalBytes)
    await fh.read(tail, 0, tail.length, checkpoint.journalBytes)
    bytes += tail.length
  } finally {
    await fh.close()
  }
  let seq = checkpoint.seq
  for (let at = 0; at < tail.length;) {
    const len = tail.readUInt32BE(at)
    const event = JSON.parse(
      decrypt(
        keys.journal,
        tail.subarray(at + 8, at + 4 + len),
        Buffer.concat([vaultIdBytes, u64(++seq), tail.subarray(at + 4, at + 8)]),
      ).toString('utf8'),
    ) as { docs: { id: string; generation: number; deleted?: true }[] }
    for (const d of event.docs) manifest.set(d.id, d)
    at += len + 8
  }

  // The documents the unlock loaded, at the generation the manifest now names.
  const docIds = filesRead
    .filter((f) => basename(dirname(f)) === 'documents')
    .map((f) => basename(f).replace(/\.\d+\.enc$/, ''))
  for (const id of docIds) {
    const entry = manifest.get(id)
    if (!entry || entry.deleted) continue
    const file = await read(join('documents', `${id}.${entry.generation}.enc`))
    const aadLength = 33 + file[32]
    JSON.parse(
      decrypt(keys.documents, file.subarray(aadLength), file.subarray(0, aadLength)).toString('utf8'),
    )
  }
  return bytes
}

export async function openFloor(
  dir: string,
  ring: VaultKeyring,
  runs: number,
  filesRead: readonly string[],
): Promise<{ dist: Dist; bytes: number }> {
  await openFloorOnce(dir, ring, filesRead) // warm-up
  const samples: number[] = []
  let bytes = 0
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    bytes = await openFloorOnce(dir, ring, filesRead)
    samples.push(performance.now() - started)
  }
  return { dist: dist(samples), bytes }
}

/** Write 200 bytes to a small file and fsync it, `runs` times. */
export async function fsyncFloor(dir: string, runs: number): Promise<Dist> {
  const file = join(dir, 'fsync-floor.tmp')
  const data = Buffer.alloc(200, 0x61)
  const fh = await open(file, 'w')
  const samples: number[] = []
  try {
    for (let i = 0; i < runs; i++) {
      const started = performance.now()
      await fh.write(data, 0, data.length, 0)
      await fh.sync()
      samples.push(performance.now() - started)
    }
  } finally {
    await fh.close()
    await rm(file, { force: true })
  }
  return dist(samples)
}

/** Every string in a value, depth first: the text a document about it could print. */
export function textsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    if (value.trim() !== '') out.push(value)
  } else if (Array.isArray(value)) for (const v of value) textsOf(v, out)
  else if (typeof value === 'object' && value !== null) for (const v of Object.values(value)) textsOf(v, out)
  return out
}

/**
 * The pack's floor: a Word document of the same text (every string of the dispute and its records), one
 * plain paragraph each, no headings, tables, styles, contents or page numbers — built with the same docx
 * library and zipped, as the pack is. Returns the characters of text.
 */
export async function docxFloor(texts: readonly string[], runs: number): Promise<{ dist: Dist; chars: number }> {
  const { Document, Packer, Paragraph } = await import('docx')
  const build = () =>
    Packer.toBuffer(new Document({ sections: [{ children: texts.map((t) => new Paragraph(t)) }] }))
  await build() // warm-up
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    await build()
    samples.push(performance.now() - started)
  }
  return { dist: dist(samples), chars: texts.reduce((n, t) => n + t.length, 0) }
}
