// Now: the viewer's running call-ups, each with need against confirmed per specialty, kept live by the server's
// event stream (the server sends the whole list again whenever anything in it changes); below them, the viewer's
// open missions.
import { missionList } from './page-mission.js';

/** One specialty's need as a line and a bar. */
export function needLine(kit, need) {
  const percent = need.need > 0 ? Math.min(100, Math.round((need.confirmed / need.need) * 100)) : 0;
  const filled = kit.el('span');
  // Set through the style object: the page's content security policy refuses inline style attributes.
  filled.style.width = `${percent}%`;
  return kit.el(
    'div',
    { class: 'need', 'data-specialty': need.specialty },
    kit.el('div', { text: kit.t('now.need', need) }),
    kit.el('div', { class: 'bar' }, filled),
  );
}

export function statusBadges(kit, callUp) {
  const status = callUp.ended ? 'ended' : callUp.status;
  return [
    kit.el('span', { class: `badge ${status}`, 'data-status': status, text: kit.t(`status.${status}`) }),
    callUp.drill ? kit.el('span', { class: 'badge drill', text: kit.t('drill') }) : null,
  ];
}

export function figureCounts(kit, figures) {
  return kit.el(
    'div',
    { class: 'counts' },
    kit.el('span', { 'data-count': 'invited', text: kit.t('now.invited', { n: figures.invited }) }),
    kit.el('span', { 'data-count': 'waiting', text: kit.t('now.waiting', { n: figures.waiting }) }),
    kit.el('span', { 'data-count': 'unanswered', text: kit.t('now.unanswered', { n: figures.noAnswer }) }),
    kit.el('span', { 'data-count': 'declined', text: kit.t('now.declined', { n: figures.declined }) }),
    kit.el('span', { 'data-count': 'per-minute', text: kit.t('now.per_minute', { n: figures.answersPerMinute }) }),
  );
}

/** Per messenger, how the cards are getting through; one that fails is marked. */
function channelLines(kit, channels) {
  return kit.el(
    'div',
    { class: 'channels' },
    ...channels.map((c) =>
      kit.el('span', {
        'data-platform': c.platform,
        class: c.failed > 0 ? 'warn' : undefined,
        text: kit.t('now.channel', { ...c, platform: kit.t(`platforms.${c.platform}`) }),
      }),
    ),
  );
}

function callUpCard(kit, callUp) {
  return kit.el(
    'article',
    { class: 'card', 'data-callup': callUp.id },
    kit.el(
      'h2',
      {},
      kit.el('a', { class: 'title', href: `#/callup/${callUp.id}`, text: callUp.title }),
      ...statusBadges(kit, callUp),
    ),
    kit.el('div', { class: 'meta', text: `${callUp.province} · ${kit.t('now.starts', { when: callUp.startsAt })}` }),
    ...callUp.figures.needs.map((need) => needLine(kit, need)),
    figureCounts(kit, callUp.figures),
    channelLines(kit, callUp.channels),
  );
}

export function showNow(kit) {
  const list = kit.el('section', { id: 'now', class: 'cards' });
  kit.main.append(list);
  // Missions change on a coordinator's own taps, not by the second: read once with the page.
  missionList(kit).then(
    (missions) => list.isConnected && list.after(missions),
    (error) => error?.message === 'signed out' || kit.toast(String(error?.message ?? error)),
  );
  const render = (now) => {
    list.replaceChildren(
      ...(now.callUps.length === 0
        ? [kit.el('p', { class: 'empty', text: kit.t('now.empty') })]
        : now.callUps.map((callUp) => callUpCard(kit, callUp))),
    );
  };
  const events = new EventSource('api/now/events');
  events.onmessage = (event) => render(JSON.parse(event.data));
  events.onopen = () => kit.setLive(true);
  events.onerror = async () => {
    kit.setLive(false);
    // Refused (signed out, or no longer staff): say how to sign in again rather than "reconnecting" for ever.
    if (events.readyState === EventSource.CLOSED) await kit.stillSignedIn();
  };
  return () => events.close();
}
