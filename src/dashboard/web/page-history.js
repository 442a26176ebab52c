// History: past call-ups of the last 90 days with time to fill, answer rate and drills, and their exports.
import { statusBadges } from './page-now.js';

export async function showHistory(kit) {
  const { body } = await kit.getJson('api/history');
  if (body.callUps.length === 0) {
    kit.main.append(kit.el('p', { class: 'empty', text: kit.t('history.empty') }));
    return;
  }
  const column = (key, narrow) =>
    kit.el('th', { class: narrow ? 'hide-narrow' : undefined, text: kit.t(`history.columns.${key}`) });
  const exportLinks = (id) =>
    ['csv', 'xlsx'].map((format) =>
      kit.el('a', { href: `api/callups/${id}/export.${format}`, download: true, text: format.toUpperCase() }),
    );
  // A drill is scored per specialty: how many it found and how fast.
  const drillScore = (c) =>
    c.drill
      ? c.specialties.map((s) =>
          kit.el('div', {
            class: 'meta',
            'data-score': s.specialty,
            text: kit.t('history.drill_score', {
              ...s,
              time:
                s.minutesToFill === null
                  ? kit.t('history.not_filled')
                  : kit.t('history.minutes', { n: s.minutesToFill }),
            }),
          }),
        )
      : [];
  const row = (c) =>
    kit.el(
      'tr',
      { 'data-callup': c.id },
      kit.el(
        'td',
        {},
        kit.el('a', { href: `#/callup/${c.id}`, text: c.title }),
        ...statusBadges(kit, c),
        ...drillScore(c),
      ),
      kit.el('td', { class: 'hide-narrow', text: c.createdAt }),
      kit.el('td', { text: `${kit.num(c.confirmed)} / ${kit.num(c.needed)}` }),
      kit.el('td', {
        text: c.minutesToFill === null ? kit.t('history.not_filled') : kit.t('history.minutes', { n: c.minutesToFill }),
      }),
      kit.el('td', {
        text: c.answerRate === null ? '—' : kit.t('history.percent', { n: Math.round(c.answerRate * 100) }),
      }),
      kit.el('td', { class: 'hide-narrow' }, ...exportLinks(c.id).flatMap((a) => [a, ' '])),
    );
  kit.main.append(
    kit.el(
      'div',
      { class: 'table-wrap' },
      kit.el(
        'table',
        { id: 'history' },
        kit.el(
          'thead',
          {},
          kit.el(
            'tr',
            {},
            column('title'),
            column('created', true),
            column('filled'),
            column('time_to_fill'),
            column('answer_rate'),
            column('export', true),
          ),
        ),
        kit.el('tbody', {}, ...body.callUps.map(row)),
      ),
    ),
  );
}
