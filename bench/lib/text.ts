/**
 * Plausible English for synthetic contact records, disputes and children, built from word lists and
 * sentence templates. Nothing here is real: the names are common British names drawn at random.
 */
import type { Rng } from './prng'

export const FIRST_NAMES = (
  'Amelia Olivia Isla Ava Mia Ivy Lily Isabella Rosie Sophia Grace Freya Willow Florence Emily Ella Poppy ' +
  'Evie Elsie Charlotte Evelyn Sienna Sofia Daisy Phoebe Sophie Alice Harper Matilda Ruby Emilia Maya Millie ' +
  'Isabelle Eva Luna Jessica Arabella Harriet Chloe Aisha Zara Priya Fatima Amira Maryam Leah Hannah Erin ' +
  'Noah Oliver George Arthur Muhammad Leo Harry Oscar Archie Henry Theodore Freddie Jack Charlie Theo Alfie ' +
  'Jacob Thomas Finley Arlo Lucas Isaac Tommy Teddy Edward Albert Joshua Max Jude Logan Ethan Mason Reggie ' +
  'Ronnie Hugo Elijah Rory Louie Jaxon Dylan Joseph Alexander Samuel Daniel Adam Ibrahim Yusuf Omar Kai ' +
  'Callum Declan Kieran Ryan Nathan Aaron Connor Liam Sean Rhys Owen Gareth Dafydd Bethan Siobhan Niamh'
).split(' ')

export const SURNAMES = (
  'Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson Wright ' +
  'Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson Wood Turner Martin Cooper Hill ' +
  'Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen James Scott Phillips Watson Davis Parker ' +
  'Price Bennett Young Griffiths Mitchell Kelly Cook Carter Richardson Bailey Collins Bell Shaw Murphy Miller ' +
  'Cox Richards Khan Marshall Anderson Simpson Ellis Adams Singh Begum Wilkinson Foster Chapman Powell Webb ' +
  'Rogers Gray Mason Ali Hunt Hussain Campbell Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler ' +
  'Russell Barker Fisher Stevens Jenkins Murray Dixon Harvey Graham Pearson Ahmed Fletcher Walsh Kaur Gibson ' +
  'Howard Andrews Stewart Elliott Reynolds Saunders Payne Fox Ford Pearce Day Brooks West Lawrence Cole'
).split(' ')

export const AGENCIES = [
  'Northfield Children’s Services',
  'Northfield Multi-Agency Safeguarding Hub',
  'West Midlands Police Public Protection Unit',
  'Northfield Early Help Team',
  'Oakwood Health Visiting Service',
  'Riverside School Nursing Team',
  'Child and Adolescent Mental Health Services',
  'Northfield Youth Offending Service',
  'Riverside Hospital Emergency Department',
  'Greenway Medical Practice',
  'Northfield Housing Solutions',
  'Family Support Partnership',
  'Northfield Virtual School',
  'Leaving Care Service',
  'Adult Social Care Safeguarding Team',
  'Community Drug and Alcohol Service',
  'Domestic Abuse Support Service',
  'Probation Service Northfield',
  'Maternity Safeguarding Team',
  'Independent Reviewing Service',
  'Elm Park Academy',
  'St Mary’s Catholic Primary School',
  'Northfield Education Welfare Service',
  'Children with Disabilities Team',
  'Fostering and Adoption Service',
]

export const ROLES = [
  'Social worker',
  'Team manager',
  'Service manager',
  'Head of service',
  'Detective sergeant',
  'Police constable',
  'Health visitor',
  'School nurse',
  'Designated nurse',
  'Named doctor',
  'Early help practitioner',
  'Family support worker',
  'Education welfare officer',
  'Independent reviewing officer',
  'Practice manager',
  'Consultant paediatrician',
  'Youth justice worker',
  'Housing officer',
  'Designated safeguarding lead',
  'Head teacher',
]

const TEAMS = [
  'assessment team',
  'duty team',
  'front door',
  'locality team',
  'child protection team',
  'early help hub',
  'strategy meeting panel',
  'threshold panel',
  'multi-agency panel',
  'safeguarding team',
]

