// One call-up: who is coming (with ETA), late, declined or silent, sortable and filterable, with the board's
// actions. The server sends the whole call-up once, then only the rows that changed.
import { createAttendanceCard } from './page-attendance.js';
import { figureCounts, needLine, statusBadges } from './page-now.js';

const ANSWERS = ['yes', 'late', 'no', 'waiting', 'none'];
const COLUMNS = ['name', 'specialty', 'province', 'answer', 'eta', 'answered_at', 'mobile'];
/** More rows than this are counted, not drawn: a phone would stall on thousands. */
const MAX_ROWS = 400;

function sortValue(row, column) {
  if (column === 'answer') return ANSWERS.indexOf(row.answer);
  if (column === 'eta') return row.etaMinutes ?? -1;
  if (column === 'answered_at') return row.answeredAt ?? '';
  return row[column] ?? '';
}

const UPDATABLE = ['meetingPoint', 'contact', 'description'];

/**
 * The board's actions, built once (a live update must not wipe a message being typed); `update` shows the ones the
 * call-up's state allows, as the chat's board does.
 */
function createActionBar(kit, id) {
  const run = async (action, body, confirmKey) => {
    if (confirmKey && !confirm(kit.t(confirmKey))) return false;
    const { status, body: result } = await kit.postJson(`api/callups/${id}/actions/${action}`, body);
    if (status !== 200) {
      kit.toast(kit.t('actions.failed', { reason: result.message ?? result.error }));
      return false;
    }
    const done = { n: result.sent ?? result.invited ?? result.told ?? 0, provinces: result.provinces ?? 0 };
    kit.toast(kit.t(`actions.done_${action}`, done));
    return true;
  };
  const button = (action, label, onclick, extra = {}) =>
    kit.el('button', { type: 'button', 'data-action': action, text: kit.t(label), onclick, ...extra });
  const text = kit.el('textarea', { id: 'message-text', placeholder: kit.t('actions.message_placeholder') });
  const send = button(
    'message',
    'actions.send',
    async () => {
      if (text.value.trim() && (await run('message', { text: text.value }))) text.value = '';
    },
    { class: 'primary' },
  );
  const field = kit.el(
    'select',
    { id: 'update-field' },
    ...UPDATABLE.map((name) => kit.el('option', { value: name, text: kit.t(`actions.fields.${name}`) })),
  );
  const value = kit.el('input', { id: 'update-value', type: 'text', placeholder: kit.t('actions.update_placeholder') });
  const update = button('update', 'actions.update', async () => {
    if (value.value.trim() && (await run('update', { field: field.value, text: value.value }))) value.value = '';
  });
  const extend = button('extend', 'actions.extend', () => run('extend', {}, 'actions.confirm_extend'));
  const close = button('close', 'actions.close', () => run('close', {}, 'actions.confirm_close'));
  const cancel = button('cancel', 'actions.cancel', () => run('cancel', {}, 'actions.confirm_cancel'), {
    class: 'danger',
  });
  // As on the chat's board: messaging stays after the event, until a cancellation; the rest only while it runs.
  const running = [field, value, update, cancel];
  const node = kit.el(
    'section',
    { class: 'card actions', id: 'actions' },
    text,
    send,
    field,
    value,
    update,
    extend,
    close,
    cancel,
    kit.el('a', { href: `api/callups/${id}/export.csv`, download: true, text: kit.t('actions.export_csv') }),
    kit.el('a', { href: `api/callups/${id}/export.xlsx`, download: true, text: kit.t('actions.export_xlsx') }),
  );
  return {
    node,
    update(header) {
      const open = !header.ended && header.status !== 'cancelled';
      for (const element of running) element.hidden = !open;
      for (const element of [text, send]) element.hidden = header.status === 'cancelled';
      extend.hidden = !(open && header.status === 'open' && !header.extended);
      close.hidden = !(open && header.status !== 'closed');
    },
  };
}

const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';

/** A mobile as the bot shows it (0912 345 6789, Persian digits in Persian), dialled by a tap on a phone. */
function mobileLink(kit, e164) {
  const local = e164.startsWith('+98') ? `0${e164.slice(3)}` : e164;
  const grouped = local.length === 11 ? `${local.slice(0, 4)} ${local.slice(4, 7)} ${local.slice(7)}` : local;
  const text = kit.me.locale === 'fa' ? grouped.replace(/[0-9]/g, (d) => PERSIAN_DIGITS[Number(d)]) : grouped;
  return kit.el('a', { href: `tel:${e164}`, dir: 'ltr', text });
}

