// After the event, on the call-up page: who came, marked one by one, then saved so each gets the event's hours.
// The same service as the chat's attendance buttons; a volunteer already credited stays marked.

/** The card, hidden until the call-up has ended (and never for a cancelled one, as on the chat's board). */
export function createAttendanceCard(kit, id) {
  const list = kit.el('ul', { class: 'attendance', id: 'attendance-list' });
  const marked = kit.el('span', { class: 'meta', id: 'attendance-marked' });
  let rows = [];
  let loaded = false;

  const failed = (result) => kit.toast(kit.t('actions.failed', { reason: result.message ?? result.error }));
  const draw = () => {
    list.replaceChildren(...rows.map(rowOf));
    marked.textContent = kit.t('attendance.marked', {
      marked: rows.filter((row) => row.attended).length,
      total: rows.length,
    });
  };
  const toggle = async (index) => {
    const { status, body } = await kit.postJson(`api/callups/${id}/actions/attend`, { index });
    if (status !== 200) return failed(body);
    rows = body.attendance;
    draw();
  };
  const rowOf = (row) =>
    kit.el(
      'li',
      { 'data-index': String(row.index), 'data-attended': String(row.attended) },
      kit.el(
        'label',
        {},
        kit.el('input', {
          type: 'checkbox',
          checked: row.attended,
          disabled: row.credited,
          onchange: () => toggle(row.index),
        }),
        ` ${row.name} — ${row.specialty}`,
        row.relayedBy ? ` ${kit.t('callup.relayed', { base: row.relayedBy })}` : '',
        row.credited ? kit.el('span', { class: 'badge', text: kit.t('attendance.credited') }) : null,
      ),
    );
  const save = kit.el('button', {
    type: 'button',
    class: 'primary',
    'data-action': 'attend_save',
    text: kit.t('attendance.save'),
    onclick: async () => {
      const { status, body } = await kit.postJson(`api/callups/${id}/actions/attend_save`, {});
      if (status !== 200) return failed(body);
      rows = body.attendance;
      draw();
      kit.toast(kit.t('attendance.saved', { n: body.credited, hours: body.hours }));
    },
  });
  const node = kit.el(
    'section',
    { class: 'card', id: 'attendance', hidden: true },
    kit.el('h3', { text: kit.t('attendance.title') }),
    kit.el('p', { class: 'meta', text: kit.t('attendance.hint') }),
    list,
    kit.el('div', { class: 'toolbar' }, save, marked),
  );

  return {
    node,
    async update(header) {
      const open = header.ended && header.status !== 'cancelled';
      node.hidden = !open;
      if (!open || loaded) return;
      loaded = true;
      try {
        const { status, body } = await kit.getJson(`api/callups/${id}/attendance`);
        if (status !== 200) return failed(body);
        rows = body.attendance;
        draw();
      } catch (error) {
        // Signed out: the page already says how to sign in again.
        if (error?.message !== 'signed out') kit.toast(String(error?.message ?? error));
      }
    },
  };
}