const SERVICES = [
  'a child and family assessment',
  'a strategy discussion',
  'a section 47 enquiry',
  'early help support',
  'an initial child protection conference',
  'a referral to CAMHS',
  'a core group meeting',
  'a review of the child in need plan',
  'a joint home visit',
  'a team around the family meeting',
  'a welfare check',
  'a medical examination',
]

const CONCERNS = [
  'neglect and the condition of the home',
  'domestic abuse in the household',
  'poor school attendance',
  'unexplained bruising to the upper arm',
  'parental substance misuse',
  'the child going missing overnight',
  'possible criminal exploitation',
  'concerns about an older boyfriend',
  'self-harm disclosed to a teacher',
  'the child arriving hungry and unkempt',
  'the mother’s deteriorating mental health',
  'a new adult living in the home',
  'repeated missed health appointments',
  'the child’s weight loss',
  'aggressive behaviour at home',
  'online contact with unknown adults',
  'the family’s eviction notice',
  'parental alcohol use at pick-up',
  'the child being left to care for siblings',
  'inconsistent explanations for injuries',
]

const REPORTERS = [
  'the class teacher',
  'a lunchtime supervisor',
  'the school nurse',
  'a neighbour',
  'the child’s grandmother',
  'the health visitor',
  'the police',
  'the attendance officer',
  'the pastoral lead',
  'a family friend',
]

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']
const TIMES = ['10am', 'noon', '2pm', '3pm', '4pm', 'the end of the day', 'close of business', '9.30am']

const DOCUMENTS = [
  'strategy meeting minutes',
  'assessment outcome letter',
  'referral form',
  'chronology',
  'child protection plan',
  'safety plan',
  'threshold decision',
  'case notes from the home visit',
  'written confirmation of the decision',
  'notes of the professionals meeting',
]

/** General words, for variety (the search index sees a realistic vocabulary, not just templates). */
const WORDS = (
  'attendance behaviour breakfast bedroom bruise bus cancelled clothing concern conversation cousin curfew ' +
  'dental diary disclosure doctor evening evidence explanation father football friendship grandparent ' +
  'hospital housework injury kitchen landlord laptop lesson letter medication mobile morning mother ' +
  'nursery overnight paperwork playground pregnancy prescription reading referral relationship ' +
  'sibling sleepover stepfather supervision tablet teacher therapy timetable transport uniform visit ' +
  'weekend winter workload allotment anxiety appointment arrears asthma benefits birthday boundaries ' +
  'carer chaotic clinic community counselling court custody debt diet eczema emergency employment ' +
  'engagement exclusion fostering funding gaming headaches homework hygiene isolation lateness library ' +
  'lodger mentoring migraine nightmares parenting placement poverty probation puberty punctuality ' +
  'respite routine safeguarding scabies shoes siblings smoking speech statement stress swimming ' +
  'truancy vaccination vulnerability wellbeing youth'
).split(' ')

export interface PersonName {
  first: string
  last: string
}

export const personName = (rng: Rng): PersonName => ({
  first: rng.pick(FIRST_NAMES),
  last: rng.pick(SURNAMES),
})
export const fullName = (p: PersonName): string => `${p.first} ${p.last}`

export interface TextContext {
  /** The professional spoken to. */
  contact: string
  role: string
  agency: string
  /** The child's first name. */
  child: string
}

