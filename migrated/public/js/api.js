/*
 * parrot web client - REST wrapper
 *
 * Every call returns a jQuery promise. On failure the promise is rejected
 * with the server's error object {code, message} (or a made-up one when the
 * server could not be reached at all).
 */
(function (window, $) {
  'use strict';

  var Parrot = window.Parrot = window.Parrot || {};

  var TOKEN_KEY = 'parrot.token';

  function getToken() {
    return window.localStorage.getItem(TOKEN_KEY);
  }

  function setToken(token) {
    if (token) {
      window.localStorage.setItem(TOKEN_KEY, token);
    } else {
      window.localStorage.removeItem(TOKEN_KEY);
    }
  }

  // turn a failed jqXHR into {code, message}
  function toError(xhr) {
    var body = xhr && xhr.responseJSON;
    if (!body && xhr && xhr.responseText) {
      try {
        body = JSON.parse(xhr.responseText);
      } catch (e) {
        body = null;
      }
    }
    if (body && body.error && body.error.code) {
      return { code: body.error.code, message: body.error.message || body.error.code, status: xhr.status };
    }
    if (!xhr || xhr.status === 0) {
      return { code: 'NETWORK_ERROR', message: 'Could not reach the server', status: 0 };
    }
    return { code: 'INTERNAL_ERROR', message: 'Unexpected response (' + xhr.status + ')', status: xhr.status };
  }

  function request(method, url, data) {
    var headers = {};
    var token = getToken();
    if (token) {
      headers.Authorization = 'Bearer ' + token;
    }
    var options = {
      url: url,
      type: method,
      dataType: 'json',
      headers: headers,
      cache: false
    };
    if (data !== undefined) {
      options.contentType = 'application/json';
      options.data = JSON.stringify(data);
    }

    var deferred = $.Deferred();
    $.ajax(options).done(function (body) {
      deferred.resolve(body);
    }).fail(function (xhr) {
      var err = toError(xhr);
      if (err.code === 'UNAUTHORIZED' && Parrot.api.onUnauthorized) {
        Parrot.api.onUnauthorized(err);
      }
      deferred.reject(err);
    });
    return deferred.promise();
  }

  Parrot.api = {
    // set by app.js: called when the server says our token is no good
    onUnauthorized: null,

    getToken: getToken,
    setToken: setToken,

    register: function (username, password) {
      return request('POST', '/api/users/register', { username: username, password: password });
    },

    login: function (username, password) {
      return request('POST', '/api/users/login', { username: username, password: password });
    },

    me: function () {
      return request('GET', '/api/users/me');
    },

    getUser: function (userId) {
      return request('GET', '/api/users/' + encodeURIComponent(userId));
    },

    rooms: function () {
      return request('GET', '/api/rooms');
    },

    createRoom: function (name, members) {
      var body = { name: name };
      if (members && members.length) {
        body.members = members;
      }
      return request('POST', '/api/rooms', body);
    },

    joinRoom: function (roomId) {
      return request('POST', '/api/rooms/' + encodeURIComponent(roomId) + '/join', {});
    },

    direct: function (userId) {
      return request('POST', '/api/direct/' + encodeURIComponent(userId), {});
    },

    unread: function () {
      return request('GET', '/api/unread');
    },

    server: function () {
      return request('GET', '/api/server');
    }
  };
})(window, jQuery);
