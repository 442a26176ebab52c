import { inlineButtonLabels as buttonsOf, type SandboxMessage, type SimulatedUser } from 'bot-api-sandbox';
import { getProvince } from '../../src/domain/reference/provinces.ts';
import { getSpecialty, getSpecialtyGroup } from '../../src/domain/reference/specialties.ts';
import { createI18n, type Locale, type Tr } from '../../src/i18n/index.ts';

const MARK = '\u0001';

/** Sandbox limits raised so that drivers tapping at machine speed are not slowed by per-chat send limits. */
export const FAST_SANDBOX = { limits: { perChatPerSecond: 1000, perChatBurst: 1000, globalPerSecond: 10_000 } };

const translators = new Map<Locale, Promise<Tr>>();

/** The bot's own wording in a locale, so tests and the benchmark find texts and buttons as a user reads them. */
export function translator(locale: Locale): Promise<Tr> {
  let t = translators.get(locale);
  if (!t) {
    t = createI18n({ defaultLocale: 'fa' }).then((i18n) => i18n.fixedT(locale));
    translators.set(locale, t);
  }
  return t;
}

export { buttonsOf };

export interface Answers {
  name: string;
  group: string;
  specialty: string;
  licence?: string;
  province: string;
  city: string;
  /** Shared as a pin at the optional location step; skipped when absent. */
  location?: { latitude: number; longitude: number };
  hours: number | 'crisis';
  days: number[];
  windows: string[];
  modes: string[];
  reach?: 'own' | 'neighbors' | 'anywhere';
  validity: '3m' | '6m' | '12m' | 'indefinite';
  note?: string;
}

export const GP_IN_TEHRAN: Answers = {
  name: 'سارا احمدی',
  group: 'physician',
  specialty: 'gp',
  licence: '۱۲۳۴۵',
  province: 'tehran',
  city: 'تهران',
  hours: 8,
  days: [0, 2],
  windows: ['morning'],
  modes: ['crisis'],
  reach: 'neighbors',
  validity: '6m',
};

/** Registration's questions in order; `licence` and `reach` are asked only when the answers call for them. */
export const STEPS = [
  'consent',
  'name',
  'mobile',
  'group',
  'specialty',
  'licence',
  'province',
  'city',
  'location',
  'hours',
  'days',
  'windows',
  'modes',
  'reach',
  'missions',
  'valid_until',
  'note',
  'summary',
] as const;
export type Step = (typeof STEPS)[number];

/**
 * Drives registrations through the sandbox the way a person would: menu button, consent, typed and tapped answers,
 * then confirm. Each step can be answered on its own, so a test can stop at any question to poke at it.
 */
export class RegistrationDriver {
  readonly user: SimulatedUser;
  readonly t: Tr;
  readonly locale: Locale;
  readonly answers: Answers;
  readonly timeoutMs: number;

  constructor(user: SimulatedUser, t: Tr, locale: Locale, answers: Answers, timeoutMs: number) {
    this.user = user;
    this.t = t;
    this.locale = locale;
    this.answers = answers;
    this.timeoutMs = timeoutMs;
  }

  static async create(
    user: SimulatedUser,
    locale: Locale,
    answers: Answers = GP_IN_TEHRAN,
    timeoutMs = 5000,
  ): Promise<RegistrationDriver> {
    return new RegistrationDriver(user, await translator(locale), locale, answers, timeoutMs);
  }

  groupLabel(code = this.answers.group): string {
    return getSpecialtyGroup(code)![this.locale];
  }

  specialtyLabel(code = this.answers.specialty): string {
    return getSpecialty(code)![this.locale];
  }

  provinceLabel(code = this.answers.province): string {
    return getProvince(code)![this.locale];
  }

  /** The text of a locale key up to its first date example (which depends on the day). */
  text(key: string, vars?: Record<string, unknown>): string {
    return this.t(key, { example: MARK, ...vars }).split(MARK)[0]!;
  }

  /** Waits for a bot message containing the text of a locale key (or a literal text with no `:`). */
  expect(key: string, vars?: Record<string, unknown>): Promise<SandboxMessage> {
    const text = key.includes(':') ? this.text(key, vars) : key;
    return this.user.waitFor((m) => m.text?.includes(text) === true, this.timeoutMs);
  }

