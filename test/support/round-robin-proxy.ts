// A load balancer in front of several webhook instances, as a deployment has one: each request goes to the next
// instance in turn; one that refuses the connection (killed, restarting) is skipped, as nginx's
// `proxy_next_upstream error` does. Bodies are small updates, so each is read whole and can be replayed.
import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RoundRobinProxy {
  url: string;
  /** Requests each backend answered, by index. */
  served: number[];
  /** Requests that reached a backend while another backend was still handling one of the same key (`keyOf`). */
  overlaps(): number;
  close(): Promise<void>;
}

function forward(port: number, req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const upstream = request(
      { host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.once('end', () => resolve(true));
        answer.once('error', () => resolve(true));
      },
    );
    // Only a refused or broken connection moves on to the next backend; an answer, even 500, is passed back.
    upstream.once('error', () => resolve(res.headersSent));
    upstream.end(body);
  });
}

/**
 * Listens on a free port of 127.0.0.1 and spreads requests over `ports` in turn. `keyOf` names what a request is
 * about (an update's chat), to count two of one key handled at once on two backends.
 */
export async function startRoundRobinProxy(
  ports: readonly number[],
  keyOf: (body: Buffer) => string | undefined = () => undefined,
): Promise<RoundRobinProxy> {
  let next = 0;
  let overlaps = 0;
  const served = ports.map(() => 0);
  const inFlight = new Map<string, number[]>();
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const key = keyOf(body);
    for (let tried = 0; tried < ports.length; tried++) {
      const index = next++ % ports.length;
      const busy = key === undefined ? [] : (inFlight.get(key) ?? []);
      if (busy.some((other) => other !== index)) overlaps += 1;
      busy.push(index);
      if (key !== undefined) inFlight.set(key, busy);
      const answered = await forward(ports[index]!, req, body, res);
      busy.splice(busy.indexOf(index), 1);
      if (key !== undefined && busy.length === 0) inFlight.delete(key);
      if (answered) {
        served[index]! += 1;
        return;
      }
    }
    res.writeHead(502).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    overlaps: () => overlaps,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
