// Drives mock-pbx's writable endpoints with the official Node client (@sipcentric/pbx-client), as
// an app built on it does: create a phone, save a change, give it a forwarding rule, change and
// delete the rule, delete the phone; see a refused delete; read a queue's sub-resources. Prints
// what it saw as one JSON object.
//
// After save() the client copies the answer onto the object, `parent` included, which replaces
// the object it builds URLs from with the parent's URI: a saved object cannot be saved or
// deleted again. Apps fetch it afresh first, as this script does.
const Sipcentric = require('@sipcentric/pbx-client');

const base = process.env.MOCK_PBX_URL;
const client = new Sipcentric({
  username: 'demo',
  password: 'demo',
  restBase: `${base}/api/v1/customers/`,
  streamBase: `${base}/api/v1/stream`,
});

function plain(representation) {
  // The API's fields only: not the client, the parent object or the sub-resource lists the
  // client hangs on its objects (phone.sip, queue.entries, ...), which point back at them.
  const fields = {};
  Object.keys(representation).forEach((key) => {
    const value = representation[key];
    const list = value && typeof value === 'object' && /List$/.test(value.constructor.name);
    if (!['client', 'parent', '_response'].includes(key) && !list) {
      fields[key] = value;
    }
  });
  return fields;
}

async function refusal(action) {
  try {
    await action();
    return null;
  } catch (error) {
    return { status: error.statusCode, body: error.responseBody };
  }
}

async function endpointLife(customer) {
  const phone = customer.phones.create({
    name: 'Node Desk', shortNumber: '555', callRecording: 'OFF', timeout: 25,
  });
  await phone.save(); // POST .../endpoints/?type=phone
  const created = plain(phone);
  let savedAgain;
  try {
    await phone.save(); // the quirk above: the object's parent is now the answer's URI
    savedAgain = 'saved';
  } catch (error) {
    savedAgain = error.constructor.name;
  }
  const fresh = await customer.phones.get(phone.id);
  fresh.name = 'Node Desk (moved)';
  await fresh.save(); // PUT .../endpoints/{id}/?type=phone
  const renamed = await customer.phones.get(phone.id);

  const rule = renamed.forwardingrules.create({
    enabled: true, action: 'FORWARD', callOutcome: 'NOANSWER', destination: '07700900123',
  });
  await rule.save(); // POST .../endpoints/{id}/forwardingrules/
  const rules = await renamed.forwardingrules.get();
  const ruleFresh = await renamed.forwardingrules.get(rule.id);
  ruleFresh.enabled = false;
  await ruleFresh.save(); // PUT
  const ruleSaved = await renamed.forwardingrules.get(rule.id);
  await ruleSaved.delete();
  const rulesAfter = await renamed.forwardingrules.get();

  const last = await customer.phones.get(phone.id);
  await last.delete(); // DELETE .../endpoints/{id}/?type=phone
  const gone = await refusal(() => customer.phones.get(phone.id));
  return {
    created,
    savedAgain,
    fetched: plain(fresh),
    renamed: renamed.name,
    rule: plain(rule),
    rules: rules.items.map(plain),
    ruleSaved: plain(ruleSaved),
    rulesAfter: rulesAfter.items.length,
    gone,
  };
}

async function main() {
  const customers = await client.customers.get();
  const customer = customers.items[0];
  const life = await endpointLife(customer);
  const reception = await customer.phones.get('94');
  const refused = await refusal(() => reception.delete()); // number 47 routes to it
  const stillThere = (await customer.phones.get('94')).name;
  const queues = await customer.queues.get();
  const queue = queues.items[0];
  const status = await queue.status.get();
  const entries = await queue.entries.get();
  const memberships = await queue.memberships.get();
  return {
    ...life,
    refused,
    stillThere,
    queue: plain(queue),
    queueStatus: { class: status.constructor.name, ...plain(status) },
    queueEntries: entries.items.map(plain),
    queueMemberships: memberships.items.map((m) => ({ class: m.constructor.name, ...plain(m) })),
  };
}

main().then(
  (seen) => {
    // exit at once: keep-alive sockets to the server would hold the process open
    process.stdout.write(JSON.stringify(seen), () => process.exit(0));
  },
  (error) => {
    process.stderr.write(`${error.stack || error}\n${JSON.stringify(error.responseBody || '')}\n`);
    process.exit(1);
  },
);
