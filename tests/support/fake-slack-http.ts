/** The fake Slack's HTTP plumbing: request bodies as @slack/web-api sends them, and answers. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isObject, type Params } from './fake-slack-methods';

/** Fields @slack/web-api JSON-stringifies into form bodies (non-string params). */
const JSON_FIELDS = new Set(['blocks', 'view', 'files', 'attachments', 'metadata']);

export interface UploadedPart {
  field: string;
  name: string;
  bytes: Buffer;
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

export function decodeField(key: string, value: string): unknown {
  if (!JSON_FIELDS.has(key)) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

export async function parseBody(contentType: string, raw: Buffer): Promise<{ params: Params; parts: UploadedPart[] }> {
  const params: Params = {};
  const parts: UploadedPart[] = [];
  if (contentType.startsWith('multipart/form-data')) {
    // undici's Response parses multipart for us; no dependency needed.
    const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
    for (const [key, value] of form.entries()) {
      if (typeof value === 'string') params[key] = decodeField(key, value);
      else parts.push({ field: key, name: value.name, bytes: Buffer.from(await value.arrayBuffer()) });
    }
  } else if (contentType.startsWith('application/json')) {
    const parsed: unknown = raw.length > 0 ? JSON.parse(raw.toString('utf8')) : {};
    if (isObject(parsed)) Object.assign(params, parsed);
  } else {
    for (const [key, value] of new URLSearchParams(raw.toString('utf8'))) params[key] = decodeField(key, value);
  }
  return { params, parts };
}

export function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const type = typeof body === 'string' ? 'text/plain' : 'application/json; charset=utf-8';
  res.writeHead(status, { 'content-type': type, ...headers });
  res.end(text);
}
