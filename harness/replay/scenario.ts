/**
 * The scripted session of the differential replay: four users (alice with two
 * sockets, bob, carol, dave over REST only), three rooms (general, project and
 * the alice-bob direct room), REST and socket traffic, and a few error cases.
 *
 * Every step is deterministic on a fresh target: client ids are fixed, no
 * socket sends more than 10 messages (the rate limit), nothing sleeps, /roll
 * (random) is not used, and a socket whose room subscription cannot be
 * observed through presence joins its rooms explicitly before it is relied on.
 */
import { launch, type RunningTarget } from '../src/launcher.js';
import { Api } from '../src/client.js';
import { Session, type Expect, type Trace } from './session.js';

/** an id of the right shape that no target hands out */
export const UNKNOWN_ID = 'zzzzzzzzzzzzzzzz';
/** a token of the right shape that no target hands out */
export const BAD_TOKEN = 'f'.repeat(48);

interface Actor {
  /** the actor name in the trace */
  short: string;
  /** the username, unique per run */
  name: string;
  password: string;
  id: string;
  token: string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : 'missing');

/** every socket but the listed ones hears `event` */
function others(sockets: string[], event: string, ...except: string[]): Expect {
  return Object.fromEntries(sockets.filter((s) => !except.includes(s)).map((s) => [s, [event]]));
}

export async function runScenario(target: Pick<RunningTarget, 'name' | 'restUrl' | 'socketUrls'>): Promise<Trace> {
  const socketUrl = target.socketUrls[0];
  if (!socketUrl) throw new Error(`${target.name} has no socket server`);
  const s = new Session(new Api(target.restUrl), socketUrl);
  const runTag = Math.random().toString(36).slice(2, 8).padEnd(6, '0');
  try {
    await script(s, runTag);
  } finally {
    s.end();
  }
  return s.trace(target.name, runTag);
}

/** launches `name`, runs the scenario against it, stops it */
export async function recordTarget(name: string): Promise<Trace> {
  const target = await launch(name);
  try {
    return await runScenario(target);
  } finally {
    await target.stop();
  }
}

