/*
 * parrot web client - rendering
 *
 * Everything that touches the DOM lives here. All user supplied text goes
 * through escapeHtml() before it is put into markup.
 */
(function (window, $) {
  'use strict';

  var Parrot = window.Parrot = window.Parrot || {};

  var HTML_ESCAPES = {
    '&': '&amp;',
    '<': '&lt;',
    '>': '&gt;',
    '"': '&quot;',
    "'": '&#39;'
  };

  function escapeHtml(value) {
    if (value === null || value === undefined) {
      return '';
    }
    return String(value).replace(/[&<>"']/g, function (ch) {
      return HTML_ESCAPES[ch];
    });
  }

  function pad2(n) {
    return n < 10 ? '0' + n : String(n);
  }

  function formatTime(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) {
      return '';
    }
    return pad2(d.getHours()) + ':' + pad2(d.getMinutes());
  }


  // ---------------------------------------------------------------- screens

  function showLogin() {
    $('#chat-screen').hide();
    $('#login-screen').show();
    $('#password').val('');
    $('#username').focus();
  }

  function showChat(user) {
    $('#login-screen').hide();
    $('#chat-screen').show();
    $('#me').text(user ? user.username : '');
    $('#me-id').text(user ? user.id : '');
    clearAuthError();
  }

  function showAuthError(err) {
    var text = err && err.message ? err.message : String(err);
    $('#auth-error').text(text).attr('data-code', err && err.code ? err.code : '').show();
  }

  function clearAuthError() {
    $('#auth-error').text('').attr('data-code', '').hide();
  }

  var chatErrorTimer = null;

  function showChatError(err) {
    var text = err && err.message ? err.message : String(err);
    var code = err && err.code ? err.code : '';
    $('#chat-error').text(code ? text + ' (' + code + ')' : text).attr('data-code', code).show();
    window.clearTimeout(chatErrorTimer);
    chatErrorTimer = window.setTimeout(clearChatError, 8000);
  }

  function clearChatError() {
    window.clearTimeout(chatErrorTimer);
    $('#chat-error').text('').attr('data-code', '').hide();
  }

  function setStatus(status) {
    var labels = {
      connecting: 'connecting...',
      connected: 'online',
      disconnected: 'disconnected',
      reconnecting: 'reconnecting...',
      offline: 'offline'
    };
    $('#connection-status')
      .text(labels[status] || status)
      .attr('class', 'status-' + status);
  }

  // -------------------------------------------------------------- room list

  function roomItemHtml(room, label, count, active) {
    var classes = 'room room-' + escapeHtml(room.type);
    if (active) {
      classes += ' active';
    }
    return '<li class="' + classes + '" data-room-id="' + escapeHtml(room.id) + '">' +
      '<span class="room-name">' + escapeHtml(label) + '</span>' +
      '<span class="badge"' + (count > 0 ? '' : ' style="display:none"') + '>' +
      (count > 0 ? escapeHtml(count) : '') + '</span>' +
      '</li>';
  }

  function renderRooms(rooms, labels, unread, activeRoomId) {
    var html = '';
    var i;
    var room;
    for (i = 0; i < rooms.length; i++) {
      room = rooms[i];
      html += roomItemHtml(room, labels[room.id] || room.name, unread[room.id] || 0,
        room.id === activeRoomId);
    }
    if (!rooms.length) {
      html = '<li class="empty">No rooms yet. Create one below.</li>';
    }
    $('#room-list').html(html);
  }

  function findRoomItem(roomId) {
    return $('#room-list li').filter(function () {
      return $(this).attr('data-room-id') === roomId;
    });
  }

  function setRoomLabel(roomId, label) {
    findRoomItem(roomId).find('.room-name').text(label);
  }

  function setUnread(roomId, count) {
    var $badge = findRoomItem(roomId).find('.badge');
    if (count > 0) {
      $badge.text(count).show();
    } else {
      $badge.text('').hide();
    }
  }

  function renderUnread(unread) {
    $('#room-list li[data-room-id]').each(function () {
      var id = $(this).attr('data-room-id');
      setUnread(id, unread[id] || 0);
    });
  }

  function setActiveRoom(roomId, title) {
    $('#room-list li').removeClass('active');
    if (roomId) {
      findRoomItem(roomId).addClass('active');
    }
    $('#room-title').text(title || '');
    $('#composer').toggle(!!roomId);
    $('#no-room').toggle(!roomId);
  }

  // --------------------------------------------------------------- messages

  function messageHtml(msg, me) {
    var mine = me && msg.userId === me.id;
    var classes = ['message'];
    var body;
    var type = msg.type || 'text';

    classes.push('message-' + type);
    if (mine) {
      classes.push('mine');
    }
    if (msg.recalled) {
      classes.push('recalled');
    }
    if (me && !mine && $.inArray(me.id, msg.mentions || []) !== -1) {
      classes.push('mention');
    }

    if (msg.recalled) {
      body = '<span class="text">message recalled</span>';
    } else {
      body = '<span class="text">' + escapeHtml(msg.text) + '</span>';
    }

    return '<div class="' + escapeHtml(classes.join(' ')) + '"' +
      ' data-message-id="' + escapeHtml(msg.id) + '"' +
      ' data-user-id="' + escapeHtml(msg.userId) + '"' +
      (msg.clientId ? ' data-client-id="' + escapeHtml(msg.clientId) + '"' : '') + '>' +
      '<span class="time">' +
      escapeHtml(formatTime(msg.createdAt)) + '</span> ' +
      (type === 'action' ? '<span class="star">*</span> ' : '') +
      '<span class="author">' + escapeHtml(msg.username) + '</span> ' +
      body +
      (mine && !msg.recalled ? ' <a href="#" class="recall" title="Recall this message">recall</a>' : '') +
      '</div>';
  }

  function findMessage(messageId) {
    return $('#messages .message').filter(function () {
      return $(this).attr('data-message-id') === messageId;
    });
  }

  // Puts a message into the pane, keeping the pane sorted by id (ids sort
  // in creation order as strings). A message already on screen is replaced.
  function insertMessage(msg, me) {
    var $pane = $('#messages');
    var $el = $(messageHtml(msg, me));
    var $existing = findMessage(msg.id);
    var $all;
    var $first;
    var $last;
    var i;

    if ($existing.length) {
      $existing.replaceWith($el);
      return $el;
    }

    $all = $pane.children('.message');
    if (!$all.length) {
      $pane.append($el);
      return $el;
    }
    $last = $all.last();
    if ($last.attr('data-message-id') < msg.id) {
      $last.after($el);
      return $el;
    }
    $first = $all.first();
    if ($first.attr('data-message-id') > msg.id) {
      $first.before($el);
      return $el;
    }
    for (i = $all.length - 1; i >= 0; i--) {
      if ($all.eq(i).attr('data-message-id') < msg.id) {
        $all.eq(i).after($el);
        return $el;
      }
    }
    $pane.prepend($el);
    return $el;
  }

  function clearMessages() {
    $('#messages').empty();
    $('#load-older').hide();
  }

  function isNearBottom() {
    var pane = $('#message-pane')[0];
    if (!pane) {
      return true;
    }
    return pane.scrollHeight - pane.scrollTop - pane.clientHeight < 80;
  }

  function scrollToBottom() {
    var pane = $('#message-pane')[0];
    if (pane) {
      pane.scrollTop = pane.scrollHeight;
    }
  }

  // history ack is newest first: show oldest at the top
  function renderHistory(messages, me) {
    var i;
    for (i = messages.length - 1; i >= 0; i--) {
      insertMessage(messages[i], me);
    }
    scrollToBottom();
  }

  // older page: keep what the user was looking at in place
  function renderOlder(messages, me) {
    var pane = $('#message-pane')[0];
    var before = pane ? pane.scrollHeight : 0;
    var i;
    for (i = 0; i < messages.length; i++) {
      insertMessage(messages[i], me);
    }
    if (pane) {
      pane.scrollTop += pane.scrollHeight - before;
    }
  }

  function appendMessage(msg, me) {
    var stick = isNearBottom() || (me && msg.userId === me.id);
    insertMessage(msg, me);
    if (stick) {
      scrollToBottom();
    }
  }

  function markRecalled(messageId) {
    var $el = findMessage(messageId);
    if (!$el.length) {
      return;
    }
    $el.addClass('recalled').removeClass('mention');
    $el.find('.text').text('message recalled');
    $el.find('.recall').remove();
  }

  function setLoadOlder(visible, busy) {
    $('#load-older')
      .toggle(!!visible)
      .prop('disabled', !!busy)
      .text(busy ? 'Loading...' : 'Load older');
  }

  function oldestMessageId() {
    return $('#messages .message').first().attr('data-message-id') || null;
  }

  function newestMessageId() {
    return $('#messages .message').last().attr('data-message-id') || null;
  }

  // ----------------------------------------------------------------- typing

  function renderTyping(names) {
    var text = '';
    if (names.length === 1) {
      text = names[0] + ' is typing...';
    } else if (names.length === 2) {
      text = names[0] + ' and ' + names[1] + ' are typing...';
    } else if (names.length > 2) {
      text = 'Several people are typing...';
    }
    $('#typing').text(text);
  }

  // --------------------------------------------------------------- presence

  // people: [{id, username, status: 'online'|'offline'|'unknown'}]
  function renderPresence(people) {
    var html = '';
    var i;
    var p;
    for (i = 0; i < people.length; i++) {
      p = people[i];
      html += '<li class="person ' + escapeHtml(p.status) + '" data-user-id="' + escapeHtml(p.id) + '"' +
        ' title="' + escapeHtml(p.status) + '">' +
        '<span class="dot"></span> <span class="name">' + escapeHtml(p.username || p.id) + '</span>' +
        '</li>';
    }
    $('#presence').html(html);
  }

  Parrot.ui = {
    escapeHtml: escapeHtml,
    formatTime: formatTime,
    showLogin: showLogin,
    showChat: showChat,
    showAuthError: showAuthError,
    clearAuthError: clearAuthError,
    showChatError: showChatError,
    clearChatError: clearChatError,
    setStatus: setStatus,
    renderRooms: renderRooms,
    setRoomLabel: setRoomLabel,
    setUnread: setUnread,
    renderUnread: renderUnread,
    setActiveRoom: setActiveRoom,
    clearMessages: clearMessages,
    renderHistory: renderHistory,
    renderOlder: renderOlder,
    appendMessage: appendMessage,
    findMessage: findMessage,
    markRecalled: markRecalled,
    setLoadOlder: setLoadOlder,
    oldestMessageId: oldestMessageId,
    newestMessageId: newestMessageId,
    renderTyping: renderTyping,
    renderPresence: renderPresence
  };
})(window, jQuery);
