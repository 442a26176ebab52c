// Draws Bot API text with its entities as DOM nodes. Text only ever becomes text nodes: nothing the bot sent is
// parsed as HTML, so a message cannot inject markup or script into the page.

const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'tg:', 'mailto:', 'tel:']);

/** A link target the page may open, or undefined for javascript:, data: and the like. */
export function safeUrl(url) {
  try {
    const parsed = new URL(url);
    return SAFE_PROTOCOLS.has(parsed.protocol) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `text` with `entities` (UTF-16 offsets, as the Bot API counts and as JavaScript strings index) as a fragment.
 * Entities nest; one that overlaps another partially is cut at its parent's end. `onCommand` makes /commands clickable.
 */
export function renderFormatted(text, entities = [], options = {}) {
  const given = options.autoLink ? [...entities, ...autoEntities(text, entities)] : entities;
  const sorted = given
    .filter((e) => Number.isInteger(e.offset) && Number.isInteger(e.length) && e.length > 0)
    .map((e) => ({ ...e, end: Math.min(e.offset + e.length, text.length) }))
    .filter((e) => e.offset < e.end)
    .sort((a, b) => a.offset - b.offset || b.end - a.end);
  return build(text, 0, text.length, sorted, options);
}

/**
 * Commands and links in plain text, as the messenger's own client marks them (a Bale bot sends no entities at all).
 * Only where the bot marked nothing itself.
 */
function autoEntities(text, entities) {
  const found = [];
  const patterns = [
    ['url', /https?:\/\/[^\s<>«»"]+[^\s<>«»".,،:;؛!?)]/g],
    ['bot_command', /(?<=^|[\s(«])\/[A-Za-z0-9_]{1,32}(?=$|[\s.,،:;؛!?)»])/g],
  ];
  for (const [type, pattern] of patterns) {
    for (const match of text.matchAll(pattern)) {
      const offset = match.index;
      const end = offset + match[0].length;
      const overlaps = [...entities, ...found].some((e) => offset < e.offset + e.length && e.offset < end);
      if (!overlaps) found.push({ type, offset, length: match[0].length });
    }
  }
  return found;
}

function build(text, start, end, entities, options) {
  const fragment = document.createDocumentFragment();
  let position = start;
  let i = 0;
  while (i < entities.length) {
    const entity = entities[i];
    const entityStart = Math.max(entity.offset, position);
    const entityEnd = Math.min(entity.end, end);
    const children = [];
    let j = i + 1;
    while (j < entities.length && entities[j].offset < entity.end) {
      children.push({ ...entities[j], end: Math.min(entities[j].end, entityEnd) });
      j++;
    }
    if (entityStart < entityEnd) {
      if (entityStart > position) fragment.append(text.slice(position, entityStart));
      const element = elementFor(entity, text.slice(entityStart, entityEnd), options);
      element.append(build(text, entityStart, entityEnd, children, options));
      fragment.append(element);
      position = entityEnd;
    }
    i = j;
  }
  if (position < end) fragment.append(text.slice(position, end));
  return fragment;
}

function link(href, className) {
  const a = document.createElement('a');
  if (href) {
    a.href = href;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
  }
  if (className) a.className = className;
  return a;
}

function elementFor(entity, content, options) {
  switch (entity.type) {
    case 'bold':
      return document.createElement('strong');
    case 'italic':
      return document.createElement('em');
    case 'underline':
      return document.createElement('u');
    case 'strikethrough':
      return document.createElement('s');
    case 'code':
      return document.createElement('code');
    case 'pre': {
      const pre = document.createElement('pre');
      if (entity.language) pre.dataset.language = entity.language;
      return pre;
    }
    case 'blockquote':
    case 'expandable_blockquote':
      return document.createElement('blockquote');
    case 'spoiler': {
      const span = document.createElement('span');
      span.className = 'spoiler';
      span.title = options.spoilerTitle ?? '';
      span.addEventListener('click', () => span.classList.add('revealed'), { once: true });
      return span;
    }
    case 'text_link':
      return link(safeUrl(entity.url ?? ''));
    case 'url': {
      const a = link(safeUrl(/^[a-z][a-z0-9+.-]*:/i.test(content) ? content : `http://${content}`));
      a.dir = 'ltr';
      return a;
    }
    case 'email':
      return link(safeUrl(`mailto:${content}`));
    case 'phone_number':
      return link(safeUrl(`tel:${content.replace(/[^\d+]/g, '')}`));
    case 'bot_command': {
      const a = link(undefined, 'command');
      a.href = '#';
      // Isolated left-to-right, or the slash of «/start» jumps to the other end inside Persian text.
      a.dir = 'ltr';
      a.addEventListener('click', (event) => {
        event.preventDefault();
        options.onCommand?.(content);
      });
      return a;
    }
    case 'mention':
    case 'text_mention': {
      const span = document.createElement('span');
      span.className = 'mention';
      return span;
    }
    case 'hashtag':
    case 'cashtag': {
      const span = document.createElement('span');
      span.className = 'hashtag';
      return span;
    }
    default:
      return document.createElement('span');
  }
}
