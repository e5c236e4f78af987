// Renders the service's own /asyncapi.json as text (never as markup): topics, then each message's key, headers,
// payload fields and example. No library and nothing from another origin.
'use strict';

const element = (tag, text, className) => {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
};

const row = cells => {
  const tr = element('tr');
  for (const cell of cells) tr.append(cell instanceof Node ? wrap('td', cell) : element('td', cell ?? ''));
  return tr;
};

const wrap = (tag, child) => { const node = element(tag); node.append(child); return node; };

function resolve(document, node) {
  while (node && typeof node.$ref === 'string')
    node = node.$ref.slice(2).split('/').reduce((at, part) => at?.[part], document);
  return node;
}

const typeOf = schema => [].concat(schema.type ?? 'any').join(' or ')
  + (schema.format ? ` (${schema.format})` : '')
  + (schema.pattern ? ` matching ${schema.pattern}` : '')
  + (schema.const !== undefined ? ` = ${schema.const}` : '')
  + (schema.enum ? `: one of ${schema.enum.join(', ')}` : '')
  + (schema.minimum !== undefined ? `, at least ${schema.minimum}` : '')
  + (schema.exclusiveMinimum !== undefined ? `, above ${schema.exclusiveMinimum}` : '')
  + (schema.minItems !== undefined ? `, at least ${schema.minItems} item(s)` : '');

// One row per field, nested objects and array items flattened into paths such as data.items[].price.
function fields(schema, path, rows) {
  const required = new Set(schema.required ?? []);
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const at = path ? `${path}.${name}` : name;
    rows.push(row([element('code', at, required.has(name) ? 'required' : ''), required.has(name) ? 'required' : 'optional', typeOf(property), property.description]));
    if (property.properties) fields(property, at, rows);
    if (property.items?.properties) fields(property.items, `${at}[]`, rows);
  }
  return rows;
}

function table(headings, rows) {
  const result = element('table');
  const head = element('tr');
  for (const heading of headings) { const th = element('th', heading); th.scope = 'col'; head.append(th); }
  result.append(wrap('thead', head));
  const body = element('tbody');
  body.append(...rows);
  result.append(body);
  return result;
}

function messageSection(document, id, message) {
  const section = element('section', undefined, 'panel message');
  section.id = `message-${id}`;
  section.append(element('h2', `${message.name} (${message.title ?? id})`), element('p', message.summary ?? ''));
  if (message.description) section.append(element('p', message.description));
  section.append(element('p', `Version ${message['x-version'] ?? '?'} · content type ${message.contentType ?? document.defaultContentType}`));
  const key = message.bindings?.kafka?.key;
  if (key) section.append(element('h3', 'Key'), element('p', `${typeOf(key)}. ${key.description ?? ''}`));
  section.append(element('h3', 'Headers'), table(['header', '', 'value', 'about'], fields(message.headers ?? {}, '', [])));
  const payload = resolve(document, message.payload) ?? {};
  section.append(element('h3', 'Payload'));
  if (payload.properties) section.append(table(['field', '', 'type', 'about'], fields(payload, '', [])));
  else section.append(element('p', payload.description ?? 'Any bytes.'));
  for (const example of message.examples ?? []) {
    section.append(element('h3', `Example${example.summary ? ': ' + example.summary : ''}`));
    section.append(element('pre', typeof example.payload === 'string' ? example.payload : JSON.stringify(example.payload, null, 1)));
  }
  return section;
}

async function show() {
  const status = document.getElementById('status');
  try {
    const response = await fetch('../asyncapi.json', { headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(`/asyncapi.json answered ${response.status}`);
    const contract = await response.json();
    document.getElementById('title').textContent = `${contract.info.title} ${contract.info.version}`;
    document.getElementById('description').textContent = contract.info.description;

    const roles = {};
    for (const operation of Object.values(contract.operations))
      roles[operation.channel.$ref] = [roles[operation.channel.$ref], operation.action === 'send' ? 'sends' : 'receives'].filter(Boolean).join(', ');
    const topics = document.querySelector('#topics tbody');
    for (const [id, channel] of Object.entries(contract.channels)) {
      const names = Object.values(channel.messages).map(m => resolve(contract, m).name).join(', ');
      topics.append(row([element('code', channel.address), roles[`#/channels/${id}`] ?? '', names, channel.description]));
    }
    const messages = document.getElementById('messages');
    for (const [id, message] of Object.entries(contract.components.messages))
      messages.append(messageSection(contract, id, message));
    status.textContent = `${Object.keys(contract.channels).length} topics, ${Object.keys(contract.components.messages).length} messages`;
  } catch (error) {
    status.textContent = `Could not load the contract: ${error.message}`;
    status.classList.add('error');
  }
}

show();