function rowOf(kit, row) {
  const eta =
    row.answer === 'late' && row.etaMinutes !== null
      ? kit.t('callup.eta_minutes', { n: row.etaMinutes })
      : row.answer === 'yes'
        ? kit.t('callup.on_time')
        : '';
  const answeredAt = row.answeredAt
    ? new Intl.DateTimeFormat(kit.me.locale === 'fa' ? 'fa-IR' : 'en-GB', {
        timeStyle: 'short',
        timeZone: 'Asia/Tehran',
      }).format(new Date(row.answeredAt))
    : '';
  return kit.el(
    'tr',
    { 'data-row-id': row.id, 'data-answer': row.answer },
    kit.el('td', {
      text: row.relayedBy ? `${row.name} ${kit.t('callup.relayed', { base: row.relayedBy })}` : row.name,
    }),
    kit.el('td', { text: row.specialty }),
    kit.el('td', { class: 'hide-narrow', text: row.province }),
    kit.el('td', { text: kit.t(`callup.answers.${row.answer}`) }),
    kit.el('td', { text: eta }),
    kit.el('td', { class: 'hide-narrow', text: answeredAt }),
    row.mobile
      ? kit.el('td', { class: 'mobile' }, mobileLink(kit, row.mobile))
      : kit.el('td', { class: 'mobile', text: kit.t('callup.hidden') }),
  );
}

export function showCallUp(kit, id) {
  const state = {
    header: null,
    figures: null,
    rows: new Map(),
    sort: { column: 'answer', direction: 1 },
    filter: 'all',
    search: '',
  };
  const summary = kit.el('section', { class: 'card', id: 'summary' });
  const actionBar = createActionBar(kit, id);
  const actions = actionBar.node;
  const attendance = createAttendanceCard(kit, id);
  const filter = kit.el(
    'select',
    {
      id: 'answer-filter',
      onchange: () => {
        state.filter = filter.value;
        drawRows();
      },
    },
    kit.el('option', { value: 'all', text: kit.t('callup.filter_all') }),
    ...ANSWERS.map((answer) => kit.el('option', { value: answer, text: kit.t(`callup.answers.${answer}`) })),
  );
  const search = kit.el('input', {
    type: 'search',
    id: 'search',
    placeholder: kit.t('callup.search'),
    oninput: () => {
      state.search = search.value.trim();
      drawRows();
    },
  });
  const count = kit.el('span', { class: 'meta', id: 'row-count' });
  const headRow = kit.el(
    'tr',
    {},
    ...COLUMNS.map((column) =>
      kit.el('th', {
        'data-column': column,
        class: ['province', 'answered_at'].includes(column) ? 'hide-narrow' : undefined,
        text: kit.t(`callup.columns.${column}`),
        onclick: () => sortBy(column),
      }),
    ),
  );
  const body = kit.el('tbody', { id: 'people' });
  kit.main.append(
    summary,
    actions,
    attendance.node,
    kit.el('div', { class: 'toolbar' }, filter, search, count),
    kit.el('div', { class: 'table-wrap' }, kit.el('table', {}, kit.el('thead', {}, headRow), body)),
  );

  const sortBy = (column) => {
    state.sort = { column, direction: state.sort.column === column ? -state.sort.direction : 1 };
    drawRows();
  };
  function drawRows() {
    const { column, direction } = state.sort;
    const rows = [...state.rows.values()]
      .filter(
        (row) =>
          (state.filter === 'all' || row.answer === state.filter) && (!state.search || row.name.includes(state.search)),
      )
      .sort((a, b) => {
        const x = sortValue(a, column);
        const y = sortValue(b, column);
        return (x < y ? -1 : x > y ? 1 : 0) * direction || a.name.localeCompare(b.name);
      });
    for (const th of headRow.children) {
      th.setAttribute(
        'aria-sort',
        th.dataset.column === column ? (direction > 0 ? 'ascending' : 'descending') : 'none',
      );
    }
    count.textContent = kit.t('callup.rows', { n: rows.length });
    body.replaceChildren(...rows.slice(0, MAX_ROWS).map((row) => rowOf(kit, row)));
  }
  let scheduled = false;
  const draw = () => {
    scheduled = false;
    const { header, figures } = state;
    summary.replaceChildren(
      kit.el('h2', { id: 'callup-title' }, header.title, ...statusBadges(kit, header)),
      kit.el('div', { class: 'meta', text: `${header.province} · ${header.startsAt} – ${header.endsAt}` }),
      ...figures.needs.map((need) => needLine(kit, need)),
      figureCounts(kit, figures),
    );
    actionBar.update(header);
    void attendance.update(header);
    drawRows();
  };

  const events = new EventSource(`api/callups/${id}/events`);
  events.onmessage = (event) => {
    const change = JSON.parse(event.data);
    if (change.full) state.rows.clear();
    for (const row of change.rows) state.rows.set(row.id, row);
    for (const id of change.removed) state.rows.delete(id);
    state.header = change.header;
    state.figures = change.figures;
    // Many changes a second are drawn once per frame.
    if (!scheduled) requestAnimationFrame(draw);
    scheduled = true;
  };
  events.onopen = () => kit.setLive(true);
  events.onerror = async () => {
    kit.setLive(false);
    if (events.readyState === EventSource.CLOSED && (await kit.stillSignedIn())) {
      summary.replaceChildren(kit.el('p', { class: 'empty', id: 'not-found', text: kit.t('errors.not_found') }));
    }
  };
  return () => events.close();
}
