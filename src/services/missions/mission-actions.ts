/**
 * Callback data of the mission buttons outside any flow: each carries the mission id and acts on what is stored
 * now, so a late or repeated tap is safe. Volunteers: `mi:<action>:<id>`; the coordinator's board:
 * `mb:<action>:<id>[:<volunteer key>]`.
 */
export const MISSION_CARD = { volunteer: 'mi:y:', decline: 'mi:n:', withdraw: 'mi:w:' } as const;
export const MISSION_BOARD = {
  refresh: 'mb:r:',
  toggle: 'mb:t:',
  confirm: 'mb:c:',
  next: 'mb:s:',
  export: 'mb:x:',
} as const;

/** The call-up wizard's first question carries this: a mission instead of a shift. */
export const NEW_MISSION = 'ms:new';
