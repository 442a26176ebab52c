import { inlineButtonLabels as buttonsOf, type SandboxMessage, type SimulatedUser } from 'bot-api-sandbox';
import { getCrisisType, getUrgencyLevel, type UrgencyCode } from '../../src/domain/reference/crisis-types.ts';
import { getProvince } from '../../src/domain/reference/provinces.ts';
import { getSpecialty, SPECIALTIES } from '../../src/domain/reference/specialties.ts';
import type { Tr } from '../../src/i18n/index.ts';

export interface CallUpSpec {
  type: string;
  urgency?: UrgencyCode;
  title: string;
  description: string;
  province: string;
  city: string;
  needs: { specialty: string; count: number }[];
  /** 'now', or a date and time as a coordinator would type it. */
  start: 'now' | string;
  /** Hours, typed. */
  durationHours: number;
  meetingPoint: string;
  /** The meeting point is the base of this name, tapped among those the question offers (`meetingPoint` unused). */
  meetingBase?: string;
  contact: string;
  /** The names of the bases to reach (the question comes where the province has open bases); the province when absent. */
  bases?: string[];
  /** Shared at the place step as a location; none when absent. */
  location?: { latitude: number; longitude: number };
  /** Everyone within this many km (a quick button when it is one, else typed as given); the province when absent. */
  radiusKm?: number | string;
}

const SPECIALTIES_PER_PAGE = 10;
const SPECIALTY_BY_FA = new Map(SPECIALTIES.map((s) => [s.fa, s.code]));

/** The fixed start of a message, up to its first placeholder, to recognise a question. */
const lead = (t: Tr, key: string) => {
  const raw = t(key, { interpolation: { skipOnVariables: true } });
  const cut = raw.indexOf('{{');
  return (cut === -1 ? raw : raw.slice(0, cut)).slice(0, 24);
};

/**
 * A coordinator's side of a call-up, scripted (the demo, the tests): drives the creation flow as a coordinator does: taps buttons where there are buttons, types the rest. Returns the
 * preview message (matching counts) before sending, and sends unless `send` is false.
 */
export async function createCallUpInChat(
  coordinator: SimulatedUser,
  t: Tr,
  spec: CallUpSpec,
  options: { send?: boolean; timeoutMs?: number } = {},
): Promise<{ preview: SandboxMessage; sent?: SandboxMessage }> {
  const wait = (key: string) => coordinator.waitFor((m) => m.text?.includes(lead(t, key)) === true, options.timeoutMs);
  coordinator.sendCommand('/callup');
  let message = await wait('callup:create.type');

  // The type list is paged: turn pages until the type's button shows.
  const typeName = getCrisisType(spec.type)!.fa;
  for (let i = 0; i < 5 && !buttonsOf(message).includes(typeName); i++) {
    coordinator.press(t('registration:keyboard.next'), message.message_id);
    message = await coordinator.waitFor((m) => m.message_id === message.message_id && buttonsOf(m).length > 0);
  }
  coordinator.press(typeName, message.message_id);
  message = await wait('callup:create.urgency');
  const urgency = spec.urgency ?? getCrisisType(spec.type)!.defaultUrgency;
  const urgencyName = getUrgencyLevel(urgency)!.fa;
  coordinator.press((b) => b.text.endsWith(urgencyName), message.message_id);

  await wait('callup:create.title');
  coordinator.sendText(spec.title);
  await wait('callup:create.description');
  coordinator.sendText(spec.description);
  await wait('callup:create.province');
  coordinator.sendText(getProvince(spec.province)!.fa);
  await wait('callup:create.city');
  coordinator.sendText(spec.city);
  // A place on no list of the province's cities is kept with one more tap.
  const keep = lead(t, 'registration:typed.city_keep');
  message = await coordinator.waitFor(
    (m) => m.text?.includes(lead(t, 'callup:create.location')) === true || buttonsOf(m).some((b) => b.startsWith(keep)),
    options.timeoutMs,
  );
  if (!message.text?.includes(lead(t, 'callup:create.location'))) {
    coordinator.press((b) => b.text.startsWith(keep), message.message_id);
    message = await wait('callup:create.location');
  }
  if (spec.location) coordinator.shareLocation(spec.location.latitude, spec.location.longitude);
  else coordinator.press(t('callup:create.no_location'), message.message_id);
  await chooseTarget(coordinator, t, spec, options.timeoutMs);

  message = await wait('callup:create.specialties');
  message = await tickSpecialties(coordinator, t, spec, message);
  coordinator.press(t('registration:keyboard.done'), message.message_id);

  for (let i = 0; i < spec.needs.length; i++) {
    const question = await wait('callup:create.count');
    // Asked in the flow's order: answer the specialty the question names.
    const longestFirst = [...spec.needs].sort(
      (a, b) => getSpecialty(b.specialty)!.fa.length - getSpecialty(a.specialty)!.fa.length,
    );
    const need = longestFirst.find((n) => question.text?.includes(getSpecialty(n.specialty)!.fa));
    coordinator.sendText(String(need?.count ?? 1));
  }
  message = await wait('callup:create.start');
  if (spec.start === 'now') coordinator.press(t('callup:create.start_now'), message.message_id);
  else coordinator.sendText(spec.start);
  await wait('callup:create.duration');
  coordinator.sendText(String(spec.durationHours));
  message = await wait('callup:create.meeting');
  if (spec.meetingBase) coordinator.press(spec.meetingBase, message.message_id);
  else coordinator.sendText(spec.meetingPoint);
  await wait('callup:create.contact');
  coordinator.sendText(spec.contact);
  const preview = await wait('callup:create.preview');
  if (options.send === false) return { preview };
  coordinator.press(t('callup:create.send'), preview.message_id);
  const sent = await coordinator.waitFor(
    (m) => m.text?.includes(lead(t, 'callup:create.sent')) === true,
    options.timeoutMs ?? 15_000,
  );
  return { preview, sent };
}

