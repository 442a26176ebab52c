import type { IncomingMessage } from 'node:http';
import { ApiError, badRequest } from '../api/api-error.ts';
import { multipartBoundary, parseMultipart, type UploadedFile } from './multipart.ts';

/** Parameters of one Bot API call, however they were sent. */
export interface MethodInput {
  params: Record<string, unknown>;
  files: Map<string, UploadedFile>;
}

/** Reads a request body with a size cap; an oversized body is drained and refused with 413. */
export async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  try {
    for await (const chunk of request) {
      const buffer = chunk as Buffer;
      size += buffer.length;
      if (size > maxBytes) tooLarge = true;
      if (!tooLarge) chunks.push(buffer);
    }
  } catch {
    // The client went away mid-upload; nobody will read the answer, but it must not look like a server fault.
    throw badRequest('request body could not be read');
  }
  if (tooLarge) throw new ApiError(413, 'Request Entity Too Large');
  return Buffer.concat(chunks);
}

/** Merges query string and body (JSON, form-urlencoded or multipart); the body wins on conflicts. */
export function parseInput(query: URLSearchParams, contentType: string, body: Buffer): MethodInput {
  const params: Record<string, unknown> = Object.fromEntries(query);
  const files = new Map<string, UploadedFile>();
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (body.length === 0) return { params, files };

  if (type === 'application/json') {
    Object.assign(params, parseJsonObject(body.toString('utf8')));
  } else if (type === 'application/x-www-form-urlencoded') {
    Object.assign(params, Object.fromEntries(new URLSearchParams(body.toString('utf8'))));
  } else if (type === 'multipart/form-data') {
    const boundary = multipartBoundary(contentType);
    if (!boundary) throw badRequest('multipart/form-data without boundary');
    const form = parseMultipart(body, boundary);
    Object.assign(params, Object.fromEntries(form.fields));
    for (const [name, file] of form.files) files.set(name, file);
  } else if (type === '' && body.toString('utf8').trim().startsWith('{')) {
    Object.assign(params, parseJsonObject(body.toString('utf8')));
  } else {
    throw badRequest(`unsupported content type "${type}"`);
  }
  return { params, files };
}

function parseJsonObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badRequest('request body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest('request body must be a JSON object');
  }
  return value as Record<string, unknown>;
}
