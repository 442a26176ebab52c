// The sandbox web chat: one person plays several simulated users of Nazr on Bale or Telegram. It draws whatever the
// bot sent through the Bot API and knows no feature of the bot.
import { renderFormatted, safeUrl } from './render.js';

const $ = (id) => document.getElementById(id);
const STORAGE = 'nazr.webchat.';
const TEHRAN = { latitude: 35.6892, longitude: 51.389 };
/** How long a pressed inline button waits for the bot's answerCallbackQuery. */
const ANSWER_WAIT_MS = 4000;
const AVATAR_COLORS = ['#0f766e', '#2563eb', '#9333ea', '#db2777', '#ea580c', '#ca8a04', '#16a34a', '#0891b2'];

const state = {
  lang: localStorage.getItem(`${STORAGE}lang`) === 'en' ? 'en' : 'fa',
  labels: {},
  bots: [],
  roles: [],
  bot: null,
  users: [],
  userId: null,
  /** The open chat's messages by id. */
  messages: new Map(),
  keyboard: null,
  keyboardRead: 0,
  keyboardOpen: true,
  /** Unread bot messages per `${bot}:${userId}`. */
  unread: new Map(),
  /** Inline buttons waiting for the bot's answerCallbackQuery, by callback query id. */
  pending: new Map(),
  /** Callback queries the bot answered before the press's own reply named them (the bot can be that quick). */
  answeredEarly: new Set(),
  typingTimer: undefined,
  /** Until this time the chat follows new messages even when scrolled up: the answer to what one just did. */
  followUntil: 0,
  drill: null,
  /** Admin ids of the chosen bot, and how many nobody plays yet. */
  coordinatorSlots: { total: 0, free: 0 },
  refreshTimer: undefined,
  /** Platforms taken down from the SMS dialog (the sandbox's fault switch). */
  platformsDown: new Set(),
};

/** A refusal from the server: `code` is a key under `errors.` (its English `detail` is for developers only). */
class PageError extends Error {
  constructor(code) {
    super(code);
    this.code = code;
  }
}

// Labels -------------------------------------------------------------------------------------------------------

function t(key, vars = {}) {
  const value = key.split('.').reduce((node, part) => node?.[part], state.labels);
  if (typeof value !== 'string') return key;
  return value.replace(/\{\{\s*(\w+)\s*(?:,\s*(\w+))?\s*\}\}/g, (_, name, format) => {
    const v = vars[name];
    if (format === 'num' && typeof v === 'number') return formatNumber(v);
    // Names and other inserted words are isolated, so «Alex ساخته شد.» keeps its order in either direction.
    return v === undefined ? '' : `\u2068${String(v)}\u2069`;
  });
}

const intlLocale = () => (state.lang === 'fa' ? 'fa-IR' : 'en-GB');
const formatNumber = (n) => new Intl.NumberFormat(intlLocale()).format(n);
/** A number for a text field: the page's digits, like the counters beside it, without grouping. */
const formatFieldNumber = (n) =>
  new Intl.NumberFormat(intlLocale(), { useGrouping: false, maximumFractionDigits: 1 }).format(n);

/**
 * A number typed in any digits (Persian, Arabic-Indic or Latin): «٫», «.» or «/» as the decimal point, «٬» and «,»
 * as grouping. NaN when it is no number, which the server refuses with its own message.
 */
function readNumber(text) {
  const latin = String(text)
    .trim()
    .replace(/[۰-۹]/g, (digit) => String(digit.charCodeAt(0) - 0x06f0))
    .replace(/[٠-٩]/g, (digit) => String(digit.charCodeAt(0) - 0x0660))
    .replace(/[٬,]/g, '')
    .replace(/[٫/]/g, '.');
  return /^\d+(\.\d+)?$/.test(latin) ? Number(latin) : Number.NaN;
}
const formatTime = (unix) =>
  new Date(unix * 1000).toLocaleTimeString(intlLocale(), { hour: '2-digit', minute: '2-digit' });
const formatDay = (unix) =>
  new Date(unix * 1000).toLocaleDateString(intlLocale(), { weekday: 'long', day: 'numeric', month: 'long' });

