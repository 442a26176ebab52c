import type { Update } from 'grammy/types';
import type { WebhookRequest } from './http-server.ts';

/**
 * grammY's webhook adapter for a request the HTTP server has already read (within its size cap) and parsed, so
 * grammY never reads a request body itself.
 */
export function parsedWebhookAdapter(request: WebhookRequest) {
  const { res } = request;
  return {
    update: Promise.resolve(request.update as Update),
    header: request.secretHeader,
    end: () => {
      res.end();
    },
    respond: (json: string) => {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(json);
    },
    unauthorized: () => {
      res.writeHead(401).end('"unauthorized"');
    },
  };
}
