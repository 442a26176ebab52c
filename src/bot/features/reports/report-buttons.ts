import { CALLUP_EXPORT_PREFIX } from '../../../domain/callups/callback-data.ts';

/**
 * Callback data: `st:<scope>` a report, `ex:<scope>` an export's formats, `ef:<format>:<scope>` the file, and
 * `xc:<format>:<call-up id>` a call-up's answers (also offered on the call-up's board).
 */
export const REPORTS = { stats: 'st:', export: 'ex:', exportFile: 'ef:', callUpFile: CALLUP_EXPORT_PREFIX } as const;
