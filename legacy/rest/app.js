/**
 * The express app of the REST role (and the web client).
 */
var path = require('path');
var express = require('express');
var bodyParser = require('body-parser');
var errorHandlers = require('./middleware/errors');

function libFile(moduleFile) {
  return require.resolve(moduleFile);
}

function createApp(config) {
  var app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);

  app.get('/ping', function (req, res) {
    res.type('text/plain').send('pong');
  });

  // the browser libs come straight from node_modules
  app.get('/libs/jquery.js', function (req, res) {
    res.sendFile(libFile('jquery/dist/jquery.min.js'));
  });
  app.get('/libs/socket.io.js', function (req, res) {
    res.sendFile(libFile('socket.io-client/dist/socket.io.js'));
  });
  app.use(express.static(path.join(__dirname, '..', 'public')));

  app.use('/api', bodyParser.json({ limit: config.http.bodyLimit }));
  app.use('/api/users', require('./routes/users'));
  app.use('/api/rooms', require('./routes/rooms'));
  app.use('/api', require('./routes/misc'));
  app.use('/api', errorHandlers.notFound);
  app.use(errorHandlers.handler);
  return app;
}

/**
 * the app a socket-only process serves next to socket.io: /ping and 404s
 */
function createSocketOnlyApp() {
  var app = express();
  app.disable('x-powered-by');
  app.get('/ping', function (req, res) {
    res.type('text/plain').send('pong');
  });
  app.use(errorHandlers.notFound);
  return app;
}

module.exports = {
  createApp: createApp,
  createSocketOnlyApp: createSocketOnlyApp
};
