function plugin(options) {
  return { name: 'plugin', options: options };
}
export const version = '1.0';
export const defaults = { strict: true };
Object.assign(plugin, { version, defaults });
export default plugin;
export { plugin as 'module.exports' };
