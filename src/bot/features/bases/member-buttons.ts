/** A volunteer's base buttons: `bj:<action>[:<base id>]`. */
export const MEMBER = {
  mine: 'bj:mine',
  find: 'bj:find',
  skip: 'bj:skip',
  leave: 'bj:leave',
  join: 'bj:join:',
} as const;