async function loadLabels() {
  const response = await fetch(`/labels/${state.lang}.json`);
  state.labels = await response.json();
  document.documentElement.lang = state.lang;
  document.documentElement.dir = state.lang === 'fa' ? 'rtl' : 'ltr';
  document.title = `${t('title')} — ${t('subtitle')}`;
  for (const element of document.querySelectorAll('[data-label]')) element.textContent = t(element.dataset.label);
  for (const element of document.querySelectorAll('[data-label-aria]')) {
    element.setAttribute('aria-label', t(element.dataset.labelAria));
    element.title = t(element.dataset.labelAria);
  }
}

// Server -------------------------------------------------------------------------------------------------------

async function api(method, path, body) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch {
    throw new PageError('network');
  }
  const data = await response.json().catch(() => ({ ok: false, error: 'network' }));
  if (!data.ok) throw new PageError(data.error ?? 'network');
  return data;
}

const chatPath = (suffix) => `/api/bots/${state.bot}/users/${state.userId}/${suffix}`;

function showError(error) {
  const key = `errors.${error instanceof PageError ? error.code : 'action_failed'}`;
  toast(t(key) === key ? t('errors.action_failed') : t(key), 'error');
}

/** Runs an action and shows a refusal as a toast: the page never throws at the user or into the console. */
function attempt(action) {
  return Promise.resolve()
    .then(action)
    .catch((error) => showError(error));
}

// Small DOM helpers --------------------------------------------------------------------------------------------

function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') element.className = value;
    else if (name === 'text') element.textContent = value;
    else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...children.filter((child) => child !== undefined && child !== null && child !== false));
  return element;
}

function toast(text, kind = 'info') {
  const item = el('div', { class: `toast ${kind}`, text });
  $('toasts').append(item);
  setTimeout(() => item.remove(), kind === 'error' ? 5000 : 3500);
}

function showAlert(text) {
  $('alert-text').textContent = text;
  if (!$('alert-dialog').open) $('alert-dialog').showModal();
}

function fullName(user) {
  return [user.firstName, user.lastName].filter(Boolean).join(' ');
}

function avatar(user, className = 'avatar') {
  // A zero-width non-joiner keeps two Persian initials from joining into one word.
  const initials = [user.firstName, user.lastName]
    .filter(Boolean)
    .map((part) => [...part.trim()][0] ?? '')
    .join('\u200c');
  return el('div', {
    class: className,
    text: initials || '?',
    style: `background:${AVATAR_COLORS[user.userId % AVATAR_COLORS.length]}`,
    'aria-hidden': 'true',
  });
}

function roleBadge(user) {
  return el('span', {
    class: `badge ${user.role === 'coordinator' ? 'coordinator' : ''}`,
    text: t(`roles.${user.role}`),
  });
}

// Bots and users -----------------------------------------------------------------------------------------------

function renderBots() {
  const container = $('bot-switch');
  container.replaceChildren(
    ...state.bots.map((bot) =>
      el(
        'button',
        {
          type: 'button',
          role: 'radio',
          'aria-checked': String(bot.id === state.bot),
          'data-bot': bot.id,
          title: `@${bot.username}`,
          onclick: () => attempt(() => selectBot(bot.id)),
        },
        el('span', { class: `bot-dot ${bot.platform}` }),
        t(`bots.${bot.platform}`),
      ),
    ),
  );
}

async function selectBot(id) {
  if (state.bot === id) return;
  state.bot = id;
  localStorage.setItem(`${STORAGE}bot`, id);
  renderBots();
  closeChat();
  await refreshUsers();
  const remembered = Number(localStorage.getItem(`${STORAGE}user.${id}`));
  if (state.users.some((user) => user.userId === remembered)) await selectUser(remembered);
}

async function refreshUsers() {
  const bot = state.bot;
  const { users, coordinatorSlots } = await api('GET', `/api/bots/${bot}/users`);
  if (bot !== state.bot) return;
  state.users = users;
  state.coordinatorSlots = coordinatorSlots;
  renderUsers();
}

function scheduleUsersRefresh() {
  clearTimeout(state.refreshTimer);
  state.refreshTimer = setTimeout(() => attempt(refreshUsers), 300);
}

