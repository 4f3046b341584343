import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { findChromium, launchChromium, watchPageProblems, type PageProblem } from '../src/browser.js';
import { nextEvent, request, type TestUser } from '../src/client.js';
import { clientId, describeContract, type Contract } from './support.js';

/**
 * The web client the target serves at / (legacy/public/'s jQuery client, or
 * migrated's TypeScript one bundled from migrated/web/), driven in a real
 * chromium through the same selectors: what a person sees, not what the socket says.
 */

const found = findChromium();

type Slot = 'A' | 'B';

/** a fresh room made over REST by `a`, with `b` in it */
async function roomWith(c: Contract, a: TestUser, b: TestUser, name: string): Promise<{ id: string }> {
  const res = await c.api.post('/api/rooms', { name, members: [b.id] }, a.token);
  assert.equal(res.status, 201, res.text);
  return res.body;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** polls `read` until `ok` holds; fails with what it last read */
async function eventually<T>(
  what: string,
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) assert.fail(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await sleep(25);
  }
}

/** waits until `locator`'s text is `text` (whitespace normalized); the element may be re-rendered meanwhile */
async function hasText(locator: Locator, text: string): Promise<void> {
  const exactly = new RegExp('^' + text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '$');
  try {
    await locator.filter({ hasText: exactly }).waitFor({ state: 'attached' });
  } catch (err) {
    const now = await locator.textContent({ timeout: 500 }).catch(() => null);
    assert.fail(`${locator} should have the text ${JSON.stringify(text)}, has ${JSON.stringify(now)}: ${err}`);
  }
}

