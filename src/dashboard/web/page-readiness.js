// Readiness: Iran's 31 provinces as a tile map (one tile per province, placed roughly where it lies, west on the
// left; drawn here, no map data or tiles from elsewhere), coloured by available volunteers of one specialty or all.
// The viewer's provinces are outlined; provinces outside their scope are grey and show no count.

/** Column and row of each province's tile. */
const TILES = {
  east_azerbaijan: [1, 0],
  ardabil: [2, 0],
  west_azerbaijan: [0, 1],
  zanjan: [1, 1],
  gilan: [2, 1],
  mazandaran: [3, 1],
  golestan: [4, 1],
  north_khorasan: [5, 1],
  kurdistan: [0, 2],
  qazvin: [1, 2],
  alborz: [2, 2],
  tehran: [3, 2],
  semnan: [4, 2],
  razavi_khorasan: [5, 2],
  kermanshah: [0, 3],
  hamadan: [1, 3],
  markazi: [2, 3],
  qom: [3, 3],
  ilam: [0, 4],
  lorestan: [1, 4],
  isfahan: [2, 4],
  yazd: [3, 4],
  south_khorasan: [5, 4],
  khuzestan: [0, 5],
  chaharmahal_bakhtiari: [1, 5],
  kohgiluyeh_boyerahmad: [2, 5],
  kerman: [4, 5],
  sistan_baluchestan: [5, 5],
  bushehr: [1, 6],
  fars: [2, 6],
  hormozgan: [3, 6],
};
const W = 120;
const H = 74;
const SVG = 'http://www.w3.org/2000/svg';
const SHADES = ['#f0fdfa', '#ccfbf1', '#99f6e4', '#5eead4', '#2dd4bf', '#14b8a6', '#0f766e'];

const svgEl = (tag, attributes = {}, text) => {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
};

function shadeOf(count, max) {
  if (count === 0 || max === 0) return SHADES[0];
  return SHADES[Math.max(1, Math.ceil((count / max) * (SHADES.length - 1)))];
}

function drawMap(kit, data, specialty) {
  const countOf = (p) =>
    specialty === 'all' ? Object.values(p.counts).reduce((a, b) => a + b, 0) : (p.counts[specialty] ?? 0);
  const max = Math.max(0, ...data.provinces.filter((p) => p.inScope).map(countOf));
  const svg = svgEl('svg', { viewBox: `0 0 ${6 * W} ${7 * H}`, role: 'img', 'aria-label': kit.t('readiness.title') });
  for (const province of data.provinces) {
    const [column, row] = TILES[province.code] ?? [6, 6];
    const count = countOf(province);
    const group = svgEl('g', {
      class: province.inScope ? 'in-scope' : 'out',
      'data-province': province.code,
      ...(province.inScope ? { 'data-count': String(count) } : {}),
    });
    const x = column * W;
    const y = row * H;
    group.append(
      svgEl('rect', {
        x: x + 2,
        y: y + 2,
        width: W - 4,
        height: H - 4,
        rx: 8,
        fill: province.inScope ? shadeOf(count, max) : '#e5e7eb',
      }),
      svgEl('text', { x: x + W / 2, y: y + 26 }, province.name),
    );
    if (province.inScope) group.append(svgEl('text', { x: x + W / 2, y: y + 52, class: 'count' }, kit.num(count)));
    group.append(
      svgEl(
        'title',
        {},
        province.inScope
          ? kit.t('readiness.count', { name: province.name, n: count })
          : `${province.name}: ${kit.t('readiness.out_of_scope')}`,
      ),
    );
    svg.append(group);
  }
  return svg;
}

export async function showReadiness(kit) {
  const { body } = await kit.getJson('api/readiness');
  const picker = kit.el(
    'select',
    { id: 'specialty' },
    kit.el('option', { value: 'all', text: kit.t('readiness.all_specialties') }),
    ...body.specialties.map((s) => kit.el('option', { value: s.code, text: s.label })),
  );
  const map = kit.el('div', { class: 'map', id: 'map' });
  const legend = kit.el(
    'div',
    { class: 'legend' },
    kit.t('readiness.legend_none'),
    ...SHADES.map((shade) => {
      const swatch = kit.el('i');
      swatch.style.background = shade;
      return swatch;
    }),
    kit.t('readiness.legend_many'),
    ' · ',
    kit.t('readiness.out_of_scope'),
  );
  const draw = () => map.replaceChildren(drawMap(kit, body, picker.value));
  picker.addEventListener('change', draw);
  kit.main.append(
    kit.el(
      'section',
      { class: 'card' },
      kit.el('h2', { text: kit.t('readiness.title') }),
      kit.el('div', { class: 'toolbar' }, picker),
      map,
      legend,
    ),
  );
  draw();
}
