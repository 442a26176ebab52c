import type { PlatformName, Sandbox, SandboxMessage, SimulatedUser } from 'bot-api-sandbox';
import type { VolunteerLabels } from './simulated-volunteers.ts';
import { WebChatError } from './web-chat-error.ts';

/** What the person plays; only `coordinator` changes what the bot lets them do (through the admin ids). */
export const ROLE_HINTS = [
  'volunteer',
  'doctor',
  'nurse',
  'midwife',
  'paramedic',
  'psychologist',
  'pharmacist',
  'coordinator',
] as const;
export type RoleHint = (typeof ROLE_HINTS)[number];

export interface WebChatBot {
  platform: PlatformName;
  token: string;
}

/** A simulated user as the page lists them. */
export interface Person {
  bot: PlatformName;
  userId: number;
  firstName: string;
  lastName?: string;
  role: RoleHint;
  /** The bot treats them as an admin (their id is in the admin ids). */
  coordinator: boolean;
  /** Seeded straight into the database as a registered volunteer. */
  registered: boolean;
  labels?: VolunteerLabels;
  /** Drill volunteers answer by themselves and stay out of the list. */
  drill: boolean;
}

export interface PersonSummary extends Person {
  phone: string;
  messageCount: number;
  lastMessage?: { text: string; fromBot: boolean; date: number };
}

export type NewPerson = Omit<Person, 'coordinator' | 'registered' | 'drill'> &
  Partial<Pick<Person, 'registered' | 'drill'>> & {
    /** The user opened the bot before, so the bot may write first (seeded volunteers get call-ups). */
    started?: boolean;
  };

/**
 * The people of the web chat: who they play, who is a coordinator, who belongs to a drill. The chats themselves live
 * in the sandbox; people who appeared there some other way (a test, the terminal chat) are listed too.
 */
export class ChatDirectory {
  readonly #sandbox: Sandbox;
  readonly #bots: ReadonlyMap<PlatformName, WebChatBot>;
  readonly #coordinatorIds: ReadonlyMap<PlatformName, readonly number[]>;
  readonly #people = new Map<string, Person>();
  readonly #users = new Map<string, SimulatedUser>();
  #nextId: number;

  constructor(sandbox: Sandbox, bots: readonly WebChatBot[], coordinators: readonly string[], firstUserId: number) {
    this.#sandbox = sandbox;
    this.#bots = new Map(bots.map((bot) => [bot.platform, bot]));
    const ids = new Map<PlatformName, number[]>();
    for (const entry of coordinators) {
      const match = /^(telegram|bale):(\d+)$/.exec(entry);
      if (!match) continue;
      const platform = match[1] as PlatformName;
      ids.set(platform, [...(ids.get(platform) ?? []), Number(match[2])]);
    }
    this.#coordinatorIds = ids;
    this.#nextId = firstUserId;
  }