function renderUsers() {
  const list = $('user-list');
  if (state.users.length === 0) {
    list.replaceChildren(el('li', { class: 'empty', text: t('users.empty') }));
    return;
  }
  list.replaceChildren(
    ...state.users.map((user) => {
      const unread = state.unread.get(`${state.bot}:${user.userId}`) ?? 0;
      const last = user.lastMessage;
      const details = user.labels
        ? `${user.labels.specialty[state.lang]} · ${user.labels.province[state.lang]}`
        : t('users.no_messages');
      const preview = last ? `${last.fromBot ? '' : `${t('users.you')}: `}${last.text}` : details;
      return el(
        'li',
        {},
        el(
          'button',
          {
            type: 'button',
            class: 'user-item',
            'data-user-id': user.userId,
            'aria-current': String(user.userId === state.userId),
            onclick: () => attempt(() => selectUser(user.userId)),
          },
          avatar(user),
          el(
            'div',
            { class: 'user-main' },
            el('div', { class: 'user-name' }, el('span', { text: fullName(user), dir: 'auto' }), roleBadge(user)),
            el('div', { class: 'user-preview muted', text: preview, dir: 'auto' }),
          ),
          el(
            'div',
            { class: 'user-meta' },
            last ? el('span', { class: 'muted', text: formatTime(last.date) }) : undefined,
            unread > 0 ? el('span', { class: 'unread', text: formatNumber(unread) }) : undefined,
          ),
        ),
      );
    }),
  );
}

function currentUser() {
  return state.users.find((user) => user.userId === state.userId);
}

async function selectUser(userId) {
  state.userId = userId;
  localStorage.setItem(`${STORAGE}user.${state.bot}`, String(userId));
  state.unread.delete(`${state.bot}:${userId}`);
  renderUsers();
  renderHeader();
  $('app').classList.add('show-chat');
  for (const id of ['chat-header', 'messages', 'composer-area']) $(id).hidden = false;
  $('chat-placeholder').hidden = true;
  delete $('messages').dataset.userId;
  const { messages, keyboard, keyboardRead } = await api('GET', chatPath('chat'));
  if (userId !== state.userId) return;
  state.keyboardOpen = true;
  renderMessages(messages);
  // Says whose messages are on screen: until then the list still shows the chat that was open before.
  $('messages').dataset.userId = String(userId);
  setKeyboard(keyboard, keyboardRead);
  $('composer-input').focus();
}

function closeChat() {
  state.userId = null;
  state.messages.clear();
  $('app').classList.remove('show-chat');
  for (const id of ['chat-header', 'messages', 'composer-area']) $(id).hidden = true;
  $('chat-placeholder').hidden = false;
  $('scroll-down').hidden = true;
  renderUsers();
}

function renderHeader(status) {
  const user = currentUser();
  if (!user) return;
  $('chat-avatar').replaceWith(Object.assign(avatar(user), { id: 'chat-avatar' }));
  $('chat-name').textContent = fullName(user);
  const bot = state.bots.find((candidate) => candidate.id === state.bot);
  const statusLine = $('chat-status');
  statusLine.className = status === 'typing' ? 'typing' : 'muted';
  statusLine.title = t('chat.phone', { phone: `\u2066+${user.phone}\u2069` });
  statusLine.textContent =
    status === 'typing'
      ? t('chat.typing')
      : `${t(`roles.${user.role}`)} · ${t('chat.with_bot', { bot: `\u2066@${bot?.username ?? ''}\u2069` })}`;
}

// Messages -----------------------------------------------------------------------------------------------------

function renderMessages(messages) {
  const container = $('messages');
  state.messages.clear();
  container.replaceChildren();
  if (messages.length === 0) {
    container.append(
      el(
        'div',
        { class: 'empty-chat' },
        el('span', { text: t('chat.empty') }),
        el('button', { type: 'button', class: 'primary', text: t('chat.start'), onclick: () => sendText('/start') }),
      ),
    );
    return;
  }
  for (const message of messages) appendMessage(message);
  container.scrollTop = container.scrollHeight;
  updateScrollButton();
}

function dayOf(unix) {
  return new Date(unix * 1000).toDateString();
}

function appendMessage(message) {
  const container = $('messages');
  container.querySelector('.empty-chat')?.remove();
  const previous = [...state.messages.values()].at(-1);
  if (!previous || dayOf(previous.date) !== dayOf(message.date)) {
    container.append(el('div', { class: 'day', text: formatDay(message.date) }));
  }
  state.messages.set(message.id, message);
  container.append(messageElement(message));
}

