/**
 * `npm run demo`: the whole app on a throwaway database, driven through the sandbox by a scripted conversation,
 * printed as a Persian transcript (who said what, which buttons were pressed). Labels come from the locale files,
 * so the script follows the bot's own wording.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { inlineButtonLabels, type Sandbox, startSandbox } from 'bot-api-sandbox';
import { type App, startApp } from '../src/app.ts';
import { type Config, parseConfig } from '../src/config.ts';
import { getProvince } from '../src/domain/reference/provinces.ts';
import { getSpecialty, getSpecialtyGroup } from '../src/domain/reference/specialties.ts';
import { createI18n } from '../src/i18n/index.ts';
import { createLogger } from '../src/logger.ts';
import { createCallUpRepository } from '../src/persistence/repositories/callup.repository.ts';
import { createCallUpAnswerRepository } from '../src/persistence/repositories/callup-answer.repository.ts';
import { createVolunteerRepository } from '../src/persistence/repositories/volunteer.repository.ts';
import people from './data/simulated-people.json' with { type: 'json' };
import { DemoActor } from './demo/demo-actor.ts';
import { startTranscript } from './demo/transcript.ts';
import { createCallUpInChat } from './scripts/create-callup.ts';

const TOKEN = '100002:demo-bale-token';
const COORDINATOR_ID = 1001;
const VOLUNTEER_ID = 2001;
/** How long the card (sent by the outbox) and the board's next edit may take. */
const CARD_TIMEOUT_MS = 20_000;

const out = (line: string) => process.stdout.write(`${line}\n`);
const i18n = await createI18n({ defaultLocale: 'fa' });
const t = i18n.fixedT('fa');