  waitForButton(label: string): Promise<SandboxMessage> {
    return this.user.waitFor((m) => buttonsOf(m).includes(label), this.timeoutMs);
  }

  /** Whether a bot message is the question of `step`. */
  isQuestion(step: Step, message: SandboxMessage): boolean {
    const text = message.text ?? '';
    switch (step) {
      case 'consent':
        // Up to the log's retention, which the app's config decides.
        return text.includes(this.text('registration:consent.text', { days: MARK }));
      case 'name':
        return text.includes(this.text('registration:name.ask'));
      case 'mobile':
        return text.includes(this.text('registration:mobile.ask'));
      case 'group':
        return text.includes(this.text('registration:group.ask'));
      case 'specialty':
        return text.includes(this.text('registration:specialty.ask', { group: this.groupLabel() }));
      case 'licence':
        return text.includes(this.t('registration:licence.body.irimc'));
      case 'province':
        return text.includes(this.text('registration:province.ask'));
      case 'city':
        return text.includes(this.text('registration:city.ask', { province: this.provinceLabel() }));
      case 'location':
        return text.includes(this.text('registration:location.ask'));
      case 'hours':
        return text.includes(this.text('registration:hours.ask'));
      case 'days':
        return text.includes(this.text('registration:days.ask'));
      case 'windows':
        return text.includes(this.text('registration:windows.ask'));
      case 'modes':
        return text.includes(this.text('registration:modes.ask'));
      case 'reach':
        return text.includes(this.text('registration:reach.ask'));
      case 'missions':
        return text.includes(this.text('missions:intro.ask'));
      case 'valid_until':
        return text.includes(this.text('registration:valid_until.ask'));
      case 'note':
        return text.includes(this.text('registration:note.ask'));
      case 'summary':
        return buttonsOf(message).includes(this.t('registration:summary.confirm'));
    }
  }

  /** Waits for the question of `step` (sent or edited since the last action). */
  question(step: Step): Promise<SandboxMessage> {
    return this.user.waitFor((m) => this.isQuestion(step, m), this.timeoutMs);
  }

  /** The step after `step` for these answers (licence and reach only when they apply). */
  after(step: Step): Step {
    let next = STEPS[STEPS.indexOf(step) + 1] as Step;
    if (next === 'licence' && !this.answers.licence) next = 'province';
    const travels = this.answers.modes.includes('crisis') || this.answers.modes.includes('deprived_areas');
    if (next === 'reach' && !travels) next = 'missions';
    return next;
  }

  /** Chooses the driver's language with /language, as an English speaker would before registering. */
  async chooseLanguage(): Promise<void> {
    const label = this.t(`common:language.name_${this.locale}`);
    this.user.sendCommand('/language');
    await this.waitForButton(label);
    this.user.press(label);
    await this.expect('common:language.saved');
  }

  /** A first /start: the welcome, then the consent question. */
  async start(): Promise<void> {
    this.user.sendCommand('/start');
    await this.question('consent');
  }

  /** Gives the usual answer to `step` and waits for the next question. */
  async answer(step: Step): Promise<void> {
    const a = this.answers;
    switch (step) {
      case 'consent':
        this.user.press(this.t('registration:consent.agree'));
        break;
      case 'name':
        this.user.sendText(a.name);
        break;
      case 'mobile':
        this.user.tapKeyboard(this.t('registration:mobile.share'));
        break;
      case 'group':
        this.user.press(this.groupLabel());
        break;
      case 'specialty':
        await this.pressPaged(this.specialtyLabel());
        break;
      case 'licence':
        this.user.sendText(a.licence ?? '');
        break;
      case 'province':
        await this.pressPaged(this.provinceLabel());
        break;
      case 'city':
        this.user.sendText(a.city);
        break;
      case 'location':
        if (a.location) this.user.shareLocation(a.location.latitude, a.location.longitude);
        else this.user.press(this.t('registration:location.skip'));
        break;
      case 'hours':
        this.user.press(
          a.hours === 'crisis'
            ? this.t('registration:hours.crisis_only')
            : this.t('registration:hours.quick', { hours: a.hours }),
        );
        break;
      case 'days':
        await this.toggleAll(a.days.map((d) => this.t(`pledge:days.${d}`)));
        break;
      case 'windows':
        await this.toggleAll(a.windows.map((w) => this.t(`pledge:windows.${w}`)));
        break;
      case 'modes':
        await this.toggleAll(a.modes.map((m) => this.t(`pledge:modes.${m}`)));
        break;
      case 'reach':
        this.user.press(this.t(`pledge:reach.${a.reach ?? 'own'}`));
        break;
      case 'missions':
        // The optional long-missions part is skipped with one tap unless a test fills it in itself.
        this.user.press(this.t('missions:intro.skip'));
        break;
      case 'valid_until':
        this.user.press(this.t(`registration:valid_until.choice.${a.validity}`));
        break;
      case 'note':
        if (a.note) this.user.sendText(a.note);
        else this.user.press(this.t('registration:note.skip'));
        break;
      case 'summary':
        await this.confirm();
        return;
    }
    await this.question(this.after(step));
  }