/** A new message is appended; a known one (an edit) is redrawn where it is. */
function upsertMessage(message) {
  const container = $('messages');
  const nearBottom = container.scrollHeight - container.scrollTop - container.clientHeight < 160;
  const existing = container.querySelector(`[data-message-id="${message.id}"]`);
  if (existing) {
    state.messages.set(message.id, message);
    const redrawn = messageElement(message);
    redrawn.classList.add('flash');
    existing.replaceWith(redrawn);
  } else {
    appendMessage(message);
  }
  if (!existing && (nearBottom || !message.fromBot || Date.now() < state.followUntil)) {
    container.scrollTop = container.scrollHeight;
  }
  updateScrollButton();
}

/** The person acted: show the bot's answer even if they pressed a button further up. */
function follow() {
  state.followUntil = Date.now() + 3000;
}

function updateScrollButton() {
  const container = $('messages');
  const away = container.scrollHeight - container.scrollTop - container.clientHeight > 240;
  const button = $('scroll-down');
  button.hidden = !away || state.userId === null;
  // Above the composer and the bot keyboard, whatever their height.
  button.style.bottom = `${$('composer-area').offsetHeight + 16}px`;
}

function removeMessage(id) {
  state.messages.delete(id);
  $('messages').querySelector(`[data-message-id="${id}"]`)?.remove();
}

function formatSize(bytes) {
  if (bytes < 1024) return t('chat.size.bytes', { n: bytes });
  if (bytes < 1024 * 1024) return t('chat.size.kb', { n: Math.round(bytes / 102.4) / 10 });
  return t('chat.size.mb', { n: Math.round(bytes / 104857.6) / 10 });
}

function fileIcon() {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', 'M12 4v11m0 0l-4-4m4 4l4-4M5 19h14');
  svg.append(path);
  return el('span', { class: 'file-icon' }, svg);
}

function messageElement(message) {
  const bubble = el('div', { class: 'bubble' });
  const fileHref = (file) => (file.external ? safeUrl(file.url) : file.url);
  if (message.photo) {
    const href = fileHref(message.photo);
    if (href) {
      // The picture gets its height only when it has loaded: keep the newest message in view.
      const keepInView = () => {
        const container = $('messages');
        if (container.lastElementChild?.contains(bubble)) container.scrollTop = container.scrollHeight;
      };
      const image = el('img', { class: 'photo', src: href, alt: '', onload: keepInView });
      bubble.append(el('a', { href, target: '_blank' }, image));
    }
  }
  if (message.document) {
    const file = message.document;
    bubble.append(
      el(
        'a',
        {
          class: 'file',
          href: fileHref(file),
          download: file.external ? undefined : (file.name ?? true),
          title: t('chat.download'),
        },
        fileIcon(),
        el(
          'span',
          {},
          el('span', { class: 'file-name', text: file.name ?? t('chat.download') }),
          el('span', { class: 'file-size', text: formatSize(file.size) }),
        ),
      ),
    );
  }
  if (message.contact) {
    const { first_name: first, last_name: last, phone_number: phone } = message.contact;
    bubble.append(
      el(
        'div',
        { class: 'contact', role: 'group', 'aria-label': t('chat.contact') },
        el('span', { text: '📱', 'aria-hidden': 'true' }),
        el(
          'span',
          {},
          el('strong', { text: [first, last].filter(Boolean).join(' ') }),
          el('br'),
          el('span', { dir: 'ltr', text: `+${phone.replace(/^\+/, '')}` }),
        ),
      ),
    );
  }
  if (message.location) {
    const { latitude, longitude } = message.location;
    bubble.append(
      el(
        'div',
        { class: 'location' },
        el('span', { text: '📍', 'aria-hidden': 'true' }),
        el('span', { text: t('chat.location', { latitude, longitude }) }),
      ),
    );
  }
  const text = message.text ?? message.caption;
  if (text !== undefined) {
    const entities = message.text !== undefined ? message.entities : message.captionEntities;
    const body = el('div', { class: 'text', dir: 'auto' });
    const options = { onCommand: sendText, spoilerTitle: t('chat.spoiler'), autoLink: message.fromBot };
    body.append(renderFormatted(text, entities ?? [], options));
    bubble.append(body);
  }
  bubble.append(
    el(
      'div',
      { class: 'meta' },
      message.edited ? el('span', { class: 'edited', text: t('chat.edited') }) : undefined,
      el('time', { text: formatTime(message.date) }),
    ),
  );
  const wrapper = el(
    'div',
    { class: `message ${message.fromBot ? 'in' : 'out'}`, 'data-message-id': message.id },
    bubble,
  );
  if (message.inlineKeyboard?.length) wrapper.append(inlineKeyboard(message));
  return wrapper;
}

