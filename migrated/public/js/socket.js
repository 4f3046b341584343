/*
 * parrot web client - Socket.io wrapper
 *
 * Wraps the socket.io-client 2.x global `io`. Acked events come back as
 * jQuery promises: resolved with the ack when it says {ok: true}, rejected
 * with its {code, message} error otherwise.
 */
(function (window, $) {
  'use strict';

  var Parrot = window.Parrot = window.Parrot || {};

  var ACK_TIMEOUT_MS = 10000;
  var RECONNECT_ATTEMPTS = 5;

  var socket = null;
  var listeners = {};     // event name -> [fn, ...]
  var everConnected = false;

  // events the server pushes to us; bound once per socket instance
  var SERVER_EVENTS = ['message', 'typing', 'read', 'recalled', 'presence'];

  function fire(name, data) {
    var list = listeners[name];
    var i;
    if (!list) {
      return;
    }
    for (i = 0; i < list.length; i++) {
      try {
        list[i](data);
      } catch (e) {
        if (window.console && window.console.error) {
          window.console.error('parrot: handler for "' + name + '" failed', e);
        }
      }
    }
  }

  // listen on socket s, but only while it is still the current one
  function listen(s, name, fn) {
    s.on(name, function (data) {
      if (s === socket) {
        fn(data);
      }
    });
  }

  function relay(s, name) {
    listen(s, name, function (data) {
      fire(name, data);
    });
  }

  function bindSocket(s) {
    var i;
    for (i = 0; i < SERVER_EVENTS.length; i++) {
      relay(s, SERVER_EVENTS[i]);
    }

    listen(s, 'connect', function () {
      fire('status', 'connected');
      fire('connected', { reconnect: everConnected });
      everConnected = true;
    });

    listen(s, 'disconnect', function () {
      fire('status', 'disconnected');
    });

    listen(s, 'reconnecting', function () {
      fire('status', 'reconnecting');
    });

    listen(s, 'reconnect_failed', function () {
      fire('status', 'offline');
      fire('reconnect_failed');
    });

    // handshake refused by the server (bad token) arrives as 'error'
    listen(s, 'error', function (err) {
      var e = err;
      if (typeof e === 'string') {
        try {
          e = JSON.parse(e);
        } catch (ex) {
          e = { code: 'SOCKET_ERROR', message: err };
        }
      }
      if (!e || typeof e !== 'object') {
        e = { code: 'SOCKET_ERROR', message: String(err) };
      }
      if (e.code === 'UNAUTHORIZED') {
        fire('unauthorized', e);
      } else {
        fire('socket_error', e);
      }
    });
  }

  function connect(url, token) {
    disconnect();
    socket = window.io(url, {
      query: { token: token },
      forceNew: true,
      reconnection: true,
      reconnectionAttempts: RECONNECT_ATTEMPTS,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 5000
    });
    bindSocket(socket);
    fire('status', 'connecting');
    return socket;
  }

  function disconnect() {
    var old = socket;
    socket = null;
    if (old) {
      old.off();
      old.close();
    }
  }

  function request(event, payload) {
    var deferred = $.Deferred();
    var done = false;
    var timer;

    if (!socket) {
      deferred.reject({ code: 'NOT_CONNECTED', message: 'Not connected to the chat server' });
      return deferred.promise();
    }

    timer = window.setTimeout(function () {
      if (done) {
        return;
      }
      done = true;
      deferred.reject({ code: 'TIMEOUT', message: 'The chat server did not answer in time' });
    }, ACK_TIMEOUT_MS);

    socket.emit(event, payload, function (res) {
      if (done) {
        return;
      }
      done = true;
      window.clearTimeout(timer);
      if (res && res.ok) {
        deferred.resolve(res);
      } else if (res && res.error) {
        deferred.reject(res.error);
      } else {
        deferred.reject({ code: 'INTERNAL_ERROR', message: 'Bad answer from the chat server' });
      }
    });

    return deferred.promise();
  }

  Parrot.socket = {
    connect: connect,
    disconnect: disconnect,

    isConnected: function () {
      return !!(socket && socket.connected);
    },

    on: function (name, fn) {
      if (!listeners[name]) {
        listeners[name] = [];
      }
      listeners[name].push(fn);
    },

    reset: function () {
      disconnect();
      everConnected = false;
    },

    join: function (roomId) {
      return request('join', { roomId: roomId });
    },

    send: function (roomId, text, clientId) {
      return request('message', { roomId: roomId, text: text, clientId: clientId });
    },

    history: function (roomId, before, limit) {
      var payload = { roomId: roomId };
      if (before) {
        payload.before = before;
      }
      if (limit) {
        payload.limit = limit;
      }
      return request('history', payload);
    },

    typing: function (roomId) {
      return request('typing', { roomId: roomId });
    },

    read: function (roomId, messageId) {
      return request('read', { roomId: roomId, messageId: messageId });
    },

    recall: function (messageId) {
      return request('recall', { messageId: messageId });
    }
  };
})(window, jQuery);
