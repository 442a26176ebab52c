import type { SimulatedUser } from 'bot-api-sandbox';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citiesOf } from '../../../src/domain/reference/cities.ts';
import type { Tr } from '../../../src/i18n/index.ts';
import { type BotHarness, startTestBot } from '../../support/bot-harness.ts';
import { persian, staffTools } from '../../support/staff-e2e.ts';

const FAST_SANDBOX = { limits: { perChatPerSecond: 1000, perChatBurst: 1000, globalPerSecond: 10_000 } };

describe('bases kept by coordinators through the bot (bot ↔ sandbox, real database)', () => {
  let h: BotHarness;
  let t: Tr;
  let tools: ReturnType<typeof staffTools>;
  let coordinator: SimulatedUser;

  beforeAll(async () => {
    h = await startTestBot({ sandbox: FAST_SANDBOX });
    t = await persian();
    tools = staffTools(h);
    await tools.coordinator(7501, ['tehran', 'alborz']);
    coordinator = h.user({ userId: 7501, firstName: 'Coord' });
    coordinator.sendCommand('/start');
    await coordinator.waitForNew(1);
  });
  afterAll(async () => {
    await h.stop();
  });

  const basesNamed = (name: string) => h.database.models.bases.find({ name }).lean();

  it('when a coordinator creates a base from the panel with a pin, edits and closes it, then each step is stored and audited', async () => {
    coordinator.sendCommand('/panel');
    await coordinator.waitFor((m) => m.text?.startsWith('پنل هماهنگی') === true);
    coordinator.press(t('bases:panel.open'));
    await coordinator.waitFor((m) => m.text === t('bases:menu.none'));
    coordinator.press(t('bases:menu.new'));
    await coordinator.waitFor((m) => m.text === t('bases:create.province'));
    coordinator.press('تهران');
    await coordinator.waitFor((m) => m.text === t('bases:create.kind'));
    coordinator.press('پایگاه مقاومت بسیج مسجد');
    await coordinator.waitFor((m) => m.text === t('bases:create.name'));
    coordinator.sendText('مسجد امام حسن');
    await coordinator.waitFor((m) => m.text?.includes('در کدام شهر') === true);
    coordinator.sendText('شهر ناپیدا');
    await coordinator.waitFor((m) => m.text?.startsWith('این شهر را در فهرست') === true);
    coordinator.sendText('تهران');
    await coordinator.waitFor((m) => m.text === t('bases:create.neighbourhood'));
    coordinator.sendText('نارمک');
    await coordinator.waitFor((m) => m.text === t('bases:create.location'));
    coordinator.shareLocation(35.7432, 51.5038);
    await coordinator.waitFor((m) => m.text === t('bases:create.created', { name: 'مسجد امام حسن' }));

    const [base] = await basesNamed('مسجد امام حسن');
    expect(base).toMatchObject({
      kind: 'basij_mosque_base',
      province: 'tehran',
      city: 'تهران',
      neighbourhood: 'نارمک',
      location: { lat: 35.7432, lon: 51.5038 },
      locationFrom: 'pin',
      status: 'open',
      createdBy: 'telegram:7501',
    });
    const [entry] = await tools.audit({ action: 'base.created' });
    expect(entry).toMatchObject({ actor: 'telegram:7501', target: `base:${base?._id}`, province: 'tehran' });

    coordinator.sendCommand('/bases');
    await coordinator.waitFor((m) => m.text?.startsWith('پایگاه‌ها —') === true);
    coordinator.press('مسجد امام حسن');
    const card = await coordinator.waitFor((m) => m.text?.startsWith('مسجد امام حسن\n') === true);
    expect(card.text).toContain('نارمک');
    // Edited: a new name, then a new pin; each change checked, stored and audited.
    coordinator.press(t('bases:card.edit'), card.message_id);
    await coordinator.waitFor((m) => m.text === t('bases:edit.which'));
    coordinator.press(t('bases:edit.fields.name'));
    await coordinator.waitFor((m) => m.text === t('bases:create.name'));
    coordinator.sendText('م');
    await coordinator.waitFor((m) => m.text?.startsWith('نام پایگاه باید بین') === true);
    coordinator.sendText('مسجد امام حسن مجتبی');
    await coordinator.waitFor((m) => m.text?.startsWith(`${t('bases:edit.saved')}\n\nمسجد امام حسن مجتبی\n`) === true);
    coordinator.press(t('bases:card.edit'));
    await coordinator.waitFor((m) => m.text === t('bases:edit.which'));
    coordinator.press(t('bases:edit.fields.location'));
    await coordinator.waitFor((m) => m.text === t('bases:create.location'));
    coordinator.shareLocation(35.75, 51.51);
    const edited = await coordinator.waitFor((m) => m.text?.startsWith(t('bases:edit.saved')) === true);
    expect((await basesNamed('مسجد امام حسن مجتبی'))[0]).toMatchObject({ location: { lat: 35.75, lon: 51.51 } });
    expect(await tools.audit({ action: 'base.changed' })).toHaveLength(2);
    const renamed = edited;
    coordinator.press(t('bases:card.close'), renamed.message_id);
    await coordinator.waitFor((m) => m.text === t('bases:card.closed', { name: 'مسجد امام حسن مجتبی' }));
    expect((await basesNamed('مسجد امام حسن مجتبی'))[0]?.status).toBe('closed');
    expect(await tools.audit({ action: 'base.closed' })).toHaveLength(1);
  });

  it('when a coordinator sends a CSV with bad rows, then the good rows become bases and each bad row is reported', async () => {
    const csv = [
      'نوع,نام,استان,شهر,محله,عرض,طول',
      'شورای محله,شورای محله‌ی تجریش,تهران,تجریش,,,',
      'clinic,درمانگاه شبانه‌روزی,tehran,Tehran,"یوسف‌آباد, خیابان ۲۰",35.73,51.41',
      'نوع ناشناخته,پایگاه بد,تهران,تهران,,,',
      'درمانگاه,درمانگاه شیراز,فارس,شیراز,,,',
      'درمانگاه,درمانگاه بی‌شهر,تهران,شهر ناپیدا,,,',
      'درمانگاه,درمانگاه با مختصات غلط,البرز,کرج,,12,51',
      'شورای محله,شورای محله‌ی تجریش,تهران,تجریش,,,',
    ].join('\r\n');
    coordinator.sendDocument('bases.csv', new TextEncoder().encode(`\uFEFF${csv}\r\n`), 'text/csv');
    const report = await coordinator.waitFor((m) => m.text?.startsWith('از فایل') === true);
    const r = (key: string) => t(`bases:import.reasons.${key}`);
    expect(report.text).toContain(t('bases:import.done', { created: 2 }));
    expect(report.text).toContain(t('bases:import.refused_row', { row: 4, reasons: r('kind_unknown') }));
    expect(report.text).toContain(t('bases:import.refused_row', { row: 5, reasons: r('out_of_scope') }));
    expect(report.text).toContain(t('bases:import.refused_row', { row: 6, reasons: r('city_unknown') }));
    expect(report.text).toContain(t('bases:import.refused_row', { row: 7, reasons: r('location_invalid') }));
    expect(report.text).toContain(t('bases:import.refused_row', { row: 8, reasons: r('duplicate') }));

    const [council] = await basesNamed('شورای محله‌ی تجریش');
    expect(council).toMatchObject({ kind: 'neighbourhood_council', city: 'تجریش', locationFrom: 'city' });
    const [clinic] = await basesNamed('درمانگاه شبانه‌روزی');
    expect(clinic).toMatchObject({ city: 'تهران', neighbourhood: 'یوسف‌آباد, خیابان 20', location: { lat: 35.73 } });
    expect(await basesNamed('درمانگاه شیراز')).toHaveLength(0);
    const [imported] = await tools.audit({ action: 'base.imported' });
    expect(imported?.details).toEqual({ created: 2, refused: 5, rows: 7 });
  });

  it('when a coordinator sends an XLSX with a bad row, then the rest is imported and the bad row reported', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('bases');
    sheet.addRow(['kind', 'name', 'province', 'city', 'lat', 'lon']);
    sheet.addRow(['health_house', 'خانه‌ی بهداشت کرج', 'البرز', 'کرج', 35.84, 50.94]);
    sheet.addRow(['health_house', '', 'البرز', 'کرج', '', '']);
    sheet.addRow(['charity', 'خیریه‌ی نیکان', 'تهران', 'تهران', '', '']);
    const bytes = new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
    coordinator.sendDocument('bases.xlsx', bytes);
    const report = await coordinator.waitFor((m) => m.text?.startsWith('از فایل') === true);
    expect(report.text).toContain(t('bases:import.done', { created: 2 }));
    expect(report.text).toContain(
      t('bases:import.refused_row', { row: 3, reasons: t('bases:import.reasons.name_length') }),
    );
    expect((await basesNamed('خانه‌ی بهداشت کرج'))[0]).toMatchObject({ province: 'alborz', location: { lat: 35.84 } });
    // No pin: the city's centre.
    const capital = citiesOf('tehran')[0];
    expect((await basesNamed('خیریه‌ی نیکان'))[0]?.location).toEqual({
      lat: capital?.latitude,
      lon: capital?.longitude,
    });
  });

  it('when a file lacks a required column or is no table, then nothing is imported and the coordinator is told why', async () => {
    coordinator.sendDocument('bases.csv', new TextEncoder().encode('name,city\nالف,تهران\n'));
    await coordinator.waitFor((m) => m.text?.startsWith('این ستون‌ها در ردیف اول پیدا نشد') === true);
    coordinator.sendDocument('bases.pdf', new TextEncoder().encode('%PDF-1.4'));
    await coordinator.waitFor((m) => m.text === t('bases:import.format'));
    expect(await h.database.models.bases.countDocuments()).toBe(5);
  });
});