/** Whom to reach, when the flow asks: chosen bases, everyone within a radius, or the whole province. */
async function chooseTarget(coordinator: SimulatedUser, t: Tr, spec: CallUpSpec, timeoutMs?: number): Promise<void> {
  const asked = (m: SandboxMessage, key: string) => m.text?.includes(lead(t, key)) === true;
  const message = await coordinator.waitFor(
    (m) => asked(m, 'callup:create.target') || asked(m, 'bases:callup.target') || asked(m, 'callup:create.specialties'),
    timeoutMs,
  );
  if (asked(message, 'callup:create.specialties')) return;
  if (spec.bases) return chooseBases(coordinator, t, spec.bases, message, timeoutMs);
  const quick = typeof spec.radiusKm === 'number' ? t('callup:create.radius_button', { km: spec.radiusKm }) : undefined;
  if (spec.radiusKm === undefined) {
    const province = [t('callup:create.target_province'), t('bases:callup.target_province')];
    coordinator.press((b) => province.includes(b.text), message.message_id);
  } else if (quick && buttonsOf(message).includes(quick)) coordinator.press(quick, message.message_id);
  else coordinator.sendText(String(spec.radiusKm));
}

/** «members of chosen bases», then each base ticked by name, then «تأیید». */
async function chooseBases(
  coordinator: SimulatedUser,
  t: Tr,
  bases: readonly string[],
  question: SandboxMessage,
  timeoutMs?: number,
): Promise<void> {
  coordinator.press(t('bases:callup.target_bases'), question.message_id);
  let message = await coordinator.waitFor(
    (m) => m.text?.includes(lead(t, 'bases:callup.pick_bases')) === true,
    timeoutMs,
  );
  for (const name of bases) {
    const ticked = t('registration:keyboard.selected', { label: name });
    coordinator.press(name, message.message_id);
    message = await coordinator.waitFor((m) => m.message_id === message.message_id && buttonsOf(m).includes(ticked));
  }
  coordinator.press(t('registration:keyboard.done'), message.message_id);
}

/** Ticks the wanted specialties and unticks the type's pre-selected others, page by page; returns the last view. */
async function tickSpecialties(
  coordinator: SimulatedUser,
  t: Tr,
  spec: CallUpSpec,
  question: SandboxMessage,
): Promise<SandboxMessage> {
  let message = question;
  const wanted = new Set(spec.needs.map((n) => n.specialty));
  const selected = t('registration:keyboard.selected', { label: '' });
  const pages = Math.ceil(SPECIALTIES.length / SPECIALTIES_PER_PAGE);
  // Walk the pages until every wanted specialty is ticked and every pre-selected unwanted one unticked.
  const pending = new Set([...wanted, ...getCrisisType(spec.type)!.typicalSpecialties]);
  for (let page = 1; page <= pages && pending.size > 0; page++) {
    for (const label of buttonsOf(message)) {
      const isSelected = label.startsWith(selected);
      const code = SPECIALTY_BY_FA.get(isSelected ? label.slice(selected.length) : label);
      if (!code) continue;
      pending.delete(code);
      if (wanted.has(code) === isSelected) continue;
      const before = message.text;
      coordinator.press(label, message.message_id);
      message = await coordinator.waitFor((m) => m.message_id === message.message_id && m.text !== before);
    }
    if (page === pages || pending.size === 0) break;
    coordinator.press(t('registration:keyboard.next'), message.message_id);
    const label = t('registration:keyboard.page', { page: page + 1, pages });
    message = await coordinator.waitFor((m) => m.message_id === message.message_id && buttonsOf(m).includes(label));
  }
  return message;
}
