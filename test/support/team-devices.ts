/**
 * Devices of one team for the tests: each with its own person and Ed25519 signing key, one team key, and a
 * directory of whose each device is.
 */
import { randomBytes } from 'node:crypto'
import { newSigningKeyPair, Signer } from '../../src/main/store/keys'
import { TeamDevice, type DeviceDirectory, type DeviceDirectoryEntry } from '../../src/main/team/device'
import type { TeamKey } from '../../src/main/team/sealed'
import { newCounts, type Transport } from '../../src/main/team/transport'

export interface Member {
  deviceId: string
  personId: string
  name: string
  signer: Signer
  publicKey: Buffer
}

export const NAMES = ['Asha Patel', 'Ben Okafor', 'Cara Lewis', 'Dev Sharma', 'Eve Morgan', 'Fay Hughes']

export function makeMembers(n: number): Member[] {
  return Array.from({ length: n }, (_, i) => {
    const pair = newSigningKeyPair()
    const publicKey = Buffer.from(pair.publicKey)
    return {
      deviceId: randomBytes(16).toString('hex'),
      personId: `p${i}${randomBytes(3).toString('hex')}`,
      name: NAMES[i] as string,
      signer: new Signer(pair.privateKey, publicKey),
      publicKey,
    }
  })
}

export function directoryOf(members: Member[]): DeviceDirectory {
  const map = new Map<string, DeviceDirectoryEntry>(
    members.map((m) => [m.deviceId, { personId: m.personId, name: m.name, signingPublicKey: m.publicKey }]),
  )
  return (deviceId) => map.get(deviceId) ?? null
}

export const newTeamKey = (epoch = 1): TeamKey => ({ teamId: randomBytes(16).toString('hex'), epoch, epochKey: randomBytes(32) })

/** `packSegments`: a small number makes packs in a short history (the model test). */
export function makeDevice(m: Member, transport: Transport, key: TeamKey, directory: DeviceDirectory, packSegments?: number): TeamDevice {
  return new TeamDevice({ transport, keys: [key], deviceId: m.deviceId, personId: m.personId, signer: m.signer, directory, ...(packSegments ? { packSegments } : {}) })
}

/**
 * A storage server that each device sees through its own window, which a test can make misbehave: a device
 * can be offline (its writes fail), and for each reader files can be hidden (delayed, withheld, delivered out
 * of order) or handed over damaged (bits flipped, cut short).
 */
export class Server {
  readonly files = new Map<string, Buffer>()
  window(reader: string): Window {
    return new Window(this, reader)
  }
}

export class Window implements Transport {
  readonly counts = newCounts()
  offline = false
  readonly hidden = new Set<string>()
  readonly damaged = new Map<string, 'flip' | 'truncate'>()
  /** Damaged files this reader was actually handed. */
  readonly servedDamaged = new Set<string>()

  constructor(
    private readonly server: Server,
    readonly reader: string,
  ) {}

  async list(folder: string): Promise<string[]> {
    this.counts.list++
    if (this.offline) throw new Error('offline')
    const prefix = folder === '' ? '' : `${folder}/`
    const names = new Set<string>()
    for (const path of this.server.files.keys()) {
      if (!path.startsWith(prefix) || this.hidden.has(path)) continue
      names.add(path.slice(prefix.length).split('/')[0] as string)
    }
    return [...names]
  }

  async read(path: string): Promise<Buffer | null> {
    this.counts.read++
    if (this.offline) throw new Error('offline')
    const bytes = this.hidden.has(path) ? undefined : this.server.files.get(path)
    if (!bytes) return null
    const how = this.damaged.get(path)
    if (how) this.servedDamaged.add(path)
    this.counts.bytesIn += bytes.length
    if (how === 'truncate') return Buffer.from(bytes.subarray(0, Math.max(0, bytes.length - 7)))
    if (how === 'flip') {
      const copy = Buffer.from(bytes)
      const at = copy.length >> 1
      copy[at] = (copy[at] as number) ^ 0x10
      return copy
    }
    return Buffer.from(bytes)
  }

  async write(path: string, bytes: Buffer): Promise<void> {
    this.counts.write++
    if (this.offline) throw new Error('offline')
    if (this.server.files.has(path)) throw new Error(`${path} exists`)
    this.server.files.set(path, Buffer.from(bytes))
    this.counts.bytesOut += bytes.length
  }
}
