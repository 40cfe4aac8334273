// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, render, screen, within } from '@testing-library/react'
import { ErrorSummary, TextField } from '../../../src/renderer/src/components/forms'

function Form({ errors }: { errors: Record<string, string> }) {
  return (
    <form>
      <ErrorSummary errors={errors} />
      <TextField id="summary" label="Outcome agreed" value="" onChange={() => undefined} />
      <TextField id="agreement.reachedOn" label="Agreement reached on" value="" onChange={() => undefined} />
      <TextField id="writtenConfirmation.from" label="From" value="" onChange={() => undefined} />
    </form>
  )
}

describe('the error summary', () => {
  afterEach(cleanup)

  it('lists the problems in the order their fields come on the page, not the order the checks found them', () => {
    // As the resolve form's checks find them: the dates first, then the main process's answer.
    render(
      <Form
        errors={{
          'writtenConfirmation.from': 'Enter who confirmed the outcome in writing.',
          'agreement.reachedOn': 'Enter the date agreement was reached.',
          _general: 'Every contact record must be approved first.',
          summary: 'Enter the outcome agreed.',
          elsewhere: 'A problem about a field not on this page.',
        }}
      />,
    )
    const items = within(screen.getByRole('alert')).getAllByRole('listitem').map((li) => li.textContent)
    expect(items).toEqual([
      'Every contact record must be approved first.',
      'Enter the outcome agreed.',
      'Enter the date agreement was reached.',
      'Enter who confirmed the outcome in writing.',
      'A problem about a field not on this page.',
    ])
  })

  it('is focused when it appears, so a screen reader hears it', () => {
    render(<Form errors={{ summary: 'Enter the outcome agreed.' }} />)
    expect(document.activeElement).toBe(screen.getByRole('alert'))
  })
})
