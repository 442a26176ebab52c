import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { RoleError } from '../../../src/domain/roles/role-error.ts';
import { createTestDatabase } from '../../support/database.ts';
import { createStaffTestbed } from '../../support/staff.ts';
import { tehran } from '../../support/volunteer-fixtures.ts';

const database = await createTestDatabase();
const bed = await createStaffTestbed(database);
const { services, admin } = bed;
const fa = bed.i18n.fixedT('fa');
bed.clock.set(tehran('2026-11-23T12:00:00'));

const sara = await bed.volunteer({
  name: 'سارا احمدی',
  province: 'tehran',
  mobile: '+989121111111',
  licence: { body: 'irimc', number: 'م-12345', digits: '12345', status: 'verified' },
  registeredAt: tehran('2025-04-04T10:00:00'),
});
const reza = await bed.volunteer({
  name: '=رضا',
  province: 'tehran',
  group: 'nursing',
  specialty: 'nurse',
  mobile: '+989122222222',
  licence: { body: 'ino', number: '777', digits: '777', status: 'unverified' },
});
const mina = await bed.volunteer({
  name: 'مینا کرمی',
  province: 'fars',
  reachProvinces: ['fars'],
  mobile: '+989173333333',
});
const erased = await bed.volunteer({ name: 'پاک‌شده', province: 'tehran', mobile: '+989124444444' });
await bed.repositories.volunteers.erase(erased.key, 'erased:remainder');
const tehranCoordinator = await bed.coordinator(['tehran']);

const csvText = (bytes: Uint8Array) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);

describe('exports (real database)', () => {
  it('when a coordinator exports CSV, then only their province is in it, with Persian headers, Jalali dates and a BOM', async () => {
    const file = await services.exports.volunteers(tehranCoordinator, { format: 'csv', locale: 'fa', t: fa });
    const text = csvText(file.bytes);
    expect(text.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = text.slice(1).trimEnd().split('\r\n');
    expect(header).toBe(
      'نام و نام خانوادگی,شماره‌ی همراه,وضعیت شماره‌ی همراه,راه‌های دسترسی,رشته,تخصص,شماره‌ی نظام,وضعیت شماره‌ی نظام,استان,شهر,وضعیت نذر,ساعت در ماه,ساعت خدمت,تاریخ ثبت‌نام,آخرین روز نذر',
    );
    expect(rows).toHaveLength(2);
    expect(file.rows).toBe(2);
    const saraRow = rows.find((r) => r.startsWith('سارا احمدی'))!;
    expect(saraRow.split(',')).toEqual([
      'سارا احمدی',
      '+989121111111',
      'تأییدنشده (نوشته‌شده)',
      'بله',
      'پزشکی',
      'پزشک عمومی',
      'م-12345',
      'تأییدشده',
      'تهران',
      'تهران',
      'فعال',
      '8',
      '0',
      '1404/01/15',
      'بدون محدودیت زمانی',
    ]);
    // A name typed as a formula is neutralised; someone in Fars and the erased volunteer are absent.
    expect(rows.some((r) => r.startsWith("'=رضا,"))).toBe(true);
    expect(text).not.toContain(mina.name);
    expect(text).not.toContain(erased.mobile);
    expect(text).not.toContain(reza.key);
  });

  it('when an export is made, then the audit log records who, what and how many rows, without names', async () => {
    await services.exports.volunteers(tehranCoordinator, { format: 'xlsx', locale: 'fa', t: fa });
    const [entry] = await services.audit.recent(1, { action: 'export.volunteers' });
    expect(entry).toMatchObject({
      actor: tehranCoordinator.key,
      details: { format: 'xlsx', rows: 2, scope: ['tehran'] },
    });
    expect(JSON.stringify(entry)).not.toContain(sara.name);
  });

  it('when an admin exports XLSX of the country, then the sheet is right-to-left with every registered volunteer', async () => {
    const file = await services.exports.volunteers(admin, { format: 'xlsx', locale: 'fa', t: fa });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(file.bytes) as never);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('داوطلبان');
    expect(sheet.views[0]?.rightToLeft).toBe(true);
    expect(sheet.getRow(1).getCell(1).value).toBe('نام و نام خانوادگی');
    const names = [];
    for (let row = 2; row <= sheet.rowCount; row++) names.push(sheet.getRow(row).getCell(1).value);
    expect(names.sort()).toEqual([reza.name, sara.name, mina.name].sort());
    expect(file.fileName).toMatch(/^nazr-volunteers-iran-14050902-1200\.xlsx$/);
  });

  it('when an admin narrows the export to one province, then only that province is in it', async () => {
    const file = await services.exports.volunteers(admin, { province: 'fars', format: 'csv', locale: 'fa', t: fa });
    expect(file.rows).toBe(1);
    expect(csvText(file.bytes)).toContain('مینا کرمی');
  });

  it('when a coordinator asks for another province or a volunteer asks at all, then nothing is exported and the attempt is logged', async () => {
    const other = services.exports.volunteers(tehranCoordinator, {
      province: 'fars',
      format: 'csv',
      locale: 'fa',
      t: fa,
    });
    await expect(other).rejects.toBeInstanceOf(RoleError);
    const volunteer = await services.authorization.actorOf(sara.key);
    await expect(services.exports.volunteers(volunteer, { format: 'csv', locale: 'fa', t: fa })).rejects.toMatchObject({
      code: 'forbidden',
    });
    const [last, before] = await services.audit.recent(2, { action: 'access.refused' });
    expect(last).toMatchObject({ actor: sara.key, details: { attempt: 'export.volunteers', reason: 'forbidden' } });
    expect(before).toMatchObject({
      actor: tehranCoordinator.key,
      province: 'fars',
      details: { reason: 'out_of_scope' },
    });
  });

  it('when the export is in English, then the headers and labels are English and dates still Jalali', async () => {
    const file = await services.exports.volunteers(admin, {
      province: 'tehran',
      format: 'csv',
      locale: 'en',
      t: bed.i18n.fixedT('en'),
    });
    const text = csvText(file.bytes);
    expect(text.split('\r\n')[0]).toBe(
      '\uFEFFName,Mobile,Mobile number status,Reach points,Profession,Specialty,Council number,Council number status,Province,City,Pledge status,Hours a month,Hours served,Registered on,Last day of the pledge',
    );
    expect(text).toContain('Physicians,General practitioner (GP),م-12345,verified,Tehran');
    expect(text).toContain('1404/01/15');
  });

  it('when a call-up export is asked for and the call-up module has none, then it is not found', async () => {
    await expect(
      services.exports.callUpAnswers(admin, { callUpId: 'x1', format: 'csv', locale: 'fa', t: fa }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});
