import type { Connection } from 'mongoose';
import { registerAnnouncementProgressModel } from './announcement-progress.model.ts';
import { registerAuditEntryModel } from './audit-entry.model.ts';
import { registerCallUpModel, registerCallUpSeatModel } from './callup.model.ts';
import {
  registerCallUpAnswerModel,
  registerCallUpLastCardModel,
  registerServedHoursModel,
} from './callup-answer.model.ts';
import { registerCoordinatorModel } from './coordinator.model.ts';
import { registerDeliveryModel } from './delivery.model.ts';
import { registerDeliveryCancellationModel } from './delivery-cancellation.model.ts';
import { registerDeliveryClaimModel } from './delivery-claim.model.ts';
import { registerDeliveryResultModel } from './delivery-result.model.ts';
import { registerDeliverySenderModel } from './delivery-sender.model.ts';
import { registerDeliverySenderTermModel } from './delivery-sender-term.model.ts';
import { registerDocumentLockModel } from './document-lock.model.ts';
import { registerInviteModel, registerInviteRedemptionModel } from './invite.model.ts';
import { registerJobRunModel } from './job-run.model.ts';
import { registerMessageModel } from './message.model.ts';
import { registerProcessedUpdateModel } from './processed-update.model.ts';
import { registerSessionModel } from './session.model.ts';
import { registerUpdateReceiverModel } from './update-receiver.model.ts';
import { registerUserModel } from './user.model.ts';
import { registerVolunteerModel } from './volunteer.model.ts';

// A feature adds its model with one line here (plus its import); `Models` follows.
const registrars = {
  users: registerUserModel,
  sessions: registerSessionModel,
  processedUpdates: registerProcessedUpdateModel,
  messages: registerMessageModel,
  jobRuns: registerJobRunModel,
  volunteers: registerVolunteerModel,
  coordinators: registerCoordinatorModel,
  invites: registerInviteModel,
  inviteRedemptions: registerInviteRedemptionModel,
  auditEntries: registerAuditEntryModel,
  callUps: registerCallUpModel,
  callUpSeats: registerCallUpSeatModel,
  callUpAnswers: registerCallUpAnswerModel,
  callUpLastCards: registerCallUpLastCardModel,
  servedHours: registerServedHoursModel,
  documentLocks: registerDocumentLockModel,
  deliveries: registerDeliveryModel,
  deliveryClaims: registerDeliveryClaimModel,
  deliveryResults: registerDeliveryResultModel,
  deliveryCancellations: registerDeliveryCancellationModel,
  deliverySenders: registerDeliverySenderModel,
  deliverySenderTerms: registerDeliverySenderTermModel,
  announcementProgress: registerAnnouncementProgressModel,
  updateReceivers: registerUpdateReceiverModel,
};

export type Models = { readonly [K in keyof typeof registrars]: ReturnType<(typeof registrars)[K]> };

/** Registers every model on the given connection (not mongoose's global one, so tests can open several). */
export function registerModels(connection: Connection): Models {
  const entries = Object.entries(registrars).map(([name, register]) => [name, register(connection)]);
  return Object.fromEntries(entries) as Models;
}
