// Open dashboards as a browser keeps them: one signed-in session each (a Mini App's initData, signed with the
// bench bot's token), one call-up page's event stream each, every event's changed rows timed as they arrive.
import { sign } from '@telegram-apps/init-data-node';

export interface Viewer {
  /** `rowId@answeredAt` → when that answer first reached this viewer (ms). */
  received: Map<string, number>;
  events: number;
  close(): void;
}

interface Row {
  id: string;
  answeredAt: string | null;
}

async function signIn(base: string, token: string, userId: number): Promise<string> {
  const initData = sign({ user: { id: userId, first_name: 'Bench' } }, token, new Date());
  const response = await fetch(`${base}/dashboard/api/signin/telegram`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-nazr-dashboard': '1' },
    body: JSON.stringify({ initData }),
  });
  const cookie = response.headers.get('set-cookie');
  if (response.status !== 200 || !cookie) throw new Error(`dashboard sign-in refused (${response.status})`);
  return cookie.split(';')[0]!;
}

/** Opens one call-up page's event stream; resolves once the whole call-up (the first event) arrived. */
export async function openViewer(base: string, token: string, userId: number, callUpId: string): Promise<Viewer> {
  const cookie = await signIn(base, token, userId);
  const controller = new AbortController();
  const response = await fetch(`${base}/dashboard/api/callups/${callUpId}/events`, {
    headers: { cookie },
    signal: controller.signal,
  });
  if (response.status !== 200 || !response.body) throw new Error(`event stream refused (${response.status})`);
  const viewer: Viewer = { received: new Map(), events: 0, close: () => controller.abort() };
  let first: () => void = () => {};
  const firstSeen = new Promise<void>((resolve) => {
    first = resolve;
  });
  const read = async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      const receivedAt = Date.now();
      buffer += decoder.decode(chunk, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
        if (!event.startsWith('data: ')) continue;
        const change = JSON.parse(event.slice(6)) as { full: boolean; rows: Row[] };
        viewer.events += 1;
        first();
        if (change.full) continue;
        for (const row of change.rows) {
          const key = `${row.id}@${Date.parse(row.answeredAt ?? '')}`;
          if (row.answeredAt && !viewer.received.has(key)) viewer.received.set(key, receivedAt);
        }
      }
    }
  };
  read().catch(() => {});
  await firstSeen;
  return viewer;
}
