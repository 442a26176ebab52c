// The dashboard page: signs in (a one-time link's token or a Telegram Mini App's initData, both after `#`, which
// is never sent to a server), then shows one page at a time by the address's hash. No framework: plain modules.
import { showCallUp } from './page-callup.js';
import { showHistory } from './page-history.js';
import { showMission } from './page-mission.js';
import { showNow } from './page-now.js';
import { showReadiness } from './page-readiness.js';

const HEADERS = { 'Content-Type': 'application/json', 'X-Nazr-Dashboard': '1' };
const main = document.getElementById('main');

/** What every page gets: strings, number and text helpers, JSON calls and the live indicator. */
export function createKit(me) {
  const digits = new Intl.NumberFormat(me.locale === 'fa' ? 'fa-IR' : 'en-GB');
  const lookup = (key) => key.split('.').reduce((node, part) => (node == null ? undefined : node[part]), me.strings);
  const t = (key, vars = {}) =>
    String(lookup(key) ?? key).replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name) =>
      typeof vars[name] === 'number' ? digits.format(vars[name]) : String(vars[name] ?? ''),
    );
  const el = (tag, attributes = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value === undefined || value === false) continue;
      if (name === 'text') node.textContent = value;
      else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? '' : value);
    }
    node.append(...children.filter((child) => child != null));
    return node;
  };
  const getJson = async (path) => {
    const response = await fetch(path, { credentials: 'same-origin' });
    if (response.status === 401) throw showSignedOut(me, t);
    return { status: response.status, body: await response.json() };
  };
  const postJson = async (path, body) => {
    const response = await fetch(path, { method: 'POST', headers: HEADERS, body: JSON.stringify(body) });
    return { status: response.status, body: await response.json() };
  };
  const live = document.getElementById('live');
  const setLive = (on) => {
    live.hidden = false;
    live.classList.toggle('off', !on);
    live.textContent = t(on ? 'page.live' : 'page.reconnecting');
  };
  const toast = (text) => {
    const box = document.getElementById('toast');
    box.textContent = text;
    box.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => (box.hidden = true), 5000);
  };
  /** After a live feed was refused: false (and the sign-in hint shown) when the session is what ended. */
  const stillSignedIn = async () => {
    const response = await fetch('api/me', { credentials: 'same-origin' });
    if (response.status !== 401) return true;
    showSignedOut(me, t);
    return false;
  };
  return { me, t, num: (n) => digits.format(n), el, getJson, postJson, setLive, toast, main, stillSignedIn };
}

function showSignedOut(me, t) {
  main.replaceChildren();
  const box = document.createElement('p');
  box.className = 'empty';
  box.id = 'signed-out';
  box.textContent = t(me.refused ? 'signin.refused' : 'signin.how');
  main.append(box);
  document.getElementById('nav').hidden = true;
  document.getElementById('live').hidden = true;
  document.getElementById('signout').hidden = true;
  return new Error('signed out');
}

/** Exchanges what the address's hash carries for a session cookie; true when it was refused. */
async function signInFromHash() {
  const hash = new URLSearchParams(location.hash.slice(1));
  const token = hash.get('signin');
  const initData = hash.get('tgWebAppData');
  if (!token && !initData) return false;
  const [path, body] = token ? ['api/signin/link', { token }] : ['api/signin/telegram', { initData }];
  const response = await fetch(path, { method: 'POST', headers: HEADERS, body: JSON.stringify(body) });
  history.replaceState(null, '', `${location.pathname}#/now`);
  return response.status !== 200;
}

let stopPage = () => {};

function route(kit) {
  stopPage();
  stopPage = () => {};
  const [, page = 'now', id] = location.hash.split('/');
  for (const link of document.querySelectorAll('#nav a')) {
    link.toggleAttribute('aria-current', link.dataset.page === page);
    if (link.dataset.page === page) link.setAttribute('aria-current', 'page');
  }
  main.replaceChildren();
  // Only the live pages show it, once their stream is open.
  document.getElementById('live').hidden = true;
  const pages = { now: showNow, readiness: showReadiness, history: showHistory };
  const detail = { callup: showCallUp, mission: showMission }[page];
  const show = detail && id ? (k) => detail(k, id) : (pages[page] ?? showNow);
  Promise.resolve(show(kit))
    .then((stop) => {
      if (typeof stop === 'function') stopPage = stop;
    })
    .catch((error) => {
      if (error?.message !== 'signed out') kit.toast(String(error?.message ?? error));
    });
}

async function start() {
  const refused = await signInFromHash();
  const response = await fetch('api/me', { credentials: 'same-origin' });
  const me = await response.json();
  document.documentElement.lang = me.locale;
  document.documentElement.dir = me.locale === 'fa' ? 'rtl' : 'ltr';
  const kit = createKit({ ...me, refused });
  document.title = kit.t('page.title');
  document.getElementById('app-title').textContent = kit.t('page.title');
  if (response.status !== 200) {
    showSignedOut(kit.me, kit.t);
    return;
  }
  for (const link of document.querySelectorAll('#nav a')) link.textContent = kit.t(`nav.${link.dataset.page}`);
  document.getElementById('nav').hidden = false;
  const signout = document.getElementById('signout');
  signout.textContent = kit.t('page.signout');
  signout.hidden = false;
  signout.addEventListener('click', async () => {
    await kit.postJson('api/signout', {});
    stopPage();
    showSignedOut(kit.me, kit.t);
  });
  addEventListener('hashchange', () => route(kit));
  route(kit);
}

start().catch((error) => {
  main.textContent = String(error?.message ?? error);
});
