// Drives mock-pbx with the official Node client (@sipcentric/pbx-client), as an app built on it
// does: the customer, its linked users, `me`, and getUA()'s calls (linked user me -> its default
// extension -> that phone's SIP identity). getUA() builds a JsSIP UA; it is never started, so
// nothing connects to a SIP server. Prints what it saw as one JSON object.
const Sipcentric = require('@sipcentric/pbx-client');

const base = process.env.MOCK_PBX_URL;
const [username, password] = (process.env.MOCK_PBX_LOGIN || 'demo:demo').split(':');
const client = new Sipcentric({
  username,
  password,
  restBase: `${base}/api/v1/customers/`,
  streamBase: `${base}/api/v1/stream`,
});

function plain(representation) {
  // The client's objects hold the client and their parent: keep the API's fields only.
  const fields = {};
  Object.keys(representation).forEach((key) => {
    const value = representation[key];
    if (key !== 'client' && key !== 'parent' && key !== '_response' && typeof value !== 'object') {
      fields[key] = value;
    }
  });
  return fields;
}

async function firstRegistered(customer) {
  // Each phone's sip.registrations until one has devices registered; the phones whose SIP
  // identity is refused (401 for an extension user's colleagues) are counted, not fatal.
  const phones = await customer.phones.get({ pageSize: 200 });
  const seen = { phones: phones.items.length, refused: 0, phone: null, registrations: [] };
  for (const phone of phones.items) {
    try {
      const sip = await phone.sip.get(); // eslint-disable-line no-await-in-loop
      const found = await sip.registrations.get(); // eslint-disable-line no-await-in-loop
      if (found.items.length > 0 && seen.phone === null) {
        seen.phone = phone.id;
        seen.registrations = found.items.map(plain);
      }
    } catch (error) {
      if (error.statusCode !== 401) throw error;
      seen.refused += 1;
    }
  }
  return seen;
}

async function main() {
  const customers = await client.customers.get();
  const customer = customers.items[0];
  const linkedUsers = await customer.linkedusers.get();
  const me = await customer.linkedusers.get('me');
  const extension = await customer.phones.get(me.defaultExtension);
  const sip = await extension.sip.get();
  const registrations = await sip.registrations.get();
  const registered = await firstRegistered(customer);
  // X-Relationship-Key: id, which the client always sends: a number's destination is a bare id,
  // which the client passes straight back as an endpoint id, as it does defaultExtension.
  const number = await customer.phonenumbers.get('47');
  const destination = await customer.phones.get(number.destination);
  const recordings = await customer.recordings.get({ pageSize: 5 });
  const ua = await client.getUA({});
  const config = ua._configuration;
  return {
    customer: customer.id,
    linkedUsers: linkedUsers.items.map((u) => u.username),
    linkedUserTypes: linkedUsers.items.map((u) => u.constructor.name),
    me: plain(me),
    extension: plain(extension),
    sip: plain(sip),
    registrations: registrations.items.map(plain),
    registered,
    number: plain(number),
    destination: plain(destination),
    recordingEndpoints: recordings.items.map((r) => r.endpoint),
    ua: {
      class: ua.constructor.name,
      authorizationUser: config.authorization_user,
      password: config.password,
      uri: String(config.uri),
      started: ua.isConnected() || ua.isRegistered(),
    },
  };
}

main().then(
  (seen) => {
    // exit at once: keep-alive sockets to the server would hold the process open
    process.stdout.write(JSON.stringify(seen), () => process.exit(0));
  },
  (error) => {
    process.stderr.write(`${error.stack || error}\n${JSON.stringify(error.body || '')}\n`);
    process.exit(1);
  },
);
