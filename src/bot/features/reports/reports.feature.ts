import { Composer } from 'grammy';
import type { StaffServices } from '../../../services/roles/staff-services.ts';
import type { BotContext } from '../../context.ts';
import type { Feature } from '../../feature.ts';
import { exportHandlers } from './export.handlers.ts';
import { statsHandlers } from './stats.handlers.ts';

/**
 * `/stats` (text summary and chart) and `/export` (volunteers as CSV/XLSX), for a coordinator's provinces or an
 * admin's country or province; `/export_callup <id>` for one call-up's answers.
 */
export function createReportsFeature(services: StaffServices): Feature {
  const composer = new Composer<BotContext>();
  composer.use(statsHandlers(services), exportHandlers(services));
  return { name: 'reports', composer };
}