const dataDir = await mkdtemp(join(tmpdir(), 'nazr-demo-'));
const sandbox = await startSandbox({ limits: { perChatPerSecond: 1000, perChatBurst: 1000 } });
sandbox.addBot({ token: TOKEN, profile: 'bale', username: 'nazr_demo_bot' });
let app: App | undefined;
let exitCode = 0;
try {
  app = await startApp({
    config: demoConfig(sandbox.apiRoot, dataDir),
    logger: createLogger('error'),
    scheduler: false,
  });
  await play(sandbox, app);
} catch (error) {
  out(t('webchat:demo.failed', { reason: error instanceof Error ? error.message : String(error) }));
  exitCode = 1;
} finally {
  await app?.stop();
  await sandbox.close();
  await rm(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);

function demoConfig(apiRoot: string, dir: string): Config {
  const parsed = parseConfig({});
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return {
    ...parsed.config,
    platforms: [{ platform: 'bale', token: TOKEN, apiRoot, messagesPerSecond: 1000 }],
    // The sandbox's per-chat limits, lifted above: replies paced to Telegram's would read as the bot falling silent.
    perChatMessagesPerSecond: 1000,
    perChatBurst: 1000,
    sandbox: false,
    dataDir: dir,
    adminIds: [`bale:${COORDINATOR_ID}`],
    port: 0,
    logLevel: 'error',
  };
}

async function play(sandbox: Sandbox, app: App): Promise<void> {
  const volunteer = new DemoActor(
    sandbox,
    sandbox.user({ token: TOKEN, userId: VOLUNTEER_ID, ...people.demoVolunteer, languageCode: 'fa' }),
    people.demoVolunteer.firstName,
  );
  const coordinator = new DemoActor(
    sandbox,
    sandbox.user({ token: TOKEN, userId: COORDINATOR_ID, ...people.demoCoordinator, languageCode: 'fa' }),
    t('webchat:demo.coordinator_name', { name: people.demoCoordinator.firstName }),
  );
  const names = new Map([
    [VOLUNTEER_ID, volunteer.name],
    [COORDINATOR_ID, coordinator.name],
  ]);
  const stopTranscript = startTranscript(sandbox, TOKEN, (id) => names.get(id) ?? String(id), t, out);
  const scene = (key: string) => out(`\n${t('webchat:demo.scene', { title: t(`webchat:demo.scenes.${key}`) })}`);

  out(t('webchat:demo.title', { platform: t('webchat:bots.bale') }));
  scene('start');
  await volunteer.send('/start');

  scene('language');
  await volunteer.send('/language');
  await volunteer.press(t('common:language.name_en'));
  await volunteer.send('/language');
  await volunteer.press(t('common:language.name_fa'));

  scene('registration');
  await playRegistration(volunteer, app);

  scene('coordinator');
  await coordinator.send('/start');
  const panel = t('coordinator:menu.staff');
  if (coordinator.sees(panel)) await coordinator.press(panel);

  scene('callup');
  await playCallUp(coordinator, volunteer, app);

  stopTranscript();
  out(`\n${t('webchat:demo.done')}`);
}

/** The volunteer answers every registration question; then what was stored is printed. */
async function playRegistration(volunteer: DemoActor, app: App): Promise<void> {
  const done = t('registration:keyboard.done');
  await volunteer.press(t('registration:consent.agree'));
  await volunteer.send(`${people.demoVolunteer.firstName} ${people.demoVolunteer.lastName}`);
  await volunteer.tap(t('registration:mobile.share'));
  await volunteer.press(getSpecialtyGroup('physician')?.fa ?? '');
  await volunteer.press(getSpecialty('gp')?.fa ?? '');
  await volunteer.send(t('webchat:demo.script.licence'));
  await volunteer.press(getProvince('tehran')?.fa ?? '');
  await volunteer.send(t('webchat:demo.script.city'));
  await volunteer.press(t('registration:location.skip'));
  await volunteer.press(t('registration:hours.quick', { hours: 8 }));
  for (const label of [t('pledge:days.0'), t('pledge:days.2'), done]) await volunteer.press(label);
  for (const label of [t('pledge:windows.morning'), done]) await volunteer.press(label);
  for (const label of [t('pledge:modes.crisis'), done]) await volunteer.press(label);
  await volunteer.press(t('pledge:reach.neighbors'));
  await volunteer.press(t('missions:intro.skip'));
  await volunteer.press(t('registration:valid_until.choice.6m'));
  await volunteer.press(t('registration:note.skip'));
  await volunteer.press(t('registration:summary.confirm'));
  const stored = await createVolunteerRepository(app.database.models).get(`bale:${VOLUNTEER_ID}`);
  out(
    stored
      ? t('webchat:demo.stored', {
          name: stored.name,
          specialty: getSpecialty(stored.specialty)?.fa ?? stored.specialty,
          province: getProvince(stored.province)?.fa ?? stored.province,
          status: t(`pledge:status.${stored.status}`),
        })
      : t('webchat:demo.not_stored'),
  );
}

/** The coordinator creates a call-up in the chat, the volunteer says yes, the board shows the need met. */
async function playCallUp(coordinator: DemoActor, volunteer: DemoActor, app: App): Promise<void> {
  const title = t('webchat:demo.script.title');
  await createCallUpInChat(coordinator.user, t, {
    type: 'extreme_weather',
    title,
    description: t('webchat:demo.script.description'),
    province: 'tehran',
    city: t('webchat:demo.script.city'),
    needs: [{ specialty: 'gp', count: 1 }],
    start: 'now',
    durationHours: 8,
    meetingPoint: t('webchat:demo.script.meeting'),
    contact: t('webchat:demo.script.contact'),
    // Shared as a location, so the volunteer who comes gets the place as a map pin.
    location: { latitude: 35.6997, longitude: 51.338 },
  });
  const yes = t('callup:card.yes');
  await volunteer.user.waitFor((m) => inlineButtonLabels(m).includes(yes), CARD_TIMEOUT_MS);
  await volunteer.press(yes);
  // The coordinator's status message is edited at most every few seconds: wait until it shows the need met.
  const met = t('callup:board.status.filled');
  await coordinator.user.waitFor((m) => m.text?.includes(met) === true, CARD_TIMEOUT_MS);
  const [callUp] = await createCallUpRepository(app.database.models).listRecent(new Date(0), null);
  if (callUp) {
    const answers = await createCallUpAnswerRepository(app.database.models).listByCallUp(callUp.id);
    out(
      t('webchat:demo.callup_stored', {
        title: callUp.title,
        confirmed: answers.filter((a) => a.answer === 'yes').length,
        need: 1,
        status: t(`callup:board.status.${callUp.status}`),
      }),
    );
  }
}
