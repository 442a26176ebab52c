import { describe, expect, it } from 'vitest';
import {
  BOARD_ACTIONS,
  boardData,
  callUpExportData,
  cardData,
  parseBoardData,
  parseCardData,
  parseSendData,
  sendData,
} from '../../../src/domain/callups/callback-data.ts';

const ID = 'k3x9a2bq';

describe('call-up callback data', () => {
  it('when every card action is encoded, then it reads back the same and fits in 64 bytes', () => {
    const actions = [
      { kind: 'yes' },
      { kind: 'late' },
      { kind: 'no' },
      { kind: 'change' },
      { kind: 'eta', minutes: 120 },
      { kind: 'reconfirm', coming: false },
    ] as const;
    for (const action of actions) {
      for (const card of [0, 3, 999_999]) {
        const data = cardData(ID, action, card);
        expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
        expect(parseCardData(data)).toEqual({ callUpId: ID, action, card });
      }
    }
  });

  it('when data names no card version, then it is the first card, as on cards sent before versions', () => {
    expect(cardData(ID, { kind: 'yes' })).toBe(`cu:y:${ID}`);
    expect(parseCardData(`cu:y:${ID}`)).toEqual({ callUpId: ID, action: { kind: 'yes' }, card: 0 });
  });

  it('when card data is forged or garbled, then it is not read at all', () => {
    for (const data of [
      'cu:y:short',
      'cu:zz:k3x9a2bq',
      'cu:e45:k3x9a2bq',
      'cu:y:K3X9A2BQ',
      'cu:y:k3x9a2bq:x',
      'cu:y:k3x9a2bq:1234567',
      'xx',
    ]) {
      expect(parseCardData(data)).toBeUndefined();
    }
  });

  it('when board data carries a row number, then it reads back; unknown actions are refused', () => {
    expect(parseBoardData(boardData(ID, 'attend', 12))).toEqual({ callUpId: ID, action: 'attend', n: 12 });
    expect(parseBoardData(boardData(ID, 'cancel_yes'))).toEqual({ callUpId: ID, action: 'cancel_yes' });
    expect(parseBoardData('cb:zz:k3x9a2bq')).toBeUndefined();
  });

  it('when any board button is encoded, the answer files included, then it fits in 64 bytes', () => {
    const all = [
      ...BOARD_ACTIONS.map((action) => boardData(ID, action, 9999)),
      callUpExportData(ID, 'csv'),
      callUpExportData(ID, 'xlsx'),
    ];
    for (const data of all) expect(Buffer.byteLength(data), data).toBeLessThanOrEqual(64);
    expect(callUpExportData(ID, 'xlsx')).toBe(`xc:xlsx:${ID}`);
  });

  it("when a preview's send button names its draft, then the draft id reads back and anything else reads as nothing", () => {
    expect(parseSendData(sendData(ID))).toBe(ID);
    expect(Buffer.byteLength(sendData(ID))).toBeLessThanOrEqual(64);
    expect(parseSendData('cs:short')).toBeUndefined();
    expect(parseSendData('cs:K3X9A2BQ')).toBeUndefined();
    expect(parseSendData(`cb:rf:${ID}`)).toBeUndefined();
  });
});