function sentence(rng: Rng, c: TextContext): string {
  const colleague = fullName(personName(rng))
  const templates: (() => string)[] = [
    () =>
      `I called ${c.contact} (${c.role.toLowerCase()}, ${c.agency}) to discuss the decision not to progress the referral for ${c.child}.`,
    () =>
      `${c.contact} explained that the ${rng.pick(TEAMS)} had reviewed the information and felt the threshold for ${rng.pick(SERVICES)} was not met.`,
    () =>
      `I explained our concerns about ${rng.pick(CONCERNS)} and the pattern reported by ${rng.pick(REPORTERS)} since ${rng.pick(DAYS)}.`,
    () =>
      `We agreed that ${c.contact} would speak to their manager and call me back by ${rng.pick(TIMES)} on ${rng.pick(DAYS)}.`,
    () =>
      `${c.child} told ${rng.pick(REPORTERS)} about ${rng.pick(CONCERNS)}, and this was recorded on the school system the same day.`,
    () => `I asked for a copy of the ${rng.pick(DOCUMENTS)} and for the outcome to be confirmed in writing.`,
    () =>
      `${c.contact} was not available; I left a message with ${colleague} asking for an urgent call back.`,
    () =>
      `The family have not engaged with ${rng.pick(SERVICES)} and ${c.child}'s ${rng.pick(WORDS)} and ${rng.pick(WORDS)} remain a worry.`,
    () =>
      `I said that we do not agree with the decision and that we will escalate to the next stage if it is not reviewed.`,
    () =>
      `${c.contact} said they would check whether ${rng.pick(SERVICES)} had already been considered by the ${rng.pick(TEAMS)}.`,
    () =>
      `Other concerns noted: ${rng.pick(WORDS)}, ${rng.pick(WORDS)}, ${rng.pick(WORDS)} and ${rng.pick(CONCERNS)}.`,
    () =>
      `I shared the ${rng.pick(DOCUMENTS)} by secure email and confirmed that ${colleague} is the contact while I am out of school.`,
    () =>
      `We discussed ${c.child}'s ${rng.pick(WORDS)} and the impact of ${rng.pick(CONCERNS)} on their ${rng.pick(WORDS)}.`,
    () =>
      `${c.contact} accepted that the information about ${rng.pick(CONCERNS)} had not been available when the decision was made.`,
  ]
  return rng.pick(templates)()
}

/** About `length` characters (never more) of sentences, cut at a sentence or word boundary. */
export function paragraph(rng: Rng, c: TextContext, length: number): string {
  let text = ''
  while (text.length < length) text += (text === '' ? '' : ' ') + sentence(rng, c)
  if (text.length <= length) return text
  const cut = text.slice(0, length)
  const stop = cut.lastIndexOf('. ')
  if (stop > length * 0.6) return cut.slice(0, stop + 1)
  const space = cut.lastIndexOf(' ')
  return `${cut.slice(0, space > 0 ? space : length).replace(/[,;:]$/, '')}.`
}

export const agreedText = (rng: Rng, c: TextContext): string =>
  rng.pick([
    `${c.contact} to review the decision with their manager and reply in writing by ${rng.pick(DAYS)}.`,
    `A ${rng.pick(SERVICES).replace(/^an? /, '')} to be arranged; I will attend.`,
    `No agreement reached: we will escalate to the next stage.`,
    `${c.contact} to send the ${rng.pick(DOCUMENTS)} by ${rng.pick(TIMES)}.`,
    `I will share the school's chronology and ${c.contact} will discuss it at the ${rng.pick(TEAMS)}.`,
  ])

export const nextStepText = (rng: Rng): string =>
  rng.pick([
    'Chase for a reply if none by the deadline',
    'Share the chronology',
    'Escalate to the next stage if not resolved',
    'Update the child’s file',
    'Attend the meeting',
    'Confirm the outcome in writing',
  ])

export function disputeDescription(rng: Rng, c: TextContext): string {
  return `${rng.pick([
    'The decision to close the referral',
    'The decision that the threshold for assessment was not met',
    'The delay in holding a strategy discussion',
    'The decision not to convene an initial child protection conference',
    'The failure to share the outcome of the assessment',
    'The decision to step the case down to early help',
  ])} for ${c.child}, despite ${rng.pick(CONCERNS)} and ${rng.pick(CONCERNS)}. ${paragraph(rng, c, rng.int(100, 400))}`
}

export const settingName = (rng: Rng): string =>
  `${rng.pick(['Oak Hill', 'Elm Park', 'Riverside', 'Greenway', 'St Mary’s', 'Beech Lane', 'Northfield', 'Westgate'])} ${rng.pick(
    ['Primary School', 'Academy', 'Nursery', 'High School', 'Infant School', 'Junior School'],
  )}`

export { DOCUMENTS, WORDS, CONCERNS }
