function aliasFunction() {
  // a fresh copy of the library, as bluebird's getNewLibraryCopy
  return { copy: aliasFunction };
}

export default aliasFunction;
export { aliasFunction as 'module.exports' };