describeContract('web client in a real browser', {}, (c) => {
  let browser: Browser | null = null;
  /** contexts made for one test, closed after it */
  let ownContexts: BrowserContext[] = [];
  /**
   * the pages of users A and B, a context each, kept from test to test (a test
   * signs them in as its own users): a busy machine takes seconds to start a renderer
   */
  const pooled = new Map<Slot, Page>();
  let testTitle = '';
  /** console errors some step of the running test expects (a 401 on a wrong password) */
  let expected: ((p: PageProblem) => boolean)[] = [];
  /** every unexpected console error and page error, of every test */
  const problems: (PageProblem & { test: string })[] = [];

  before(async function () {
    this.timeout(30_000);
    if (found.path === null) {
      console.log(`      web client: chromium not installed: skipped (${found.reason})`);
      this.skip();
    }
    browser = await launchChromium(found.path);
  });

  beforeEach(function () {
    this.currentTest?.timeout(30_000);
    testTitle = this.currentTest?.title ?? '';
    expected = [];
  });

  afterEach(async function () {
    const own = ownContexts;
    ownContexts = [];
    await Promise.all(own.map((ctx) => ctx.close().catch(() => {})));
    // a pooled page leaves the client (its socket disconnects); after a failure it goes for good
    const failed = this.currentTest?.state !== 'passed';
    await Promise.all(
      [...pooled].map(async ([slot, page]) => {
        if (
          !failed &&
          (await page.goto('about:blank').then(
            () => true,
            () => false,
          ))
        )
          return;
        pooled.delete(slot);
        await page
          .context()
          .close()
          .catch(() => {});
      }),
    );
  });

  after(async () => {
    const pages = [...pooled.values()];
    pooled.clear();
    await Promise.all(
      pages.map((page) =>
        page
          .context()
          .close()
          .catch(() => {}),
      ),
    );
    const b = browser;
    browser = null;
    if (b) await b.close().catch(() => {});
  });

  /** a blank page in a new context (own localStorage), with its console errors and page errors watched */
  async function newPage(label: string): Promise<Page> {
    assert.ok(browser, 'chromium is running');
    const context = await browser.newContext();
    context.setDefaultTimeout(10_000); // generous: a loaded CI box is slow
    // /?as=TOKEN signs the client in: the token goes where the client keeps it, the query goes away
    await context.addInitScript(() => {
      const token = new URLSearchParams(window.location.search).get('as');
      if (token === null) return;
      window.localStorage.setItem('parrot.token', token);
      window.history.replaceState(null, '', window.location.pathname);
    });
    const page = await context.newPage();
    watchPageProblems(page, label, (p) => {
      if (!expected.some((ok) => ok(p))) problems.push({ ...p, test: testTitle });
    });
    return page;
  }

  /** a page of a context that is closed after this test */
  async function ownPage(label: string): Promise<Page> {
    const page = await newPage(label);
    ownContexts.push(page.context());
    return page;
  }

  async function pooledPage(slot: Slot): Promise<Page> {
    let page = pooled.get(slot);
    if (!page || page.isClosed()) {
      page = await newPage(slot);
      pooled.set(slot, page);
    }
    return page;
  }

  /** the web client signed in as `user` on `slot`'s page, once its socket is connected */
  async function signedIn(slot: Slot, user: TestUser): Promise<Page> {
    const page = await pooledPage(slot);
    await page.goto(`${c.target.restUrl}/?as=${encodeURIComponent(user.token)}`);
    await page.locator('#chat-screen').waitFor();
    assert.equal(await page.textContent('#me'), user.username);
    await online(page);
    return page;
  }

  async function online(page: Page): Promise<void> {
    await hasText(page.locator('#connection-status'), 'online');
  }

  function roomItem(page: Page, roomId: string): Locator {
    return page.locator(`#room-list > li.room[data-room-id="${roomId}"]`);
  }

  function messageEl(page: Page, messageId: string): Locator {
    return page.locator(`#messages > div.message[data-message-id="${messageId}"]`);
  }

  async function openRoom(page: Page, roomId: string): Promise<void> {
    await roomItem(page, roomId).click();
    await page.locator(`#room-list > li.room.active[data-room-id="${roomId}"]`).waitFor();
    await page.locator('#composer').waitFor();
  }

  /**
   * A's page then B's, both in `roomId`. Returns once A has seen B come online:
   * the server announces a user after subscribing their socket to their rooms,
   * so from then on both sockets get the room's broadcasts.
   */
  async function twoPagesInRoom(a: TestUser, b: TestUser, roomId: string): Promise<{ pageA: Page; pageB: Page }> {
    await Promise.all([pooledPage('A'), pooledPage('B')]);
    const pageA = await signedIn('A', a);
    await openRoom(pageA, roomId);
    const pageB = await signedIn('B', b);
    await openRoom(pageB, roomId);
    await pageA.locator(`#presence > li.person.online[data-user-id="${b.id}"]`).waitFor();
    return { pageA, pageB };
  }

  /** sends `text` from the composer; resolves with the id of the message as the sender's page shows it */
  async function send(page: Page, text: string): Promise<string> {
    const before = await page.locator('#messages > div.message.mine').count();
    await page.fill('#message-input', text);
    await page.click('#send-btn');
    const mine = page.locator('#messages > div.message.mine').nth(before);
    await mine.waitFor();
    assert.equal(await mine.locator('.text').textContent(), text);
    assert.equal(await page.inputValue('#message-input'), '', 'the composer is cleared');
    const id = await mine.getAttribute('data-message-id');
    assert.ok(id, 'a sent message carries its id');
    return id;
  }

  function assertNoProblems(): void {
    const mine = problems.filter((p) => p.test === testTitle);
    assert.deepEqual(mine, [], 'console errors or uncaught page errors');
  }

  it('registers and logs in through the form; a wrong password shows INVALID_CREDENTIALS', async () => {
    const page = await ownPage('visitor');
    await page.goto(c.target.restUrl + '/');
    await page.locator('#login-screen').waitFor();
    const username = 'web' + Math.random().toString(36).slice(2, 10);
    const password = 'pw-' + Math.random().toString(36).slice(2, 10);

    await page.fill('#username', username);
    await page.fill('#password', password);
    await page.click('#register-btn');
    await page.locator('#chat-screen').waitFor();
    assert.equal(await page.locator('#login-screen').isVisible(), false);
    await online(page);
    assert.equal(await page.textContent('#me'), username);

    // a new room through the sidebar form opens at once
    await page.fill('#new-room-name', 'made in the browser');
    await page.click('#create-room-btn');
    const created = page.locator('#room-list > li.room.active');
    await created.waitFor();
    assert.equal(await created.locator('.room-name').textContent(), 'made in the browser');
    assert.equal(await page.textContent('#room-title'), 'made in the browser');
    assert.equal(await page.inputValue('#new-room-name'), '');

    // the token survives a reload
    await page.reload();
    await page.locator('#chat-screen').waitFor();
    await online(page);
    assert.equal(await page.textContent('#me'), username);

    // the browser logs the login's 401 as a failed resource: that one is expected
    expected.push(
      (p) => p.kind === 'console.error' && /status of 401/.test(p.text) && p.url.endsWith('/api/users/login'),
    );
    await page.click('#logout');
    await page.locator('#login-screen').waitFor();
    await page.fill('#username', username);
    await page.fill('#password', password + '-wrong');
    await page.click('#login-btn');
    await page.locator('#auth-error[data-code="INVALID_CREDENTIALS"]').waitFor();
    assert.equal(await page.locator('#chat-screen').isVisible(), false);

    await page.fill('#password', password);
    await page.click('#login-btn');
    await page.locator('#chat-screen').waitFor();
    await online(page);
    assert.equal(await page.locator('#auth-error').isVisible(), false);
    assertNoProblems();
  });

  it("shows A's message on B's page with A's name, the typing indicator first, html escaped", async () => {
    const [a, b] = await Promise.all([c.user('wa'), c.user('wb')]);
    const room = await roomWith(c, a, b, 'web chat');
    const { pageA, pageB } = await twoPagesInRoom(a, b, room.id);

    const text = `look: <b>html</b> & 'quotes' "too"`;
    await pageA.click('#message-input');
    await pageA.keyboard.type(text.slice(0, 5)); // key presses, as a person types
    await hasText(pageB.locator('#typing'), `${a.username} is typing...`);
    await pageA.keyboard.type(text.slice(5));
    await pageA.click('#send-btn');

    const mine = pageA.locator('#messages > div.message.mine');
    await mine.waitFor();
    const id = await mine.getAttribute('data-message-id');
    assert.ok(id);
    const theirs = messageEl(pageB, id);
    await theirs.waitFor();
    assert.equal(await theirs.locator('.author').textContent(), a.username);
    assert.equal(await theirs.locator('.text').textContent(), text);
    assert.equal(await theirs.locator('a.recall').count(), 0, 'only the author gets a recall link');
    assert.equal(await mine.locator('a.recall').count(), 1);
    await hasText(pageB.locator('#typing'), ''); // the message ends the typing
    for (const page of [pageA, pageB]) {
      assert.equal(await page.locator('#messages b').count(), 0, 'user text made no <b> element');
      assert.equal(await page.locator('#messages > div.message').count(), 1);
    }
    // and B's answer reaches A the same way
    const answer = await send(pageB, 'got it');
    await hasText(messageEl(pageA, answer).locator('.author'), b.username);
    assertNoProblems();
  });

  it('shows who in the open room is online, and who went offline', async function () {
    this.timeout(60_000);
    const [a, b] = await Promise.all([c.user('pa'), c.user('pb')]);
    const room = await roomWith(c, a, b, 'presence');
    const { pageA, pageB } = await twoPagesInRoom(a, b, room.id);
    const bOnA = pageA.locator(`#presence > li.person[data-user-id="${b.id}"]`);
    await hasText(bOnA.locator('.name'), b.username);
    await pageB.locator(`#presence > li.person.online[data-user-id="${b.id}"]`).waitFor();
    await pageB.goto('about:blank'); // B leaves
    // a page that left while still on long-polling is noticed only by the ping timeout
    // (legacy: pingInterval 10 s + pingTimeout 5 s), not at once as a closed websocket is
    await pageA.locator(`#presence > li.person.offline[data-user-id="${b.id}"]`).waitFor({ timeout: 25_000 });
    assertNoProblems();
  });

  it('counts unread messages in a badge for rooms not open, and clears it when the room is opened', async () => {
    const [a, b] = await Promise.all([c.user('ua'), c.user('ub')]);
    const busy = await roomWith(c, a, b, 'busy');
    const quiet = await roomWith(c, a, b, 'quiet');
    const first = await c.api.post(`/api/rooms/${busy.id}/messages`, { text: 'while you were away' }, a.token);
    assert.equal(first.status, 201);

    const sa = await c.connect(a);
    const bIsSubscribed = nextEvent(sa, 'presence', (p) => p.userId === b.id && p.online === true, 15_000);
    const pageB = await signedIn('B', b);
    await bIsSubscribed;
    const badge = (roomId: string) => roomItem(pageB, roomId).locator('.badge');
    await hasText(badge(busy.id), '1'); // counted by the server while B was away
    assert.equal(await badge(busy.id).isVisible(), true);
    assert.equal(await badge(quiet.id).isVisible(), false);

    await openRoom(pageB, quiet.id);
    const live = await request(sa, 'message', { roomId: busy.id, text: 'and now', clientId: clientId() });
    assert.equal(live.ok, true, JSON.stringify(live));
    await hasText(badge(busy.id), '2'); // counted by the page as it arrived
    assert.equal(await badge(quiet.id).isVisible(), false);

    await openRoom(pageB, busy.id);
    await messageEl(pageB, live.message.id).waitFor();
    assert.equal(await pageB.locator('#messages > div.message').count(), 2);
    await badge(busy.id).waitFor({ state: 'hidden' });
    // the page sent the read receipt: the server agrees, and a reload shows no badge
    await eventually(
      "B's unread count for the opened room",
      async () => (await c.api.get('/api/unread', b.token)).body[busy.id],
      (n) => n === 0,
    );
    await pageB.reload();
    await online(pageB);
    await roomItem(pageB, busy.id).waitFor();
    assert.equal(await badge(busy.id).isVisible(), false);
    assertNoProblems();
  });

  it('recalls a message from the author page: the other page shows "message recalled"', async () => {
    const [a, b] = await Promise.all([c.user('ra'), c.user('rb')]);
    const room = await roomWith(c, a, b, 'recall');
    const { pageA, pageB } = await twoPagesInRoom(a, b, room.id);

    // test config: recallWindowMs 1500, so the link is clicked the moment it shows
    await pageA.fill('#message-input', 'take this back');
    const sentAt = Date.now();
    await pageA.click('#send-btn');
    const mine = pageA.locator('#messages > div.message.mine');
    await mine.locator('a.recall').click();
    const id = await mine.getAttribute('data-message-id');
    assert.ok(id);
    const outcome = await Promise.race([
      hasText(messageEl(pageA, id).locator('.text'), 'message recalled').then(
        () => 'recalled',
        () => 'not recalled',
      ),
      pageA
        .locator('#chat-error')
        .waitFor()
        .then(() => pageA.getAttribute('#chat-error', 'data-code'))
        .catch(() => 'no error shown'),
    ]);
    assert.equal(outcome, 'recalled', `the recall was refused ${Date.now() - sentAt} ms after sending`);
    for (const page of [pageB, pageA]) {
      const el = messageEl(page, id);
      await hasText(el.locator('.text'), 'message recalled');
      assert.match((await el.getAttribute('class')) ?? '', /\brecalled\b/);
      assert.equal(await el.locator('.author').textContent(), a.username);
      assert.equal(await el.locator('a.recall').count(), 0);
    }

    // after the window the server refuses, and the page says why
    const late = await send(pageA, 'too late to take back');
    await messageEl(pageB, late).waitFor();
    await sleep(1700);
    await messageEl(pageA, late).locator('a.recall').click();
    await pageA.locator('#chat-error[data-code="RECALL_EXPIRED"]').waitFor();
    assert.equal(await messageEl(pageA, late).locator('.text').textContent(), 'too late to take back');
    assert.equal(await messageEl(pageB, late).locator('.text').textContent(), 'too late to take back');
    assertNoProblems();
  });

  it('pages older history in with "Load older"', async () => {
    const [a, b] = await Promise.all([c.user('ha'), c.user('hb')]);
    const room = await roomWith(c, a, b, 'history');
    const posted = await Promise.all(
      Array.from({ length: 55 }, async (_, i) => {
        const res = await c.api.post(`/api/rooms/${room.id}/messages`, { text: `line ${i + 1}` }, a.token);
        assert.equal(res.status, 201, res.text);
        return res.body as { id: string; text: string };
      }),
    );
    // the order the server gave them: ids sort in creation order
    const oldestFirst = posted.sort((x, y) => (x.id < y.id ? -1 : 1)).map((m) => m.text);
    const pageB = await signedIn('B', b);
    await openRoom(pageB, room.id);
    const lines = pageB.locator('#messages > div.message .text');
    await hasText(lines.last(), oldestFirst[54]!);
    assert.deepEqual(await lines.allTextContents(), oldestFirst.slice(5), 'the newest page of 50, oldest on top');
    await pageB.click('#load-older');
    await hasText(lines.first(), oldestFirst[0]!);
    assert.deepEqual(await lines.allTextContents(), oldestFirst);
    await pageB.locator('#load-older').waitFor({ state: 'hidden' });
    assertNoProblems();
  });

  it("shows the room's history again after a reload; typing and presence still work", async () => {
    const [a, b] = await Promise.all([c.user('ka'), c.user('kb')]);
    const room = await roomWith(c, a, b, 'reload');
    const { pageA, pageB } = await twoPagesInRoom(a, b, room.id);
    const first = await send(pageA, 'said before the reload');
    await messageEl(pageB, first).waitFor();
    const second = await send(pageB, 'and answered');
    await messageEl(pageA, second).waitFor();

    await pageB.reload();
    await online(pageB);
    assert.equal(await pageB.textContent('#me'), b.username);
    await openRoom(pageB, room.id);
    const lines = pageB.locator('#messages > div.message');
    await hasText(lines.last().locator('.text'), 'and answered');
    assert.equal(await lines.count(), 2);
    for (const [id, author, mine] of [
      [first, a.username, false],
      [second, b.username, true],
    ] as const) {
      const el = messageEl(pageB, id);
      assert.equal(await el.locator('.author').textContent(), author);
      assert.equal(
        /\bmine\b/.test((await el.getAttribute('class')) ?? ''),
        mine,
        `${author}'s message is mine: ${mine}`,
      );
    }
    assert.equal(await messageEl(pageB, first).locator('.text').textContent(), 'said before the reload');
    for (const user of [a, b])
      await hasText(pageB.locator(`#presence > li.person[data-user-id="${user.id}"] .name`), user.username);
    // the reloaded page is back in the room for A: seen online, and its typing shows
    await pageA.locator(`#presence > li.person.online[data-user-id="${b.id}"]`).waitFor();
    await pageB.click('#message-input');
    await pageB.keyboard.type('still here');
    await hasText(pageA.locator('#typing'), `${b.username} is typing...`);
    // and A's typing reaches the reloaded page, which then knows A is online
    await pageA.click('#message-input');
    await pageA.keyboard.type('welcome back');
    await hasText(pageB.locator('#typing'), `${a.username} is typing...`);
    await pageB.locator(`#presence > li.person.online[data-user-id="${a.id}"]`).waitFor();
    assertNoProblems();
  });

  it('migrated: the page runs without jQuery and speaks socket.io 4, not the v2 client', async function () {
    // legacy's client is the jQuery one with socket.io-client 2, by design
    if (c.target.name !== 'migrated') this.skip();
    const user = await c.user('m');
    const page = await ownPage('modern');
    const requested: string[] = [];
    page.on('request', (req) => requested.push(req.url()));
    page.on('websocket', (ws) => requested.push(ws.url()));
    await page.goto(`${c.target.restUrl}/?as=${encodeURIComponent(user.token)}`);
    await page.locator('#chat-screen').waitFor();
    await online(page);
    const globals = await page.evaluate(() => ({ jQuery: 'jQuery' in window, $: '$' in window, io: 'io' in window }));
    assert.deepEqual(globals, { jQuery: false, $: false, io: false }, 'no jQuery and no socket.io global');
    assert.deepEqual(
      requested.filter((url) => /jquery|\/libs\//i.test(url)),
      [],
      'no jQuery or /libs/ script loaded',
    );
    const socketIo = requested.filter((url) => url.includes('/socket.io/'));
    assert.ok(socketIo.length > 0, `the page reached socket.io: ${requested.join(' ')}`);
    // Engine.IO protocol 4 is socket.io-client 3 and 4; the v2 client speaks EIO=3
    assert.deepEqual(
      socketIo.filter((url) => !url.includes('EIO=4')),
      [],
      'every socket.io request speaks EIO=4',
    );
    assertNoProblems();
  });

  it('logged no console errors and threw no page errors in any test', () => {
    assert.deepEqual(problems, []);
  });
});
