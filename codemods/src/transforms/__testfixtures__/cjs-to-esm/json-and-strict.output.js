import { createRequire } from "node:module"
const require = createRequire(import.meta.url)

var pkg = require("./package.json")
import semver from "semver"

export default function version() {
  return semver.valid(pkg.version)
}
export { version as "module.exports" }
