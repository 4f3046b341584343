"use strict"
var pkg = require("./package.json")
var semver = require("semver")

module.exports = function version() {
  return semver.valid(pkg.version)
}
