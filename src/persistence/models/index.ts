import type { Connection, Schema } from 'mongoose';
import { announcementProgressSchema } from './announcement-progress.model.ts';
import { auditEntrySchema } from './audit-entry.model.ts';
import { baseSchema } from './base.model.ts';
import { baseMemberSchema, leaderInviteSchema, offlineMemberSchema } from './base-people.model.ts';
import { callUpPicksSchema, callUpSchema, callUpSeatSchema } from './callup.model.ts';
import { callUpAnswerSchema, callUpLastCardSchema, servedHoursSchema } from './callup-answer.model.ts';
import { coordinatorSchema } from './coordinator.model.ts';
import { dashboardLinkSchema, dashboardLinkUseSchema, dashboardSessionSchema } from './dashboard-access.model.ts';
import { deliverySchema } from './delivery.model.ts';
import { deliveryCancellationSchema } from './delivery-cancellation.model.ts';
import { deliveryClaimSchema } from './delivery-claim.model.ts';
import { deliveryResultSchema } from './delivery-result.model.ts';
import { deliverySenderSchema } from './delivery-sender.model.ts';
import { deliverySenderTermSchema } from './delivery-sender-term.model.ts';
import { documentLockSchema } from './document-lock.model.ts';
import { duplicatePairSchema, mobileOwnersSchema } from './identity.model.ts';
import { inviteRedemptionSchema, inviteSchema } from './invite.model.ts';
import { jobRunSchema } from './job-run.model.ts';
import { messageSchema } from './message.model.ts';
import { missionAnswerSchema, missionSchema } from './mission.model.ts';
import { missionHoursSchema, missionPledgeSchema } from './mission-pledge.model.ts';
import { processedUpdateSchema } from './processed-update.model.ts';
import { oneTimeCodeSchema, platformHealthSchema, smsInboundSchema, smsMessageSchema } from './reach.model.ts';
import { sessionSchema } from './session.model.ts';
import { updateReceiverSchema } from './update-receiver.model.ts';
import { userSchema } from './user.model.ts';
import { volunteerSchema } from './volunteer.model.ts';

/** Binds a model's name to its schema; `registerModels` registers it on a connection. */
const model =
  <Doc>(name: string, schema: Schema<Doc>) =>
  (connection: Connection) =>
    connection.model<Doc>(name, schema);

// A feature adds its model with one line here (plus its import); `Models` follows.
const registrars = {
  users: model('User', userSchema),
  sessions: model('Session', sessionSchema),
  processedUpdates: model('ProcessedUpdate', processedUpdateSchema),
  messages: model('Message', messageSchema),
  jobRuns: model('JobRun', jobRunSchema),
  volunteers: model('Volunteer', volunteerSchema),
  coordinators: model('Coordinator', coordinatorSchema),
  invites: model('Invite', inviteSchema),
  inviteRedemptions: model('InviteRedemption', inviteRedemptionSchema),
  auditEntries: model('AuditEntry', auditEntrySchema),
  callUps: model('CallUp', callUpSchema),
  callUpSeats: model('CallUpSeat', callUpSeatSchema),
  callUpPicks: model('CallUpPicks', callUpPicksSchema),
  callUpAnswers: model('CallUpAnswer', callUpAnswerSchema),
  callUpLastCards: model('CallUpLastCard', callUpLastCardSchema),
  servedHours: model('ServedHours', servedHoursSchema),
  documentLocks: model('DocumentLock', documentLockSchema),
  deliveries: model('Delivery', deliverySchema),
  deliveryClaims: model('DeliveryClaim', deliveryClaimSchema),
  deliveryResults: model('DeliveryResult', deliveryResultSchema),
  deliveryCancellations: model('DeliveryCancellation', deliveryCancellationSchema),
  deliverySenders: model('DeliverySender', deliverySenderSchema),
  deliverySenderTerms: model('DeliverySenderTerm', deliverySenderTermSchema),
  announcementProgress: model('AnnouncementProgress', announcementProgressSchema),
  updateReceivers: model('UpdateReceiver', updateReceiverSchema),
  missionPledges: model('MissionPledge', missionPledgeSchema),
  missionHours: model('MissionHours', missionHoursSchema),
  missions: model('Mission', missionSchema),
  missionAnswers: model('MissionAnswer', missionAnswerSchema),
  dashboardLinks: model('DashboardLink', dashboardLinkSchema),
  dashboardLinkUses: model('DashboardLinkUse', dashboardLinkUseSchema),
  dashboardSessions: model('DashboardSession', dashboardSessionSchema),
  bases: model('Base', baseSchema),
  baseMembers: model('BaseMember', baseMemberSchema),
  offlineMembers: model('OfflineMember', offlineMemberSchema),
  leaderInvites: model('LeaderInvite', leaderInviteSchema),
  mobileOwners: model('MobileOwners', mobileOwnersSchema),
  duplicatePairs: model('DuplicatePair', duplicatePairSchema),
  smsMessages: model('SmsMessage', smsMessageSchema),
  smsInbound: model('SmsInbound', smsInboundSchema),
  oneTimeCodes: model('OneTimeCode', oneTimeCodeSchema),
  platformHealth: model('PlatformHealth', platformHealthSchema),
};

export type Models = { readonly [K in keyof typeof registrars]: ReturnType<(typeof registrars)[K]> };

/** Registers every model on the given connection (not mongoose's global one, so tests can open several). */
export function registerModels(connection: Connection): Models {
  const entries = Object.entries(registrars).map(([name, register]) => [name, register(connection)]);
  return Object.fromEntries(entries) as Models;
}
