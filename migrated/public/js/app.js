/*
 * parrot web client - wiring
 *
 * Keeps the client state, talks to Parrot.api / Parrot.socket and asks
 * Parrot.ui to draw. Loaded last.
 */
(function (window, $) {
  'use strict';

  var Parrot = window.Parrot = window.Parrot || {};
  var api = Parrot.api;
  var sock = Parrot.socket;
  var ui = Parrot.ui;

  var HISTORY_PAGE = 50;
  var TYPING_THROTTLE_MS = 2000;
  var TYPING_SHOW_MS = 3000;
  var ROOM_POLL_MS = 30000;
  var SERVER_RETRY_MS = 5000;

  var state;
  var clientCounter = 0;
  var roomPollTimer = null;
  var serverRetryTimer = null;

  function freshState() {
    return {
      me: null,
      rooms: [],
      roomsById: {},
      roomsLoaded: false,
      labels: {},
      unread: {},
      currentRoomId: null,
      hasMore: false,
      loadingOlder: false,
      historySeq: 0,
      lastTypingSent: 0,
      typers: {},       // userId -> {username, timer}
      lastRead: {},     // roomId -> newest messageId we sent a receipt for
      users: {},        // userId -> username
      userRequests: {}, // userId -> pending promise
      online: {}        // userId -> true / false (missing: not known yet)
    };
  }

  state = freshState();

  function makeClientId() {
    clientCounter += 1;
    return 'web-' + new Date().getTime().toString(36) + '-' +
      Math.random().toString(36).slice(2, 10) + '-' + clientCounter;
  }

  // ------------------------------------------------------------------ users

  function noteUser(id, username) {
    if (id && username) {
      state.users[id] = username;
    }
  }

  function lookupUser(id) {
    var d;
    if (state.users[id]) {
      return $.Deferred().resolve({ id: id, username: state.users[id] }).promise();
    }
    if (state.userRequests[id]) {
      return state.userRequests[id];
    }
    d = api.getUser(id);
    state.userRequests[id] = d;
    d.done(function (user) {
      noteUser(user.id, user.username);
      if (state.currentRoomId) {
        drawPresence();
      }
    }).always(function () {
      delete state.userRequests[id];
    });
    return d;
  }

  // ------------------------------------------------------------------ rooms

  function otherMember(room) {
    var i;
    for (i = 0; i < room.members.length; i++) {
      if (state.me && room.members[i] !== state.me.id) {
        return room.members[i];
      }
    }
    return null;
  }

  function roomLabel(room) {
    return state.labels[room.id] || room.name || room.id;
  }

  function resolveLabel(room) {
    var other;
    if (room.type !== 'direct') {
      state.labels[room.id] = room.name;
      return;
    }
    other = otherMember(room);
    if (!other) {
      state.labels[room.id] = room.name || 'direct';
      return;
    }
    state.labels[room.id] = state.users[other] ? '@' + state.users[other] : (room.name || 'direct');
    lookupUser(other).done(function (user) {
      state.labels[room.id] = '@' + user.username;
      ui.setRoomLabel(room.id, state.labels[room.id]);
      if (state.currentRoomId === room.id) {
        ui.setActiveRoom(room.id, state.labels[room.id]);
      }
    });
  }

  function addRoom(room) {
    if (!state.roomsById[room.id]) {
      state.rooms.push(room);
    } else {
      $.each(state.rooms, function (i, r) {
        if (r.id === room.id) {
          state.rooms[i] = room;
        }
      });
    }
    state.roomsById[room.id] = room;
    resolveLabel(room);
  }

  function drawRooms() {
    ui.renderRooms(state.rooms, state.labels, state.unread, state.currentRoomId);
  }

  function loadRooms() {
    return api.rooms().done(function (rooms) {
      var firstLoad = !state.roomsLoaded;
      var known = state.roomsById;
      var i;

      state.rooms = [];
      state.roomsById = {};
      for (i = 0; i < rooms.length; i++) {
        addRoom(rooms[i]);
        // somebody put us in a room after our socket connected: subscribe
        if (!firstLoad && !known[rooms[i].id] && sock.isConnected()) {
          sock.join(rooms[i].id);
        }
      }
      state.roomsLoaded = true;

      if (state.currentRoomId && !state.roomsById[state.currentRoomId]) {
        closeRoom();
      }
      drawRooms();
      refreshUnread();
      if (state.currentRoomId) {
        drawPresence();
      }
    }).fail(function (err) {
      ui.showChatError(err);
    });
  }

  function refreshUnread() {
    return api.unread().done(function (unread) {
      state.unread = unread || {};
      ui.renderUnread(state.unread);
    });
  }

  function bumpUnread(roomId) {
    state.unread[roomId] = (state.unread[roomId] || 0) + 1;
    ui.setUnread(roomId, state.unread[roomId]);
  }

  function enterRoom(room) {
    addRoom(room);
    drawRooms();
    // the server only subscribes us to our rooms on connect
    sock.join(room.id).fail(function (err) {
      ui.showChatError(err);
    });
    selectRoom(room.id);
  }

  // the three sidebar forms: read the input, ask the server for a room, open it
  function roomFromInput(inputSel, btnSel, callApi, emptyMessage) {
    var value = $.trim($(inputSel).val());
    if (!value) {
      ui.showChatError({ code: 'VALIDATION_ERROR', message: emptyMessage });
      return;
    }
    $(btnSel).prop('disabled', true);
    callApi(value).done(function (room) {
      $(inputSel).val('');
      enterRoom(room);
    }).fail(function (err) {
      ui.showChatError(err);
    }).always(function () {
      $(btnSel).prop('disabled', false);
    });
  }

  // ------------------------------------------------------------ open room

  function clearTypers() {
    $.each(state.typers, function (id, t) {
      window.clearTimeout(t.timer);
    });
    state.typers = {};
    ui.renderTyping([]);
  }

  function closeRoom() {
    state.currentRoomId = null;
    state.historySeq += 1;
    clearTypers();
    ui.clearMessages();
    ui.setActiveRoom(null, '');
    ui.renderPresence([]);
  }

  function selectRoom(roomId) {
    var room = state.roomsById[roomId];
    if (!room) {
      return;
    }
    ui.clearChatError();
    if (state.currentRoomId !== roomId) {
      clearTypers();
      ui.clearMessages();
      state.lastTypingSent = 0;
    }
    state.currentRoomId = roomId;
    state.hasMore = false;
    state.loadingOlder = false;
    ui.setActiveRoom(roomId, roomLabel(room));
    drawPresence();
    loadHistory();
    $('#message-input').focus();
  }

  function loadHistory() {
    var roomId = state.currentRoomId;
    var seq;
    if (!roomId) {
      return;
    }
    state.historySeq += 1;
    seq = state.historySeq;
    sock.history(roomId, null, HISTORY_PAGE).done(function (res) {
      var i;
      if (seq !== state.historySeq || roomId !== state.currentRoomId) {
        return; // user moved on
      }
      for (i = 0; i < res.messages.length; i++) {
        noteUser(res.messages[i].userId, res.messages[i].username);
      }
      ui.renderHistory(res.messages, state.me);
      state.hasMore = !!res.hasMore;
      ui.setLoadOlder(state.hasMore, false);
      markRead();
    }).fail(function (err) {
      if (seq === state.historySeq) {
        ui.showChatError(err);
      }
    });
  }

  function loadOlder() {
    var roomId = state.currentRoomId;
    var before = ui.oldestMessageId();
    var seq = state.historySeq;
    if (!roomId || !before || state.loadingOlder) {
      return;
    }
    state.loadingOlder = true;
    ui.setLoadOlder(true, true);
    sock.history(roomId, before, HISTORY_PAGE).done(function (res) {
      if (seq !== state.historySeq || roomId !== state.currentRoomId) {
        return;
      }
      ui.renderOlder(res.messages, state.me);
      state.hasMore = !!res.hasMore;
    }).fail(function (err) {
      ui.showChatError(err);
    }).always(function () {
      if (roomId === state.currentRoomId) {
        state.loadingOlder = false;
        ui.setLoadOlder(state.hasMore, false);
      }
    });
  }

  // receipt for the newest message on screen, once per message
  function markRead() {
    var roomId = state.currentRoomId;
    var newest = ui.newestMessageId();
    var last;
    if (!roomId || !newest) {
      return;
    }
    last = state.lastRead[roomId];
    if (last && last >= newest) {
      return;
    }
    state.lastRead[roomId] = newest;
    sock.read(roomId, newest).done(function () {
      refreshUnread();
    }).fail(function (err) {
      if (state.lastRead[roomId] === newest) {
        delete state.lastRead[roomId];
      }
      ui.showChatError(err);
    });
  }

  // --------------------------------------------------------------- sending

  function sendMessage() {
    var roomId = state.currentRoomId;
    var $input = $('#message-input');
    var text = $input.val();
    if (!roomId) {
      ui.showChatError({ code: 'VALIDATION_ERROR', message: 'Pick a room first' });
      return;
    }
    if (!$.trim(text)) {
      return;
    }
    $input.val('');
    sock.send(roomId, text, makeClientId()).done(function (res) {
      if (res.message && res.message.roomId === state.currentRoomId) {
        ui.appendMessage(res.message, state.me);
        markRead();
      }
    }).fail(function (err) {
      if (!$input.val()) {
        $input.val(text);
      }
      ui.showChatError(err);
    });
  }

  function recallMessage(messageId) {
    sock.recall(messageId).done(function () {
      ui.markRecalled(messageId);
    }).fail(function (err) {
      ui.showChatError(err);
    });
  }

  function onComposerKeypress(e) {
    var now;
    if (!state.currentRoomId || e.which === 13) {
      return;
    }
    now = new Date().getTime();
    if (now - state.lastTypingSent < TYPING_THROTTLE_MS) {
      return;
    }
    state.lastTypingSent = now;
    sock.typing(state.currentRoomId); // failures here are not worth a banner
  }

  // ---------------------------------------------------- typing & presence

  function drawTyping() {
    var names = [];
    $.each(state.typers, function (id, t) {
      names.push(t.username);
    });
    ui.renderTyping(names);
  }

  function stopTyping(userId) {
    var t = state.typers[userId];
    if (t) {
      window.clearTimeout(t.timer);
      delete state.typers[userId];
      drawTyping();
    }
  }

  function presenceOf(userId) {
    if (state.me && userId === state.me.id) {
      return 'online';
    }
    if (state.online[userId] === true) {
      return 'online';
    }
    if (state.online[userId] === false) {
      return 'offline';
    }
    return 'unknown';
  }

  function drawPresence() {
    var room = state.roomsById[state.currentRoomId];
    var people = [];
    var missing = [];
    var i;
    var id;
    if (!room) {
      ui.renderPresence([]);
      return;
    }
    for (i = 0; i < room.members.length; i++) {
      id = room.members[i];
      if (!state.users[id]) {
        missing.push(id);
      }
      people.push({ id: id, username: state.users[id] || id, status: presenceOf(id) });
    }
    ui.renderPresence(people);
    for (i = 0; i < missing.length; i++) {
      lookupUser(missing[i]); // redraws when it comes back
    }
  }

  function seenOnline(userId) {
    if (state.online[userId] !== true) {
      state.online[userId] = true;
      drawPresence();
    }
  }

  function addMember(roomId, userId) {
    var room = state.roomsById[roomId];
    if (room && $.inArray(userId, room.members) === -1) {
      room.members.push(userId);
      if (roomId === state.currentRoomId) {
        drawPresence();
      }
    }
  }

  // ---------------------------------------------------------- socket events

  function onMessage(msg) {
    if (!msg || !msg.roomId) {
      return;
    }
    noteUser(msg.userId, msg.username);
    seenOnline(msg.userId);
    if (!state.roomsById[msg.roomId]) {
      loadRooms(); // a room we did not know about yet
      return;
    }
    addMember(msg.roomId, msg.userId);
    if (msg.roomId === state.currentRoomId) {
      stopTyping(msg.userId);
      ui.appendMessage(msg, state.me);
      markRead();
    } else if (!state.me || msg.userId !== state.me.id) {
      bumpUnread(msg.roomId);
    }
  }

  function onTyping(data) {
    var userId;
    if (!data || data.roomId !== state.currentRoomId) {
      return;
    }
    userId = data.userId;
    if (state.me && userId === state.me.id) {
      return;
    }
    noteUser(userId, data.username);
    seenOnline(userId);
    if (state.typers[userId]) {
      window.clearTimeout(state.typers[userId].timer);
    }
    state.typers[userId] = {
      username: data.username || state.users[userId] || 'Someone',
      timer: window.setTimeout(function () {
        stopTyping(userId);
      }, TYPING_SHOW_MS)
    };
    drawTyping();
  }

  function onRecalled(data) {
    if (!data || !data.messageId) {
      return;
    }
    ui.markRecalled(data.messageId);
    if (data.roomId !== state.currentRoomId) {
      refreshUnread();
    }
  }

  function onRead(data) {
    // our own receipt from another tab: the badges changed
    if (data && state.me && data.userId === state.me.id) {
      refreshUnread();
    }
  }

  function onPresence(data) {
    if (!data || !data.userId) {
      return;
    }
    state.online[data.userId] = !!data.online;
    if (!data.online) {
      stopTyping(data.userId);
    }
    drawPresence();
  }

  function onConnected(info) {
    ui.clearChatError();
    if (info && info.reconnect) {
      loadRooms();
    }
    // (re)load the open room; covers messages missed while away
    if (state.currentRoomId) {
      loadHistory();
    }
  }

  function connectSocket() {
    var token = api.getToken();
    window.clearTimeout(serverRetryTimer);
    if (!token || !state.me) {
      return;
    }
    ui.setStatus('connecting');
    api.server().done(function (res) {
      if (!state.me) {
        return; // logged out meanwhile
      }
      sock.connect(res.url, token);
    }).fail(function (err) {
      ui.setStatus('offline');
      ui.showChatError(err);
      serverRetryTimer = window.setTimeout(connectSocket, SERVER_RETRY_MS);
    });
  }

  sock.on('message', onMessage);
  sock.on('typing', onTyping);
  sock.on('recalled', onRecalled);
  sock.on('read', onRead);
  sock.on('presence', onPresence);
  sock.on('connected', onConnected);
  sock.on('status', function (status) {
    ui.setStatus(status);
  });
  sock.on('reconnect_failed', function () {
    // our socket server may be gone: ask the balancer for another one
    serverRetryTimer = window.setTimeout(connectSocket, 1000);
  });
  sock.on('unauthorized', function () {
    logout({ code: 'UNAUTHORIZED', message: 'Your session has expired, please log in again' });
  });
  sock.on('socket_error', function (err) {
    ui.showChatError(err);
  });

  // ------------------------------------------------------------ session

  function enterChat(user) {
    state.me = user;
    noteUser(user.id, user.username);
    ui.showChat(user);
    ui.setActiveRoom(null, '');
    connectSocket();
    loadRooms();
    window.clearInterval(roomPollTimer);
    roomPollTimer = window.setInterval(function () {
      if (state.me) {
        loadRooms();
      }
    }, ROOM_POLL_MS);
  }

  function logout(reason) {
    window.clearInterval(roomPollTimer);
    window.clearTimeout(serverRetryTimer);
    sock.reset();
    api.setToken(null);
    clearTypers();
    state = freshState();
    ui.clearMessages();
    ui.clearChatError();
    ui.renderRooms([], {}, {}, null);
    ui.renderPresence([]);
    ui.setActiveRoom(null, '');
    ui.showLogin();
    if (reason) {
      ui.showAuthError(reason);
    }
  }

  function readCredentials() {
    var username = $.trim($('#username').val());
    var password = $('#password').val();
    if (!username || !password) {
      ui.showAuthError({ code: 'VALIDATION_ERROR', message: 'Enter a username and a password' });
      return null;
    }
    return { username: username, password: password };
  }

  function setAuthBusy(busy) {
    $('#login-btn, #register-btn').prop('disabled', busy);
  }

  function login(creds) {
    setAuthBusy(true);
    ui.clearAuthError();
    return api.login(creds.username, creds.password).done(function (res) {
      api.setToken(res.token);
      enterChat(res.user);
    }).fail(function (err) {
      ui.showAuthError(err);
    }).always(function () {
      setAuthBusy(false);
    });
  }

  function register(creds) {
    setAuthBusy(true);
    ui.clearAuthError();
    api.register(creds.username, creds.password).done(function () {
      login(creds);
    }).fail(function (err) {
      setAuthBusy(false);
      ui.showAuthError(err);
    });
  }

  api.onUnauthorized = function () {
    if (state.me || api.getToken()) {
      logout({ code: 'UNAUTHORIZED', message: 'Your session has expired, please log in again' });
    }
  };

  // ------------------------------------------------------------ DOM wiring

  $(function () {
    $('#login-form').on('submit', function (e) {
      var creds;
      e.preventDefault();
      creds = readCredentials();
      if (creds) {
        login(creds);
      }
    });

    $('#register-btn').on('click', function (e) {
      var creds;
      e.preventDefault();
      creds = readCredentials();
      if (creds) {
        register(creds);
      }
    });

    $('#logout').on('click', function (e) {
      e.preventDefault();
      logout();
    });

    $('#room-list').on('click', 'li[data-room-id]', function () {
      selectRoom($(this).attr('data-room-id'));
    });

    $('#new-room-form').on('submit', function (e) {
      e.preventDefault();
      roomFromInput('#new-room-name', '#create-room-btn', api.createRoom, 'Give the room a name');
    });

    $('#join-room-form').on('submit', function (e) {
      e.preventDefault();
      roomFromInput('#join-room-id', '#join-room-btn', api.joinRoom, 'Enter a room id');
    });

    $('#direct-form').on('submit', function (e) {
      e.preventDefault();
      roomFromInput('#direct-user-id', '#direct-btn', api.direct, 'Enter a user id');
    });

    $('#composer').on('submit', function (e) {
      e.preventDefault();
      sendMessage();
    });

    $('#message-input').on('keypress', onComposerKeypress);

    $('#load-older').on('click', function (e) {
      e.preventDefault();
      loadOlder();
    });

    $('#messages').on('click', '.recall', function (e) {
      e.preventDefault();
      recallMessage($(this).closest('.message').attr('data-message-id'));
    });

    $('#chat-error').on('click', function () {
      ui.clearChatError();
    });

    // back from another tab: catch up on the receipt
    $(window).on('focus', function () {
      if (state.currentRoomId) {
        markRead();
      }
    });

    if (api.getToken()) {
      api.me().done(function (user) {
        enterChat(user);
      }).fail(function (err) {
        // a bad token was already dropped by api.onUnauthorized; for any
        // other failure keep the token and let the user retry
        ui.showLogin();
        if (err.code !== 'UNAUTHORIZED') {
          ui.showAuthError(err);
        }
      });
    } else {
      ui.showLogin();
    }
  });

  // handy in the console and for tests
  Parrot.app = {
    state: function () {
      return state;
    },
    selectRoom: selectRoom,
    loadRooms: loadRooms,
    logout: logout
  };
})(window, jQuery);
