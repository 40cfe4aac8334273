import { describe, expect, it } from 'vitest'
import { CHANNEL_NAMES } from '../../../src/shared/channels'
import { contract } from '../../../src/shared/ipc'

describe('the IPC contract', () => {
  it('lists exactly the same channels for the preload as the contract defines', () => {
    expect([...CHANNEL_NAMES].sort()).toEqual(Object.keys(contract).sort())
  })

  it('gives every channel an input and an output schema', () => {
    for (const [name, spec] of Object.entries(contract)) {
      expect(spec.input, name).toBeDefined()
      expect(spec.output, name).toBeDefined()
    }
  })
})