  get bots(): WebChatBot[] {
    return [...this.#bots.values()];
  }

  bot(platform: string): WebChatBot {
    const bot = this.#bots.get(platform as PlatformName);
    if (!bot) throw new WebChatError(404, 'unknown_bot');
    return bot;
  }

  isCoordinator(platform: PlatformName, userId: number): boolean {
    return this.#coordinatorIds.get(platform)?.includes(userId) === true;
  }

  /** The first admin id of a bot; the demo's coordinator plays it. */
  coordinatorId(platform: PlatformName): number | undefined {
    return this.#coordinatorIds.get(platform)?.[0];
  }

  /** Adds a person with a chosen id (the demo cast, drill volunteers); the same id again returns the first one. */
  add(person: NewPerson): Person {
    const key = keyOf(person.bot, person.userId);
    const existing = this.#people.get(key);
    if (existing) return existing;
    const { started, ...fields } = person;
    const user = this.#sandbox.user({
      token: this.bot(person.bot).token,
      userId: person.userId,
      firstName: person.firstName,
      ...(person.lastName && { lastName: person.lastName }),
      languageCode: 'fa',
      ...(started && { started }),
    });
    const added: Person = {
      registered: false,
      drill: false,
      ...fields,
      coordinator: this.isCoordinator(person.bot, person.userId),
    };
    this.#people.set(key, added);
    this.#users.set(key, user);
    return added;
  }

  /** A new person from the page. A coordinator takes a free admin id; nobody else can become one at run time. */
  create(platform: PlatformName, input: { firstName: string; lastName?: string; role: RoleHint }): Person {
    let userId: number;
    if (input.role === 'coordinator') {
      const free = this.#freeCoordinatorIds(platform)[0];
      if (free === undefined) throw new WebChatError(409, 'no_coordinator_id');
      userId = free;
    } else {
      userId = this.#freshId(platform);
    }
    return this.add({ bot: platform, userId, ...input });
  }

  /** How many admin ids a bot has, and how many nobody plays yet: the page says whether a coordinator can be made. */
  coordinatorSlots(platform: PlatformName): { total: number; free: number } {
    return {
      total: this.#coordinatorIds.get(platform)?.length ?? 0,
      free: this.#freeCoordinatorIds(platform).length,
    };
  }

  person(platform: PlatformName, userId: number): Person | undefined {
    return this.#people.get(keyOf(platform, userId));
  }

  isDrill(platform: PlatformName, userId: number): boolean {
    return this.#people.get(keyOf(platform, userId))?.drill === true;
  }

  /** The simulated user behind a chat the sandbox has; 404 for a chat that does not exist. */
  user(platform: PlatformName, userId: number): SimulatedUser {
    const key = keyOf(platform, userId);
    const known = this.#users.get(key);
    if (known) return known;
    const { token } = this.bot(platform);
    const chat = this.#sandbox.listChats(token).find((summary) => summary.chatId === userId);
    if (!chat) throw new WebChatError(404, 'unknown_user');
    const user = this.#sandbox.user({ token, userId, firstName: chat.user.first_name });
    this.#users.set(key, user);
    return user;
  }

  /** Everyone of one bot but drill volunteers, most recently active first. */
  list(platform: PlatformName): PersonSummary[] {
    const { token } = this.bot(platform);
    return this.#sandbox
      .listChats(token)
      .filter((chat) => !this.isDrill(platform, chat.chatId))
      .map((chat): PersonSummary => {
        const person = this.#people.get(keyOf(platform, chat.chatId)) ?? {
          bot: platform,
          userId: chat.chatId,
          firstName: chat.user.first_name,
          ...(chat.user.last_name && { lastName: chat.user.last_name }),
          role: this.isCoordinator(platform, chat.chatId) ? 'coordinator' : 'volunteer',
          coordinator: this.isCoordinator(platform, chat.chatId),
          registered: false,
          drill: false,
        };
        const summary: PersonSummary = { ...person, phone: chat.phone, messageCount: chat.messageCount };
        if (chat.lastMessage) {
          summary.lastMessage = {
            text: previewOf(chat.lastMessage),
            fromBot: chat.lastMessage.fromBot,
            date: chat.lastMessage.date,
          };
        }
        return summary;
      });
  }

  #freeCoordinatorIds(platform: PlatformName): number[] {
    const taken = new Set(this.#sandbox.listChats(this.bot(platform).token).map((chat) => chat.chatId));
    return (this.#coordinatorIds.get(platform) ?? []).filter((id) => !taken.has(id));
  }

  /** Ids nobody in this sandbox has, starting from the configured first id. */
  #freshId(platform: PlatformName): number {
    const taken = new Set(this.#sandbox.listChats(this.bot(platform).token).map((chat) => chat.chatId));
    while (taken.has(this.#nextId) || this.isCoordinator(platform, this.#nextId)) this.#nextId += 1;
    return this.#nextId++;
  }
}

function keyOf(platform: PlatformName, userId: number): string {
  return `${platform}:${userId}`;
}

/** One line for the list: the text, else a symbol for what was sent. */
function previewOf(message: SandboxMessage): string {
  const text = message.text ?? message.caption;
  if (text) return text.split('\n', 1)[0] ?? '';
  if (message.document) return `📎 ${message.document.file_name ?? ''}`.trim();
  if (message.photo) return '🖼';
  if (message.contact) return `📱 ${message.contact.phone_number}`;
  if (message.location) return '📍';
  return '';
}
