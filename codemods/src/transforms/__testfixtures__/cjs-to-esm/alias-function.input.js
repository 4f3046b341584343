'use strict';
module.exports = function () {
  // a fresh copy of the library, as bluebird's getNewLibraryCopy
  return { copy: module.exports };
};
