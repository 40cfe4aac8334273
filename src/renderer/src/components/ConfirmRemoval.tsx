import { useEffect, useRef, type ReactNode } from 'react'

/**
 * "Remove this person?" — a warning that takes focus when it opens (so a keyboard or screen-reader user is
 * told at once), says what removing does and does not reach, and asks once more by name. Used for a person
 * of the vault (People) and a member of the team vault (Settings → Team vault).
 */
export function ConfirmRemoval({ id, name, title, onConfirm, onCancel, children }: { id: string; name: string; title: ReactNode; onConfirm: () => void; onCancel: () => void; children: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [id])
  return (
    <section className="notice warning" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} tabIndex={-1} ref={heading}>
        {title}
      </h3>
      {children}
      <div className="button-group">
        <button type="button" className="button warning" onClick={onConfirm}>
          Yes, remove {name}
        </button>
        <button type="button" className="button secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  )
}
