// Missions: the viewer's open missions (on the Now page) and one mission's shortlist, where the coordinator selects
// or unselects each person and then sends the confirmations, as on the chat's board.

/** One mission's heading: title, where, when, and the board's counts. */
function missionHeading(kit, mission, titleNode) {
  return [
    kit.el(
      'h2',
      {},
      titleNode,
      mission.confirmationsSent
        ? kit.el('span', { class: 'badge closed', 'data-status': 'sent', text: kit.t('mission.sent') })
        : null,
    ),
    kit.el('div', {
      class: 'meta',
      text: kit.t('mission.when', {
        destination: mission.destination,
        from: mission.from,
        to: mission.to,
        days: mission.days,
      }),
    }),
    kit.el(
      'div',
      { class: 'counts' },
      kit.el('span', { 'data-count': 'invited', text: kit.t('mission.invited', { n: mission.invited }) }),
      kit.el('span', { 'data-count': 'listed', text: kit.t('mission.listed', { n: mission.listed }) }),
      kit.el('span', { 'data-count': 'selected', text: kit.t('mission.selected', { n: mission.selected }) }),
      kit.el('span', { 'data-count': 'declined', text: kit.t('mission.declined', { n: mission.declined }) }),
    ),
  ];
}

/** The Now page's list of the viewer's open missions, each linking to its shortlist. */
export async function missionList(kit) {
  const section = kit.el('section', { id: 'missions' });
  const { status, body } = await kit.getJson('api/missions');
  if (status !== 200 || body.missions.length === 0) return section;
  const cards = body.missions.map((mission) => {
    const title = kit.el('a', { class: 'title', href: `#/mission/${mission.id}`, text: mission.title });
    return kit.el('article', { class: 'card', 'data-mission': mission.id }, ...missionHeading(kit, mission, title));
  });
  section.append(kit.el('h2', { text: kit.t('mission.list_title') }), kit.el('div', { class: 'cards' }, ...cards));
  return section;
}

/** One shortlisted person: the export's fields, and the select / unselect button while nothing was sent. */
function personRow(kit, page, row, act) {
  const open = !page.mission.confirmationsSent;
  const selected = row.state === 'selected';
  const toggle = kit.el('button', {
    type: 'button',
    'data-action': 'toggle',
    class: selected ? 'primary' : undefined,
    'aria-pressed': String(selected),
    text: kit.t(selected ? 'mission.unselect' : 'mission.select'),
    onclick: () => act('toggle', { row: row.id }),
  });
  return kit.el(
    'tr',
    { 'data-row-id': row.id, 'data-state': row.state },
    kit.el('td', {}, open && ['volunteered', 'selected'].includes(row.state) ? toggle : null),
    ...row.cells.map((cell, i) => kit.el('td', { 'data-column': page.columns[i], text: cell })),
  );
}

export async function showMission(kit, id) {
  const summary = kit.el('section', { class: 'card', id: 'mission-summary' });
  const confirmButton = kit.el('button', { type: 'button', class: 'primary', 'data-action': 'confirm' });
  const actions = kit.el('section', { class: 'card actions', id: 'mission-actions' }, confirmButton);
  const head = kit.el('tr');
  const body = kit.el('tbody', { id: 'shortlist' });
  kit.main.append(
    summary,
    actions,
    kit.el('div', { class: 'table-wrap' }, kit.el('table', {}, kit.el('thead', {}, head), body)),
  );
  const draw = (page) => {
    summary.replaceChildren(
      ...missionHeading(kit, page.mission, kit.el('span', { id: 'mission-title', text: page.mission.title })),
    );
    head.replaceChildren(
      kit.el('th'),
      ...page.columns.map((c) => kit.el('th', { text: kit.t(`mission.columns.${c}`) })),
    );
    body.replaceChildren(
      ...(page.rows.length === 0
        ? [kit.el('tr', {}, kit.el('td', { class: 'empty', text: kit.t('mission.empty') }))]
        : page.rows.map((row) => personRow(kit, page, row, act))),
    );
    confirmButton.textContent = kit.t('mission.confirm', { n: page.mission.selected });
    // As on the chat's board: offered once someone is selected, and only until the confirmations went out.
    actions.hidden = page.mission.confirmationsSent || page.mission.selected === 0;
  };
  const act = async (action, payload) => {
    const { status, body: result } = await kit.postJson(`api/missions/${id}/actions/${action}`, payload);
    if (status !== 200) return kit.toast(kit.t(`mission.errors.${result.error}`));
    if (action === 'confirm') kit.toast(kit.t('mission.done_confirm', result));
    draw(result);
  };
  confirmButton.addEventListener('click', () => {
    if (confirm(kit.t('mission.confirm_sure'))) void act('confirm', {});
  });
  const { status, body: page } = await kit.getJson(`api/missions/${id}`);
  if (status !== 200) {
    actions.hidden = true;
    summary.replaceChildren(kit.el('p', { class: 'empty', id: 'not-found', text: kit.t('mission.not_found') }));
    return;
  }
  draw(page);
}