async function script(s: Session, tag: string): Promise<void> {
  const who: Record<string, Actor> = {};
  for (const name of ['alice', 'bob', 'carol', 'dave']) {
    const user = { short: name, name: `${name}_${tag}`, password: `secret-${name}` };
    const body = await s.rest(`register ${name}`, name, 'POST', '/api/users/register', { json: { username: user.name, password: user.password } });
    who[name] = { ...user, id: str(body?.id), token: '' };
  }
  const [alice, bob, carol, dave] = ['alice', 'bob', 'carol', 'dave'].map((n) => who[n]!) as [Actor, Actor, Actor, Actor];
  await s.rest('register a taken name', 'alice', 'POST', '/api/users/register', { json: { username: alice.name, password: 'another-pw' } });
  await s.rest('register a bad name', 'mallory', 'POST', '/api/users/register', { json: { username: 'no spaces!', password: 'secret-m' } });
  for (const user of [alice, bob, carol, dave]) {
    const body = await s.rest(`login ${user.short}`, user.short, 'POST', '/api/users/login', { json: { username: user.name, password: user.password } });
    user.token = str(body?.token);
  }
  await s.rest('login with a wrong password', 'alice', 'POST', '/api/users/login', { json: { username: alice.name, password: 'wrong-pw' } });
  await s.rest('me with a bad token', 'mallory', 'GET', '/api/users/me', { token: BAD_TOKEN });
  await s.rest('me', 'alice', 'GET', '/api/users/me', { token: alice.token });
  await s.rest('look up bob', 'carol', 'GET', `/api/users/${bob.id}`, { token: carol.token });

  // rooms, before any socket connects: the sockets subscribe to them on connect
  const general = str((await s.rest('create general', 'alice', 'POST', '/api/rooms', { token: alice.token, json: { name: 'general', members: [bob.id, carol.id] } }))?.id);
  const project = str((await s.rest('create project', 'bob', 'POST', '/api/rooms', { token: bob.token, json: { name: ' project ', members: [alice.id] } }))?.id);
  await s.rest('create a room with a blank name', 'alice', 'POST', '/api/rooms', { token: alice.token, json: { name: '   ' } });
  await s.rest('create a room with malformed JSON', 'alice', 'POST', '/api/rooms', { token: alice.token, raw: '{"name": ' });
  const direct = str((await s.rest('open the alice-bob direct room', 'alice', 'POST', `/api/direct/${bob.id}`, { token: alice.token }))?.id);
  await s.rest('open it again from the other side', 'bob', 'POST', `/api/direct/${alice.id}`, { token: bob.token });
  await s.rest('a direct room with oneself', 'carol', 'POST', `/api/direct/${carol.id}`, { token: carol.token });
  await s.rest('alice lists her rooms', 'alice', 'GET', '/api/rooms', { token: alice.token });

  // sockets: each one's subscription shows in the presence the others hear
  await s.connect('alice connects', 'alice', alice.token);
  await s.connect('bob connects', 'bob', bob.token, { alice: ['presence', 'presence', 'presence'] });
  await s.connect('carol connects', 'carol', carol.token, { alice: ['presence'], bob: ['presence'] });
  await s.connect('a bad token is refused', 'mallory', BAD_TOKEN);
  // alice's second socket: no presence (she is online already), so it joins its rooms itself
  await s.connect('alice connects a second socket', 'alice2', alice.token);
  for (const [name, id] of [['general', general], ['project', project], ['direct', direct]] as const) {
    await s.emit(`alice2 joins ${name}`, 'alice2', 'join', { roomId: id });
  }
  const all = ['alice', 'alice2', 'bob', 'carol'];

  // messages over the socket, a repeated clientId, typing, plugins
  const hello = { roomId: general, text: `hello @${bob.name} and @${carol.name}`, clientId: 'c-hello' };
  await s.emit('alice says hello', 'alice', 'message', hello, others(all, 'message', 'alice'));
  await s.emit('alice resends the same clientId', 'alice', 'message', hello);
  await s.emit('bob types', 'bob', 'typing', { roomId: general }, others(all, 'typing', 'bob'));
  await s.emit('carol waves', 'carol', 'message', { roomId: general, text: '/me waves', clientId: 'c-wave' }, others(all, 'message', 'carol'));
  await s.emit('carol sends an empty text', 'carol', 'message', { roomId: general, text: '   ', clientId: 'c-empty' });
  await s.emit('carol writes to project, not a member', 'carol', 'message', { roomId: project, text: 'let me in', clientId: 'c-in' });
  await s.emit('carol types in project, not a member', 'carol', 'typing', { roomId: project });
  await s.emit('carol joins project', 'carol', 'join', { roomId: project });
  await s.emit('bob welcomes carol', 'bob', 'message', { roomId: project, text: 'welcome, darn it', clientId: 'c-welcome' }, others(all, 'message', 'bob'));
  await s.emit('alice whispers to bob', 'alice', 'message', { roomId: direct, text: 'psst', clientId: 'c-psst' }, { alice2: ['message'], bob: ['message'] });
  await s.emit('alice reuses a clientId in another room', 'alice', 'message', { roomId: direct, text: 'hello again', clientId: 'c-hello' });
  await s.emit('carol joins the direct room', 'carol', 'join', { roomId: direct });
  await s.emit('a payload that is not an object', 'alice', 'typing', 'general');

  // messages over REST
  await s.rest('dave posts to general, not a member', 'dave', 'POST', `/api/rooms/${general}/messages`, { token: dave.token, json: { text: 'hi' } });
  await s.rest('bob posts over REST', 'bob', 'POST', `/api/rooms/${general}/messages`, { token: bob.token, json: { text: 'from rest', clientId: 'c-rest' } }, others(all, 'message'));
  await s.rest('bob retries the same clientId', 'bob', 'POST', `/api/rooms/${general}/messages`, { token: bob.token, json: { text: 'from rest', clientId: 'c-rest' } });
  await s.rest('dave joins general', 'dave', 'POST', `/api/rooms/${general}/join`, { token: dave.token });
  for (let i = 1; i <= 4; i += 1) {
    await s.rest(`dave posts page ${i}`, 'dave', 'POST', `/api/rooms/${general}/messages`, { token: dave.token, json: { text: `page ${i}` } }, others(all, 'message'));
  }
  await s.rest('a text over 4000 characters', 'dave', 'POST', `/api/rooms/${general}/messages`, { token: dave.token, json: { text: 'x'.repeat(4001) } });

  // history paging, REST and socket
  const page1 = await s.rest('bob reads the newest 3', 'bob', 'GET', `/api/rooms/${general}/messages?limit=3`, { token: bob.token });
  const oldest = str(page1?.messages?.[2]?.id);
  const page2 = await s.rest('bob reads 3 more', 'bob', 'GET', `/api/rooms/${general}/messages?limit=3&before=${oldest}`, { token: bob.token });
  await s.emit('bob pages over the socket', 'bob', 'history', { roomId: general, before: str(page2?.messages?.[2]?.id), limit: 3 });
  await s.rest('a limit of 0', 'bob', 'GET', `/api/rooms/${general}/messages?limit=0`, { token: bob.token });
  await s.rest('history of an unknown room', 'bob', 'GET', `/api/rooms/${UNKNOWN_ID}/messages`, { token: bob.token });

  // unread and read receipts
  await s.rest('carol unread', 'carol', 'GET', '/api/unread', { token: carol.token });
  const newest = str(page1?.messages?.[0]?.id);
  await s.emit('carol reads up to the newest', 'carol', 'read', { roomId: general, messageId: newest }, others(all, 'read', 'carol'));
  await s.rest('carol unread after reading', 'carol', 'GET', '/api/unread', { token: carol.token });
  await s.emit('carol reads an older one (no move back)', 'carol', 'read', { roomId: general, messageId: oldest });
  await s.emit('carol reads an unknown message', 'carol', 'read', { roomId: general, messageId: UNKNOWN_ID });

  // recall
  const oops = await s.emit('alice says oops', 'alice', 'message', { roomId: general, text: 'oops', clientId: 'c-oops' }, others(all, 'message', 'alice'));
  const oopsId = str(oops?.message?.id);
  // the recall window is 1500 ms in the test config: recall first, then the refused attempt
  await s.emit('alice recalls it', 'alice', 'recall', { messageId: oopsId }, others(all, 'recalled', 'alice'));
  await s.emit('bob tries to recall it', 'bob', 'recall', { messageId: oopsId });
  await s.rest('the recalled message in history', 'carol', 'GET', `/api/rooms/${general}/messages?limit=2`, { token: carol.token });
  await s.rest('bob unread', 'bob', 'GET', '/api/unread', { token: bob.token });

  // leaving, odd routes
  await s.rest('bob leaves the direct room', 'bob', 'POST', `/api/rooms/${direct}/leave`, { token: bob.token });
  await s.emit('carol leaves project', 'carol', 'leave', { roomId: project });
  await s.emit('carol writes to project after leaving', 'carol', 'message', { roomId: project, text: 'still here?', clientId: 'c-gone' });
  await s.rest('an unknown route', 'bob', 'GET', '/api/nope', { token: bob.token });

  // going offline
  await s.close('carol goes offline', 'carol', { alice: ['presence'], alice2: ['presence'], bob: ['presence'] });
  await s.close('alice closes her second socket', 'alice2');
  await s.close('bob goes offline', 'bob', { alice: ['presence', 'presence', 'presence'] });
}