function inlineKeyboard(message) {
  return el(
    'div',
    { class: 'inline-keyboard' },
    ...message.inlineKeyboard.map((row, rowIndex) =>
      el(
        'div',
        { class: 'inline-row', hidden: row.length === 0 },
        ...row.map((button, column) =>
          el('button', {
            type: 'button',
            class: `inline-button ${button.kind}`,
            text: button.text,
            dir: 'auto',
            onclick: (event) => {
              // Read now: once the click has been handled, the event no longer knows its button.
              const pressed = event.currentTarget;
              void attempt(() => press(message.id, rowIndex, column, pressed));
            },
          }),
        ),
      ),
    ),
  );
}

async function press(messageId, row, column, button) {
  follow();
  button.classList.add('pending');
  try {
    const result = await api('POST', chatPath('press'), { messageId, row, column });
    if (result.url !== undefined) {
      button.classList.remove('pending');
      if (result.url) window.open(result.url, '_blank', 'noopener');
      return;
    }
    const id = result.callbackQueryId;
    if (state.answeredEarly.delete(id)) {
      button.classList.remove('pending');
      return;
    }
    state.pending.set(id, button);
    // Telegram stops the spinner after a while even when the bot never answers.
    setTimeout(() => {
      state.pending.delete(id);
      button.classList.remove('pending');
    }, ANSWER_WAIT_MS);
  } catch (error) {
    button.classList.remove('pending');
    throw error;
  }
}

// Input --------------------------------------------------------------------------------------------------------

/** `read` numbers the server's reads of the keyboard: an older read arriving late (a reply after an event) is dropped. */
function setKeyboard(keyboard, read) {
  if (read !== undefined) {
    if (read < state.keyboardRead) return;
    state.keyboardRead = read;
  }
  state.keyboard = keyboard;
  const panel = $('reply-keyboard');
  $('keyboard-button').hidden = !keyboard;
  $('keyboard-button').classList.toggle('active', Boolean(keyboard) && state.keyboardOpen);
  const lastBot = [...state.messages.values()].reverse().find((message) => message.fromBot);
  $('composer-input').placeholder = keyboard?.placeholder ?? lastBot?.forceReply?.placeholder ?? t('chat.placeholder');
  if (!keyboard) {
    panel.hidden = true;
    panel.replaceChildren();
    return;
  }
  panel.hidden = !state.keyboardOpen;
  panel.replaceChildren(
    ...keyboard.rows.map((row, rowIndex) =>
      el(
        'div',
        { class: 'reply-row' },
        ...row.map((key, column) =>
          el('button', {
            type: 'button',
            class: `reply-key ${key.kind}`,
            text: key.text,
            dir: 'auto',
            onclick: () =>
              attempt(async () => {
                follow();
                const result = await api('POST', chatPath('tap'), { row: rowIndex, column });
                setKeyboard(result.keyboard, result.keyboardRead);
              }),
          }),
        ),
      ),
    ),
  );
}

function sendText(text) {
  follow();
  return attempt(async () => {
    const result = await api('POST', chatPath('text'), { text });
    setKeyboard(result.keyboard, result.keyboardRead);
  });
}

function closeMenus() {
  $('attach-menu').hidden = true;
  $('commands-menu').hidden = true;
}

