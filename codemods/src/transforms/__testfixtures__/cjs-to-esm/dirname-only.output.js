console.log(import.meta.dirname);

export {};
