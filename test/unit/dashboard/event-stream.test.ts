import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type EventStream, openEventStream } from '../../../src/dashboard/http/http-helpers.ts';

describe('a dashboard event stream', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  /** A server whose one route opens a stream that asks `allowed` again every 20 ms. */
  const serve = async (allowed: () => Promise<boolean>) => {
    const open = new Set<EventStream>();
    server = createServer((req, res) => {
      const stream = openEventStream(req, res, open, allowed, 20);
      stream.send({ hello: true });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, open };
  };

  it('when the viewer signs out or loses the role while it is open, then the server ends it', async () => {
    let signedIn = true;
    const { url, open } = await serve(async () => signedIn);
    const response = await fetch(url);
    const reader = response.body!.getReader();
    let text = new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain(': open');
    expect(open.size).toBe(1);

    signedIn = false;
    // Read to the end: only the server ending the stream lets this finish.
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      text += new TextDecoder().decode(chunk.value);
    }
    expect(text).toContain('"hello":true');
    expect(open.size).toBe(0);
  });

  it('when the re-check itself fails, then the stream ends rather than stay open unchecked', async () => {
    const { url, open } = await serve(async () => {
      throw new Error('database down');
    });
    const response = await fetch(url);
    expect(await response.text()).toContain(': open');
    expect(open.size).toBe(0);
  });
});