async function openCommands() {
  const menu = $('commands-menu');
  if (!menu.hidden) {
    menu.hidden = true;
    return;
  }
  closeMenus();
  const { commands } = await api('GET', `/api/bots/${state.bot}/commands?lang=${state.lang}`);
  menu.replaceChildren(
    ...(commands.length === 0
      ? [el('span', { class: 'muted small', text: t('chat.no_commands') })]
      : commands.map((command) =>
          el(
            'button',
            {
              type: 'button',
              onclick: () => {
                closeMenus();
                void sendText(`/${command.command}`);
              },
            },
            el('span', { class: 'command-name', text: `/${command.command}` }),
            el('span', { class: 'muted small', text: command.description, dir: 'auto' }),
          ),
        )),
  );
  menu.hidden = false;
}

// Drill --------------------------------------------------------------------------------------------------------

/** How many simulated volunteers the dialog offers to fill at first. */
const DEFAULT_DRILL_COUNT = 500;

/** `syncForm` copies the settings into the form: only when it opens, so a live update never undoes typing. */
function renderDrill(syncForm = false) {
  const drill = state.drill;
  if (!drill) return;
  const chip = $('drill-chip');
  chip.hidden = drill.volunteers === 0 && !drill.filling;
  chip.textContent = [
    t('drill.chip', { count: drill.volunteers }),
    drill.answering ? t('drill.chip_answering') : undefined,
    drill.cards > 0
      ? `${t('drill.answered')}: ${formatNumber(drill.answered)}/${formatNumber(drill.cards)}`
      : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
  const progress = $('drill-progress');
  progress.hidden = !drill.filling;
  if (drill.filling) {
    const share = drill.filling.total ? (100 * drill.filling.done) / drill.filling.total : 0;
    progress.querySelector('.bar').style.width = `${share}%`;
    progress.querySelector('span').textContent = t('drill.filling', drill.filling);
  }
  $('drill-fill').disabled = Boolean(drill.filling);
  $('drill-not-registered').hidden = drill.registered || drill.volunteers === 0;
  $('drill-error').hidden = !drill.error;
  $('drill-error-detail').textContent = drill.error ? t('drill.error_detail', { detail: drill.error }) : '';
  const form = $('drill-form');
  form.elements.enabled.checked = drill.answering;
  if (syncForm) {
    const count = readNumber(form.elements.count.value);
    form.elements.count.value = formatFieldNumber(Number.isFinite(count) ? count : DEFAULT_DRILL_COUNT);
    form.elements.answerRate.value = formatFieldNumber(Math.round(drill.settings.answerRate * 100));
    form.elements.acceptRate.value = formatFieldNumber(Math.round(drill.settings.acceptRate * 100));
    form.elements.minDelay.value = formatFieldNumber(drill.settings.minDelayMs / 1000);
    form.elements.maxDelay.value = formatFieldNumber(drill.settings.maxDelayMs / 1000);
  }
  $('drill-stats').replaceChildren(
    ...['volunteers', 'cards', 'answered', 'accepted', 'declined', 'missed'].map((key) =>
      el(
        'div',
        {},
        el('dt', { text: t(`drill.${key}`) }),
        el('dd', { 'data-stat': key, text: formatNumber(drill[key]) }),
      ),
    ),
  );
}

/** A drill status from an event or an answer, unless a newer one has already arrived the other way. */
function updateDrill(drill) {
  if (state.drill && drill.revision < state.drill.revision) return;
  state.drill = drill;
  renderDrill();
}

function drillSettings() {
  const form = $('drill-form').elements;
  return {
    enabled: form.enabled.checked,
    answerRate: readNumber(form.answerRate.value) / 100,
    acceptRate: readNumber(form.acceptRate.value) / 100,
    minDelayMs: readNumber(form.minDelay.value) * 1000,
    maxDelayMs: readNumber(form.maxDelay.value) * 1000,
  };
}

async function applyDrill() {
  const { drill } = await api('POST', '/api/drill/answering', drillSettings());
  updateDrill(drill);
}

// Live events --------------------------------------------------------------------------------------------------

function isOpenChat(event) {
  return event.bot === state.bot && event.chatId === state.userId;
}

function connectEvents() {
  const source = new EventSource('/api/events');
  let lost = false;
  const on = (name, handler) =>
    source.addEventListener(name, (event) => {
      try {
        handler(JSON.parse(event.data));
      } catch (error) {
        showError(error);
      }
    });
  on('message', (event) => {
    if (isOpenChat(event)) {
      upsertMessage(event.message);
      setKeyboard(event.keyboard, event.keyboardRead);
      if (event.message.fromBot) renderHeader();
    } else if (event.bot === state.bot && event.message.fromBot) {
      const key = `${event.bot}:${event.chatId}`;
      state.unread.set(key, (state.unread.get(key) ?? 0) + 1);
    }
    if (event.bot === state.bot) scheduleUsersRefresh();
  });
  on('edit', (event) => {
    if (isOpenChat(event)) upsertMessage(event.message);
  });
  on('delete', (event) => {
    if (isOpenChat(event)) removeMessage(event.messageId);
  });
  on('alert', (event) => {
    if (!isOpenChat(event)) return;
    const id = event.alert.callbackQueryId;
    const button = state.pending.get(id);
    if (button) {
      button.classList.remove('pending');
      state.pending.delete(id);
    } else {
      // The answer beat the press's reply: `press` stops the spinner as soon as it learns the id.
      state.answeredEarly.add(id);
      setTimeout(() => state.answeredEarly.delete(id), ANSWER_WAIT_MS);
    }
    if (event.alert.text) {
      if (event.alert.showAlert) showAlert(event.alert.text);
      else toast(event.alert.text);
    }
  });
  on('action', (event) => {
    if (!isOpenChat(event)) return;
    renderHeader('typing');
    clearTimeout(state.typingTimer);
    state.typingTimer = setTimeout(() => renderHeader(), 5000);
  });
  on('users', (event) => {
    if (event.bot === state.bot) scheduleUsersRefresh();
  });
  on('drill', updateDrill);
  on('sms', () => {
    if ($('sms-dialog').open) void attempt(renderSms);
  });
  source.addEventListener('error', () => {
    if (!lost) toast(t('errors.reconnecting'), 'error');
    lost = true;
  });
  source.addEventListener('open', () => {
    if (!lost) return;
    // Events sent while the stream was down are gone: load what is there now.
    lost = false;
    void attempt(async () => {
      // Taken as it is: a restarted sandbox counts drill revisions from zero again.
      state.drill = (await api('GET', '/api/drill')).drill;
      renderDrill();
      await refreshUsers();
      if (state.userId !== null) await selectUser(state.userId);
    });
  });
}

// SMS and platforms --------------------------------------------------------------------------------------------

function platformButton(bot) {
  const down = state.platformsDown.has(bot.platform);
  return el('button', {
    type: 'button',
    class: down ? 'primary' : 'secondary',
    text: t(down ? 'sms.platform_up' : 'sms.platform_down', { platform: t(`bots.${bot.platform}`) }),
    onclick: () =>
      attempt(async () => {
        await api('POST', `/api/platforms/${bot.platform}/fault`, { state: down ? 'up' : 'down' });
        if (down) state.platformsDown.delete(bot.platform);
        else state.platformsDown.add(bot.platform);
        await renderSms();
      }),
  });
}

/** One phone: the texts it got from Nazr and its replies, and a box to reply by number. */
function smsConversation(phone) {
  const number = phone.number.replace('+', '');
  const form = el(
    'form',
    {
      class: 'sms-reply',
      onsubmit: (event) => {
        event.preventDefault();
        const text = form.elements.text.value.trim();
        if (!text) return;
        form.elements.text.value = '';
        void attempt(() => api('POST', `/api/sms/${number}/reply`, { text }));
      },
    },
    el('input', {
      name: 'text',
      class: 'sms-reply-text',
      placeholder: t('sms.reply'),
      dir: 'auto',
      autocomplete: 'off',
    }),
    el('button', { type: 'submit', class: 'primary', text: t('sms.send') }),
  );
  return el(
    'section',
    { class: 'sms-phone', 'data-phone': phone.number },
    el('h3', { text: phone.number, dir: 'ltr' }),
    ...phone.messages.map((m) =>
      el('p', { class: `sms-text ${m.direction === 'in' ? 'from-bot' : 'from-person'}`, text: m.text, dir: 'auto' }),
    ),
    form,
  );
}

async function renderSms() {
  const { phones } = await api('GET', '/api/sms');
  $('sms-platforms').replaceChildren(...state.bots.map(platformButton));
  $('sms-phones').replaceChildren(
    ...(phones.length === 0 ? [el('p', { class: 'muted', text: t('sms.empty') })] : phones.map(smsConversation)),
  );
}

// Start --------------------------------------------------------------------------------------------------------

function wireControls() {
  $('language-toggle').addEventListener('click', () =>
    attempt(async () => {
      state.lang = state.lang === 'fa' ? 'en' : 'fa';
      localStorage.setItem(`${STORAGE}lang`, state.lang);
      await loadLabels();
      renderBots();
      renderRoles();
      renderUsers();
      // The drill's fields follow the language's digits too.
      renderDrill($('drill-dialog').open);
      if (state.userId !== null) await selectUser(state.userId);
    }),
  );
  $('back').addEventListener('click', closeChat);
  $('messages').addEventListener('scroll', updateScrollButton, { passive: true });
  $('scroll-down').addEventListener('click', () => {
    const container = $('messages');
    container.scrollTo({ top: container.scrollHeight, behavior: 'smooth' });
  });
  $('composer').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = $('composer-input');
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    closeMenus();
    void sendText(text);
  });
  $('keyboard-button').addEventListener('click', () => {
    state.keyboardOpen = !state.keyboardOpen;
    setKeyboard(state.keyboard);
  });
  $('attach-button').addEventListener('click', () => {
    const menu = $('attach-menu');
    const open = menu.hidden;
    closeMenus();
    menu.hidden = !open;
  });
  $('commands-button').addEventListener('click', () => attempt(openCommands));
  $('share-contact').addEventListener('click', () =>
    attempt(async () => {
      closeMenus();
      const result = await api('POST', chatPath('contact'), {});
      setKeyboard(result.keyboard, result.keyboardRead);
    }),
  );
  $('share-location').addEventListener('click', () =>
    attempt(async () => {
      closeMenus();
      const result = await api('POST', chatPath('location'), TEHRAN);
      setKeyboard(result.keyboard, result.keyboardRead);
    }),
  );
  document.addEventListener('click', (event) => {
    if (!event.target.closest('.attach-menu, .commands-menu, #attach-button, #commands-button')) closeMenus();
  });

  $('new-user').addEventListener('click', () => {
    $('create-form').reset();
    $('coordinator-note').textContent = t('create.coordinator_note', state.coordinatorSlots);
    $('create-dialog').showModal();
  });
  $('create-cancel').addEventListener('click', () => $('create-dialog').close());
  $('create-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = event.currentTarget.elements;
    void attempt(async () => {
      const body = { firstName: form.firstName.value, role: form.role.value };
      if (form.lastName.value.trim()) body.lastName = form.lastName.value;
      const { user } = await api('POST', `/api/bots/${state.bot}/users`, body);
      $('create-dialog').close();
      toast(t('create.created', { name: fullName(user) }));
      await refreshUsers();
      await selectUser(user.userId);
    });
  });

  const openDrill = () => {
    renderDrill(true);
    $('drill-dialog').showModal();
  };
  $('open-drill').addEventListener('click', openDrill);
  $('drill-chip').addEventListener('click', openDrill);
  $('drill-close').addEventListener('click', () => $('drill-dialog').close());
  $('drill-fill').addEventListener('click', () =>
    attempt(async () => {
      const count = readNumber($('drill-form').elements.count.value);
      const { drill } = await api('POST', '/api/drill/fill', { bot: state.bot, count });
      updateDrill(drill);
    }),
  );
  $('drill-apply').addEventListener('click', () => attempt(applyDrill));
  $('open-sms').addEventListener('click', () =>
    attempt(async () => {
      await renderSms();
      $('sms-dialog').showModal();
    }),
  );
  $('drill-answering').addEventListener('change', () => attempt(applyDrill));
}

function renderRoles() {
  $('role-select').replaceChildren(
    ...state.roles.map((role) => el('option', { value: role, text: t(`roles.${role}`) })),
  );
}

async function main() {
  await loadLabels();
  wireControls();
  const { bots, roles, drill } = await api('GET', '/api/bots');
  state.bots = bots;
  state.roles = roles;
  state.drill = drill;
  renderRoles();
  renderDrill();
  connectEvents();
  const remembered = localStorage.getItem(`${STORAGE}bot`);
  const first = bots.find((bot) => bot.id === remembered) ?? bots.find((bot) => bot.platform === 'bale') ?? bots[0];
  if (first) await selectBot(first.id);
}

void attempt(main);
