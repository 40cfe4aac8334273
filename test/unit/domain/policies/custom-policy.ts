/**
 * An invented partnership, different from every seed on purpose: three stages, a first stage counted in
 * hours, a working-week stage, its own child circumstance, compound conditions, a yes/no form, an
 * any-stage option with a timed step and a binding exceptional route. If the app works for this, it works
 * from the data rather than from knowledge of the seeds.
 */
import type { PolicyInput } from '../../../../src/shared/policy'

export function northmoorPolicy(): PolicyInput {
  return {
    format: 1,
    id: 'northmoor-ncsp',
    version: 3,
    partnership: 'Northmoor Children’s Safeguarding Partnership',
    title: 'Professional Challenge Protocol',
    sourceDocuments: [{ id: 'protocol', title: 'Professional Challenge Protocol 2026' }],
    levelsOfNeed: [
      { id: 'level-1', label: 'Level 1 – Universal' },
      { id: 'level-4', label: 'Level 4 – Specialist' },
    ],
    reasonsForEscalation: [
      { id: 'threshold', label: 'Threshold decision' },
      { id: 'something-else', label: 'Something else', needsDetail: true },
    ],
    childCircumstances: [{ id: 'young-carer', label: 'the child is a young carer' }],
    stages: [
      {
        number: 1,
        title: 'Talk it through',
        parties: 'Front-line practitioners',
        timescale: {
          amount: 48,
          unit: 'hours',
          from: { event: 'stageStart' },
          source: { document: 'protocol', quote: 'Within 48 hours.' },
        },
      },
      {
        number: 2,
        title: 'Team leaders',
        parties: 'Team leaders',
        timescale: {
          amount: 3,
          unit: 'workingDays',
          from: { event: 'stageStart', label: 'the end of stage 1' },
        },
        steps: [
          {
            id: 'email-summary',
            title: 'Email a summary to the other team leader',
            timescale: { amount: 6, unit: 'hours', from: { event: 'stageStart' } },
          },
          {
            id: 'meet',
            title: 'Team leaders meet',
            timescale: { amount: 2, unit: 'workingDays', from: { event: 'step', step: 'email-summary' } },
          },
        ],
      },
      {
        number: 3,
        title: 'Heads of service',
        parties: 'Heads of service',
        timescale: { amount: 2, unit: 'workingWeeks', from: { event: 'stageStart' } },
        entryChecks: [{ id: 'informed-child', question: 'Has the child’s lead professional been told?' }],
      },
    ],
    overallTimescale: { amount: 20, unit: 'workingDays', from: { event: 'disagreement' } },
    exceptionalRoutes: [
      {
        id: 'independent-scrutineer',
        title: 'Independent Scrutineer review',
        description: 'The Independent Scrutineer decides.',
        availableWhen: { all: [{ fromStage: 3 }, { not: { anyOf: ['young-carer'] } }] },
        decisionMaker: 'Independent Scrutineer',
        binding: true,
        steps: [
          {
            id: 'decision',
            title: 'Scrutineer decides',
            timescale: { amount: 10, unit: 'workingDays', from: { event: 'stageStart' } },
          },
        ],
      },
    ],
    anyStageOptions: [
      {
        id: 'strategy-huddle',
        title: 'Strategy huddle',
        description: 'A short call of everyone involved.',
        availableWhen: { any: [{ atStage: 1 }, { anyOf: ['young-carer'] }] },
        steps: [
          {
            id: 'hold',
            title: 'Hold the huddle',
            timescale: { amount: 1, unit: 'workingDays', from: { event: 'stageStart' } },
          },
        ],
      },
    ],
    notifications: [
      {
        id: 'carers-lead',
        recipient: 'carers-lead',
        when: { all: [{ fromStage: 2 }, { anyOf: ['young-carer', 'lookedAfter'] }] },
        repeat: 'eachStage',
        what: 'A copy of the challenge',
      },
      {
        id: 'scrutiny-log',
        recipient: 'scrutiny',
        when: { triage: ['significantHarm', 'immediateDanger'] },
        what: 'An urgent-challenge alert',
      },
      {
        id: 'closing-form',
        recipient: 'scrutiny',
        when: { resolved: true },
        form: 'closing',
        what: 'The closing form',
      },
    ],
    forms: [
      {
        id: 'closing',
        title: 'Challenge closed',
        fields: [
          { id: 'closed-on', label: 'Date closed', kind: 'date', required: true },
          { id: 'child-safe', label: 'Is the child now safe?', kind: 'yesNo', required: true },
          { id: 'need', label: 'Level of need', kind: 'choice', optionsFrom: 'levelsOfNeed', required: true },
          {
            id: 'route',
            label: 'How was it settled?',
            kind: 'choice',
            options: [
              { id: 'agreed', label: 'Agreed' },
              { id: 'decided', label: 'Decided for us' },
            ],
            required: false,
          },
        ],
      },
    ],
    outcomeForm: 'closing',
    contacts: [
      { id: 'carers-lead', name: 'Young Carers Lead', email: 'carers@northmoor.example.gov.uk' },
      { id: 'scrutiny', name: 'Scrutiny Office', phone: '01234 567890', availability: 'officeHours' },
    ],
  }
}
