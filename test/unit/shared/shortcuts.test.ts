import { describe, expect, it } from 'vitest'
import { applicationMenu } from '../../../src/main/menu'
import { SHORTCUTS, acceleratorOf, commandOfKey } from '../../../src/shared/shortcuts'
import type { MenuCommand } from '../../../src/shared/channels'

const press = (key: string, mods: { ctrl?: boolean; shift?: boolean; meta?: boolean } = {}) => ({ key, ctrlKey: Boolean(mods.ctrl), metaKey: Boolean(mods.meta), shiftKey: Boolean(mods.shift) })

describe('one shortcuts table (issue 19: "one shortcuts table read by the menu, the page and the help panel")', () => {
  it('the menu takes every accelerator from the table', () => {
    const sent: MenuCommand[] = []
    const items = applicationMenu((c) => sent.push(c), false).flatMap((m) => (Array.isArray(m.submenu) ? m.submenu : []))
    const withKeys = items.filter((i) => i.accelerator)
    for (const item of withKeys) (item.click as () => void)()
    expect(withKeys.map((i) => i.accelerator)).toEqual(sent.map(acceleratorOf))
    expect(new Set(sent)).toEqual(new Set(SHORTCUTS.flatMap((s) => (s.command ? [s.command] : []))))
  })

  it('the page finds the same command for the key the help panel names', () => {
    expect(commandOfKey(press('l', { ctrl: true }))).toBe('log-contact')
    expect(commandOfKey(press('L', { ctrl: true, shift: true }))).toBe('lock')
    expect(commandOfKey(press('k', { meta: true }))).toBe('search')
    expect(commandOfKey(press('A', { ctrl: true, shift: true }))).toBe('approvals')
    expect(commandOfKey(press('F1'))).toBe('help')
    expect(commandOfKey(press('l'))).toBeNull()
    expect(commandOfKey(press('Enter', { ctrl: true }))).toBeNull()
  })
})
