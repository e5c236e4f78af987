// Independent checks of OrderSaga's contracts, run by the .NET tests (Orders.Tests/Contracts/ContractCheck.cs).
// Nothing here is OrderSaga's code: the AsyncAPI project's parser and the ajv JSON Schema validator judge.
//   node check.mjs asyncapi <asyncapi.json>                 the parser's diagnostics
//   node check.mjs records <asyncapi.json> <records.json>   Kafka records against their messages' schemas
//   node check.mjs examples <asyncapi.json> <file.md>...    the document's examples and the docs' JSON blocks
// Each prints one JSON object on stdout and exits 1 when it found a problem.
import { readFileSync } from 'node:fs';
import { Parser } from '@asyncapi/parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const [command, documentPath, ...rest] = process.argv.slice(2);
const finish = (result, failed) => {
  process.stdout.write(JSON.stringify(result, null, 1) + '\n');
  process.exit(failed ? 1 : 0);
};

if (command === 'asyncapi') {
  const diagnostics = await new Parser().validate(readFileSync(documentPath, 'utf8'));
  const named = diagnostics.map(d => ({ severity: ['error', 'warning', 'information', 'hint'][d.severity], code: d.code, message: d.message, path: d.path.join('/') }));
  finish({ diagnostics: named }, named.some(d => d.severity === 'error'));
}

const document = JSON.parse(readFileSync(documentPath, 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
addFormats(ajv);

function resolve(node) {
  while (node && typeof node.$ref === 'string') {
    if (!node.$ref.startsWith('#/')) throw new Error(`only local references are expected, got ${node.$ref}`);
    node = node.$ref.slice(2).split('/').reduce((at, part) => at?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], document);
  }
  return node;
}

const validators = new Map();
function validator(schema) {
  const resolved = resolve(schema) ?? {};
  if (!validators.has(resolved)) validators.set(resolved, ajv.compile(resolved));
  return validators.get(resolved);
}

function problems(schema, value) {
  const validate = validator(schema);
  return validate(value) ? [] : validate.errors.map(e => `${e.instancePath || '/'} ${e.message}${e.params?.allowedValues ? ': ' + e.params.allowedValues.join(', ') : ''}`);
}

const messages = Object.entries(document.components?.messages ?? {}).map(([id, message]) => ({ id, ...message }));
const isJson = message => (message.contentType ?? document.defaultContentType) === 'application/json';

// A record of a topic: the channel with that address, its message by the message-type header (or its only one).
function checkRecord(record) {
  const channel = Object.values(document.channels).find(c => c.address === record.topic);
  if (!channel) return { message: null, errors: [`topic ${record.topic} is not in the document`] };
  const carried = Object.values(channel.messages).map(resolve);
  const type = record.headers['message-type'];
  const message = carried.length === 1 ? carried[0] : carried.find(m => m.name === type);
  if (!message) return { message: null, errors: [`no message of type ${type} on ${record.topic}`] };

  const errors = [];
  errors.push(...problems(message.headers ?? {}, record.headers).map(e => `headers${e}`));
  if (message.bindings?.kafka?.key) errors.push(...problems(message.bindings.kafka.key, record.key).map(e => `key${e}`));
  let payload = record.value;
  if (isJson(message)) {
    try { payload = JSON.parse(record.value); } catch (e) { errors.push(`payload is not JSON: ${e.message}`); return { message: message.name, errors }; }
  }
  errors.push(...problems(message.payload ?? {}, payload).map(e => `payload${e}`));
  return { message: message.name, errors };
}

// Top-level JSON values in a Markdown file's ```json blocks (a block may hold several).
function jsonValues(markdown) {
  const values = [];
  for (const [, block] of markdown.matchAll(/^```json[ \t]*\n([\s\S]*?)^```[ \t]*$/gm)) {
    let depth = 0, inString = false, escaped = false, start = -1;
    for (let i = 0; i < block.length; i++) {
      const c = block[i];
      if (inString) { if (escaped) escaped = false; else if (c === '\\') escaped = true; else if (c === '"') inString = false; continue; }
      if (c === '"') inString = true;
      else if (c === '{' || c === '[') { if (depth++ === 0) start = i; }
      else if (c === '}' || c === ']') { if (--depth === 0) values.push(JSON.parse(block.slice(start, i + 1))); }
    }
  }
  return values;
}

if (command === 'records') {
  const records = JSON.parse(readFileSync(rest[0], 'utf8'));
  const byMessage = {}, failures = [];
  for (const record of records) {
    const { message, errors } = checkRecord(record);
    byMessage[message ?? '?'] = (byMessage[message ?? '?'] ?? 0) + 1;
    if (errors.length) failures.push({ topic: record.topic, partition: record.partition, offset: record.offset, message, errors, value: record.value });
  }
  finish({ checked: records.length, byMessage, failures }, failures.length > 0);
}

if (command === 'examples') {
  const failures = [], matched = [];
  let skipped = 0, examples = 0;
  for (const message of messages) {
    for (const example of message.examples ?? []) {
      examples++;
      const errors = [...problems(message.headers ?? {}, example.headers ?? {}).map(e => `headers${e}`)];
      if (isJson(message)) errors.push(...problems(message.payload ?? {}, example.payload).map(e => `payload${e}`));
      if (errors.length) failures.push({ where: `document: ${message.id} example ${example.name}`, errors });
    }
  }
  for (const file of rest) {
    for (const value of jsonValues(readFileSync(file, 'utf8'))) {
      // A value is taken for a message when it has every property that message requires.
      const candidates = messages.filter(m => isJson(m)).filter(m => {
        const required = resolve(m.payload)?.required ?? [];
        return required.length > 0 && value && typeof value === 'object' && required.every(p => p in value);
      });
      if (candidates.length === 0) { skipped++; continue; }
      // Of the messages it could be, the one that names most of its properties (payment or refund answer).
      const known = m => Object.keys(value).filter(p => p in (resolve(m.payload)?.properties ?? {})).length;
      const results = candidates.sort((a, b) => known(b) - known(a)).map(m => ({ message: m.name, errors: problems(m.payload, value) }));
      const fitting = results.find(r => r.errors.length === 0);
      if (fitting) matched.push({ file, message: fitting.message });
      else failures.push({ where: `${file}: ${JSON.stringify(value).slice(0, 120)}`, errors: results.flatMap(r => r.errors.map(e => `${r.message}: ${e}`)) });
    }
  }
  finish({ examples, matched, skipped, failures }, failures.length > 0);
}

finish({ error: `unknown command ${command}` }, true);
