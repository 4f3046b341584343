var cached = null;

function load(env) {
  return { env: env };
}

function getConfig() {
  if (!cached) {
    cached = load(process.env);
  }
  return cached;
}

export function reset() {
  cached = null;
}
Object.assign(getConfig, { load, reset });
export default getConfig;
export { load, getConfig as 'module.exports' };
