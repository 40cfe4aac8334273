import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import { nhsNumberProblem, type Child } from '../../../shared/children'
import { DateInput, dateProblems } from '../components/DateInput'
import { call, errorsFrom } from '../api'
import { Checkbox, ErrorSummary, TextField, type FieldErrors } from '../components/forms'

/**
 * A child added from inside the new-dispute form, in the order a DSL has the facts to hand: the name,
 * the NHS number, the plans, then the date of birth (three boxes, optional).
 */
export function QuickChild({ policyId, onAdded, onCancel }: { policyId: string; onAdded: (c: Child) => void; onCancel: () => void }) {
  const [name, setName] = useState('')
  const [dob, setDob] = useState('')
  const [nhs, setNhs] = useState('')
  const [cp, setCp] = useState(false)
  const [la, setLa] = useState(false)
  const [errors, setErrors] = useState<FieldErrors>({})
  const nameBox = useRef<HTMLInputElement>(null)
  // "Add a child" opened these fields: the cursor goes to the child's name.
  useEffect(() => {
    nameBox.current?.focus()
  }, [])
  const add = async () => {
    const errs: FieldErrors = {}
    if (!name.trim()) errs['child.name'] = 'Enter the child’s name'
    Object.assign(errs, dateProblems([{ id: 'child.dateOfBirth', value: dob, what: 'The date of birth', happened: true, required: false }]))
    const nhsProblem = nhs.trim() ? nhsNumberProblem(nhs) : null
    if (nhsProblem) errs['child.nhsNumber'] = nhsProblem
    if (Object.keys(errs).length > 0) return setErrors(errs)
    const r = await call('children.create', {
      child: { name, dateOfBirth: dob || null, nhsNumber: nhs || null, childProtectionPlan: cp, lookedAfter: la },
      ...(policyId ? { policyId } : {}),
    })
    if (r.ok) onAdded(r.value)
    else {
      const errs = errorsFrom(r.error)
      const mapped: FieldErrors = {}
      for (const [k, v] of Object.entries(errs)) mapped[k.startsWith('child.') || k === '_form' ? k : `child.${k}`] = v
      setErrors(mapped)
    }
  }
  // These fields sit inside the dispute's form: Enter in one of them adds the child, as the person meant,
  // instead of submitting the whole dispute half filled in.
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'Enter' || !(e.target instanceof HTMLInputElement)) return
    e.preventDefault()
    void add()
  }
  return (
    <div className="card" onKeyDown={onKeyDown}>
      <h2 className="h3" style={{ marginTop: 0 }}>Add a child</h2>
      <ErrorSummary errors={errors} />
      <TextField id="child.name" label="Name" value={name} onChange={setName} error={errors['child.name']} inputRef={nameBox} />
      <TextField id="child.nhsNumber" label="NHS number (optional)" hint="10 digits, for example 943 476 5870" width="12em" value={nhs} onChange={setNhs} error={errors['child.nhsNumber']} />
      <Checkbox id="child.cp" label="Has a child protection plan" checked={cp} onChange={setCp} />
      <Checkbox id="child.la" label="Is looked after" checked={la} onChange={setLa} />
      <DateInput id="child.dateOfBirth" label="Date of birth (optional)" value={dob} onChange={setDob} error={errors['child.dateOfBirth']} />
      <div className="button-group">
        <button type="button" className="button secondary" onClick={() => void add()}>Add this child</button>
        <button type="button" className="link" onClick={onCancel}>Cancel</button>
      </div>
    </div>
  )
}
