import { describe, expect, it } from 'vitest';
import type { Invitation } from '../../../src/domain/callups/invitation.ts';
import { invitationToKeep } from '../../../src/domain/identity/merged-invitation.ts';

type Compared = Pick<Invitation, 'answer' | 'answeredAt' | 'attended'>;
const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 10, minute));
const invitation = (answer: Invitation['answer'], minute: number | null, attended = false): Compared => ({
  answer,
  answeredAt: minute === null ? null : at(minute),
  attended,
});

describe("which of one person's two invitations to a call-up stays", () => {
  it('when one holds a seat, then it stays, whichever was answered later', () => {
    const seat = invitation('late', 1);
    expect(invitationToKeep(invitation('no', 9), seat)).toBe(seat);
    expect(invitationToKeep(seat, invitation('waiting', 9))).toBe(seat);
  });

  it('when one was attended, then it stays over a seat', () => {
    const attended = invitation('yes', 1, true);
    expect(invitationToKeep(invitation('yes', 9), attended)).toBe(attended);
  });

  it('when one is unanswered, then the answered one stays', () => {
    const answered = invitation('no', 3);
    expect(invitationToKeep(invitation('none', null), answered)).toBe(answered);
  });

  it("when both say as much, then the later answer stays, and the kept record's own on a tie", () => {
    const later = invitation('no', 8);
    expect(invitationToKeep(invitation('no', 2), later)).toBe(later);
    const own = invitation('none', null);
    expect(invitationToKeep(own, invitation('none', null))).toBe(own);
  });
});