  /** Presses a button of a paged keyboard, turning pages ("next") until the button shows. */
  async pressPaged(label: string): Promise<void> {
    for (let page = 0; page < 10; page++) {
      const shown = this.user.messages().findLast((m) => buttonsOf(m).length > 0);
      if (buttonsOf(shown).includes(label)) {
        this.user.press(label);
        return;
      }
      this.user.press(this.t('registration:keyboard.next'));
      // The page turns by editing the same message.
      await this.user.waitFor((m) => m.message_id === shown?.message_id, this.timeoutMs);
    }
    throw new Error(`no button "${label}" on any page`);
  }

  /** Taps each option of a multi-select (each tap edits the message in place), then "done". */
  async toggleAll(labels: readonly string[]): Promise<void> {
    for (const label of labels) {
      this.user.press(label);
      await this.waitForButton(this.t('registration:keyboard.selected', { label }));
    }
    this.user.press(this.t('registration:keyboard.done'));
  }

  /** Starts and answers every question before `step`, leaving its question on screen. */
  async driveTo(step: Step): Promise<void> {
    await this.start();
    for (let current: Step = 'consent'; current !== step; current = this.after(current)) await this.answer(current);
  }

  /** Confirms the summary; resolves with the thanks, which carries a registered volunteer's main menu. */
  async confirm(): Promise<SandboxMessage> {
    this.user.press(this.t('registration:summary.confirm'));
    return this.waitForButton(this.t('pledge:menu.profile'));
  }

  /**
   * Registration as someone who knows their answers goes through it: a typed answer where that is one message
   * instead of several taps (a list in one line), a tap otherwise. `heard` gets how long each reply took.
   */
  async registerQuickly(
    heard: (step: Step | 'start', replyMs: number) => void | Promise<void> = () => {},
  ): Promise<SandboxMessage> {
    const a = this.answers;
    const list = (labels: string[]) => () => this.user.sendText(labels.join('، '));
    const typed = (text: string) => () => this.user.sendText(text);
    const act: Partial<Record<Step, () => void>> = {
      group: typed(this.groupLabel()),
      specialty: typed(this.specialtyLabel()),
      licence: typed(a.licence ?? ''),
      province: typed(this.provinceLabel()),
      city: typed(a.city),
      days: list(a.days.map((d) => this.t(`pledge:days.${d}`))),
      windows: list(a.windows.map((w) => this.t(`pledge:windows.${w}`))),
      modes: list(a.modes.map((m) => this.t(`pledge:modes.${m}`))),
    };
    let started = performance.now();
    this.user.sendCommand('/start');
    await this.question('consent');
    await heard('start', performance.now() - started);
    for (let step: Step = 'consent'; step !== 'summary'; step = this.after(step)) {
      started = performance.now();
      const answer = act[step];
      if (answer) {
        answer();
        await this.question(this.after(step));
      } else {
        await this.answer(step);
      }
      await heard(step, performance.now() - started);
    }
    started = performance.now();
    const thanks = await this.confirm();
    await heard('summary', performance.now() - started);
    return thanks;
  }

  /** The whole registration, start to confirmation. */
  async register(): Promise<SandboxMessage> {
    await this.driveTo('summary');
    return this.confirm();
  }
}
